package org.lxcri4j.cmd.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.runtime.CreateOptions;
import org.lxcri4j.runtime.OciException;

/**
 * runc-style flag parsing (urfave/cli): {@code --name value}, {@code --name=value}, single-dash
 * forms and short aliases; flags end at the first positional argument or at {@code --}.
 */
final class Args {

    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final List<String> rest;

    private Args(List<String> rest) {
        this.rest = rest;
    }

    /**
     * @param valued  flag names taking a value (aliases as "name|a")
     * @param boolean_ flag names without one
     */
    static Args parse(List<String> argv, Set<String> valued, Set<String> boolean_, boolean stopAtPositional) {
        Args a = new Args(new ArrayList<>());
        int i = 0;
        while (i < argv.size()) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                a.positional.addAll(argv.subList(i + 1, argv.size()));
                break;
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                String body = arg.replaceFirst("^--?", "");
                String name = body;
                String value = null;
                int eq = body.indexOf('=');
                if (eq >= 0) {
                    name = body.substring(0, eq);
                    value = body.substring(eq + 1);
                }
                String v = canonical(name, valued);
                String b = canonical(name, boolean_);
                if (v != null) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw new OciException("flag needs an argument: -" + name);
                        }
                        value = argv.get(++i);
                    }
                    a.values.computeIfAbsent(v, k -> new ArrayList<>()).add(value);
                } else if (b != null) {
                    a.values.computeIfAbsent(b, k -> new ArrayList<>()).add(value == null ? "true" : value);
                } else {
                    throw new OciException("flag provided but not defined: -" + name);
                }
                i++;
                continue;
            }
            if (stopAtPositional) {
                a.rest.addAll(argv.subList(i, argv.size()));
                break;
            }
            a.positional.add(arg);
            i++;
        }
        return a;
    }

    private static String canonical(String name, Set<String> specs) {
        for (String s : specs) {
            for (String alias : s.split("\\|")) {
                if (alias.equals(name)) {
                    return s.split("\\|")[0];
                }
            }
        }
        return null;
    }

    /** The flag's value; the last one when repeated. */
    @Nullable String get(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.getLast();
    }

    /** Every value of a repeatable flag, in order. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return "true".equals(get(name));
    }

    List<String> positional() {
        return positional;
    }

    /** What followed the first positional argument (the command and its own arguments). */
    List<String> rest() {
        return rest;
    }

    /** The one positional argument of {@code command}: the container id. */
    String id(String command) {
        if (positional.size() != 1) {
            throw new OciException(command + ": expects exactly one container id, got " + positional.size());
        }
        return positional.getFirst();
    }

    /** --bundle, the current directory by default. */
    Path bundle() {
        return Path.of(get("bundle") == null ? "." : get("bundle"));
    }

    /** A flag's value as a path, null when absent or empty. */
    @Nullable Path path(String name) {
        String p = get(name);
        return p == null || p.isEmpty() ? null : Path.of(p);
    }

    /** --preserve-fds N: a count of descriptors from 3 up. */
    int preservedFds() {
        String n = get("preserve-fds");
        if (n == null) {
            return 0;
        }
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new OciException("--preserve-fds " + n + ": not a number");
        }
    }

    /** create's and run's options. */
    CreateOptions createOptions() {
        return CreateOptions.defaults().withPidFile(path("pid-file")).withConsoleSocket(path("console-socket"))
                .withPreservedFds(preservedFds());
    }
}
