package org.lxcri4j.runtime.operation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.json.JsonWriter;
import org.lxcri4j.runtime.spec.Hook;
import org.lxcri4j.runtime.spec.State;

/** Runs OCI hooks with the state JSON on stdin and their timeouts; a failure carries the hook's stderr. */
final class HookRunner {

    private HookRunner() {
    }

    static void run(String kind, List<Hook> hooks, State state) {
        byte[] json = JsonWriter.write(state, false).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < hooks.size(); i++) {
            Hook h = hooks.get(i);
            String name = kind + "[" + i + "] " + h.path();
            List<String> argv = new ArrayList<>();
            if (h.args() != null && !h.args().isEmpty()) {
                argv.addAll(h.args());
            } else {
                argv.add(h.path());
            }
            // The hook's argv[0] is args[0]; the program is path.
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().clear();
            if (h.env() != null) {
                for (String e : h.env()) {
                    int eq = e.indexOf('=');
                    if (eq > 0) {
                        pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
                    }
                }
            }
            argv.set(0, h.path());
            Process p;
            try {
                p = pb.command(argv).start();
            } catch (IOException e) {
                throw new OciException("hook " + name + ": " + e.getMessage());
            }
            try (OutputStream in = p.getOutputStream()) {
                in.write(json);
            } catch (IOException ignored) {
                // a hook need not read its stdin
            }
            try {
                boolean done = h.timeout() == null ? p.waitFor() >= 0 : p.waitFor(h.timeout(), TimeUnit.SECONDS);
                if (!done) {
                    p.destroyForcibly();
                    throw new OciException("hook " + name + " timed out after " + h.timeout() + "s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new OciException("hook " + name + " interrupted");
            }
            if (p.exitValue() != 0) {
                String out;
                try {
                    out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().replace('\n', ' ');
                } catch (IOException e) {
                    out = "";
                }
                throw new OciException("hook " + name + " exited with " + p.exitValue() + (out.isEmpty() ? "" : ": " + out));
            }
        }
    }
}
