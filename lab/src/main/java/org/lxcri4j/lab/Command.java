package org.lxcri4j.lab;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A program to run in a node with {@link Node#exec(Command)}.
 *
 * @param argv    the program and its arguments, looked up on the node's {@code PATH}
 * @param env     variables added to the node's environment
 * @param input   what the program reads on stdin (then end of file)
 * @param timeout how long it may run before it is killed and {@link ExecTimeoutException} thrown
 * @param cwd     its working directory, or {@code null} for {@code /}
 */
public record Command(List<String> argv, Map<String, String> env, byte[] input, Duration timeout, @Nullable String cwd) {

    /** How long a command may run unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Command {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        input = input.clone();
        if (argv.isEmpty() || argv.getFirst().isEmpty()) {
            throw new IllegalArgumentException("a command needs a program");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** {@code argv} with no input, no extra environment and the default timeout. */
    public static Command of(String... argv) {
        return new Command(List.of(argv), Map.of(), new byte[0], DEFAULT_TIMEOUT, null);
    }

    /** {@code /bin/sh -c script}. */
    public static Command shell(String script) {
        return of("/bin/sh", "-c", script);
    }

    public Command withTimeout(Duration value) {
        return new Command(argv, env, input, value, cwd);
    }

    public Command withInput(byte[] value) {
        return new Command(argv, env, value, timeout, cwd);
    }

    public Command withInput(String value) {
        return withInput(value.getBytes(StandardCharsets.UTF_8));
    }

    public Command withEnv(String variable, String value) {
        Map<String, String> m = new LinkedHashMap<>(env);
        m.put(variable, value);
        return new Command(argv, m, input, timeout, cwd);
    }

    public Command withCwd(String value) {
        return new Command(argv, env, input, timeout, value);
    }

    @Override
    public byte[] input() {
        return input.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && argv.equals(c.argv) && env.equals(c.env)
                && java.util.Arrays.equals(input, c.input) && timeout.equals(c.timeout) && java.util.Objects.equals(cwd, c.cwd);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(argv, env, java.util.Arrays.hashCode(input), timeout, cwd);
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
