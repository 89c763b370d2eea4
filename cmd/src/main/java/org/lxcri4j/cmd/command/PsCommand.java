package org.lxcri4j.cmd.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.json.JsonWriter;

/**
 * {@code ps [--format table|json] ID [-- PS_OPTIONS]}: json, the host pids; table, the host's
 * {@code ps} (-ef by default) limited to the container's processes, as runc.
 */
public record PsCommand(String id, @Nullable String format, List<String> psOptions) implements Command {

    static PsCommand parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of("format|f"), Set.of(), true);
        List<String> rest = a.rest();
        if (rest.isEmpty()) {
            throw new OciException("ps: usage: ps [--format table|json] ID [-- PS_OPTIONS]");
        }
        if (a.get("format") != null && !List.of("table", "json").contains(a.get("format"))) {
            throw new OciException("invalid format " + a.get("format") + " (table or json)");
        }
        List<String> options = rest.subList(1, rest.size());
        if (!options.isEmpty() && options.getFirst().equals("--")) {
            options = options.subList(1, options.size());
        }
        return new PsCommand(rest.getFirst(), a.get("format"), List.copyOf(options));
    }

    @Override
    public int run(ContainerRuntime runtime) {
        List<Integer> pids = runtime.container(id).pids();
        if ("json".equals(format)) {
            System.out.println(JsonWriter.write(pids, false));
            return 0;
        }
        List<String> cmd = new ArrayList<>(List.of("ps"));
        cmd.addAll(psOptions.isEmpty() ? List.of("-ef") : psOptions);
        List<String> lines;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (p.waitFor() != 0) {
                throw new OciException("ps " + String.join(" ", psOptions) + " failed: " + String.join(" ", lines));
            }
        } catch (IOException e) {
            throw new OciException("cannot run ps: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted");
        }
        int column = List.of(lines.getFirst().trim().split("\\s+")).indexOf("PID");
        if (column < 0) {
            throw new OciException("ps output has no PID column");
        }
        System.out.println(lines.getFirst());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > column && f[column].matches("\\d+") && pids.contains(Integer.parseInt(f[column]))) {
                System.out.println(line);
            }
        }
        return 0;
    }
}
