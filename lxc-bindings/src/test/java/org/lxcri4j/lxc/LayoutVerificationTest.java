package org.lxcri4j.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.PaddingLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcri4j.lxc.bindings.bdev_specs;
import org.lxcri4j.lxc.bindings.lxc_attach_command_t;
import org.lxcri4j.lxc.bindings.lxc_attach_options_t;
import org.lxcri4j.lxc.bindings.lxc_console_log;
import org.lxcri4j.lxc.bindings.lxc_container;
import org.lxcri4j.lxc.bindings.lxc_groups_t;
import org.lxcri4j.lxc.bindings.lxc_log;
import org.lxcri4j.lxc.bindings.lxc_mount;
import org.lxcri4j.lxc.bindings.lxc_snapshot;
import org.lxcri4j.lxc.bindings.migrate_opts;

/**
 * Compiles a probe against the installed liblxc headers that prints sizeof, alignof and, for every
 * field the Java layouts declare, offsetof and sizeof; any difference fails. A liblxc upgrade that
 * moves, resizes or adds a field turns this red instead of corrupting memory.
 */
class LayoutVerificationTest {

    /** Every struct the generated layer declares, by its C tag. */
    static final Map<String, GroupLayout> STRUCTS = new LinkedHashMap<>();

    static {
        STRUCTS.put("lxc_container", lxc_container.layout());
        STRUCTS.put("lxc_snapshot", lxc_snapshot.layout());
        STRUCTS.put("bdev_specs", bdev_specs.layout());
        STRUCTS.put("migrate_opts", migrate_opts.layout());
        STRUCTS.put("lxc_console_log", lxc_console_log.layout());
        STRUCTS.put("lxc_mount", lxc_mount.layout());
        STRUCTS.put("lxc_log", lxc_log.layout());
        STRUCTS.put("lxc_groups_t", lxc_groups_t.layout());
        STRUCTS.put("lxc_attach_command_t", lxc_attach_command_t.layout());
        STRUCTS.put("lxc_attach_options_t", lxc_attach_options_t.layout());
    }

    @Test
    void everyDeclaredStructAndFieldMatchesTheInstalledHeaders(@TempDir Path dir) throws Exception {
        Map<String, Long> expected = new LinkedHashMap<>();
        StringBuilder c = new StringBuilder("""
                #include <stddef.h>
                #include <stdio.h>
                #include <lxc/lxccontainer.h>
                #include <lxc/attach_options.h>
                int main(void) {
                """);
        for (var e : STRUCTS.entrySet()) {
            String type = "struct " + e.getKey();
            GroupLayout layout = e.getValue();
            assertEquals(e.getKey(), layout.name().orElseThrow(), "layout name");
            probe(c, expected, e.getKey() + " sizeof", "sizeof(" + type + ")", layout.byteSize());
            probe(c, expected, e.getKey() + " alignof", "_Alignof(" + type + ")", layout.byteAlignment());
            for (Field f : fields(layout, "", List.of())) {
                PathElement[] path = f.path().toArray(PathElement[]::new);
                probe(c, expected, e.getKey() + "." + f.name() + " offsetof",
                        "offsetof(" + type + ", " + f.name() + ")", layout.byteOffset(path));
                probe(c, expected, e.getKey() + "." + f.name() + " sizeof",
                        "sizeof(((" + type + " *)0)->" + f.name() + ")", layout.select(path).byteSize());
            }
        }
        c.append("    return 0;\n}\n");

        Path source = dir.resolve("layout_probe.c");
        Path binary = dir.resolve("layout_probe");
        Files.writeString(source, c);
        run(dir, "gcc", "-Wall", "-Werror", "-o", binary.toString(), source.toString());
        Map<String, Long> actual = new LinkedHashMap<>();
        for (String line : run(dir, binary.toString()).lines().toList()) {
            int eq = line.lastIndexOf('=');
            actual.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }

        List<String> mismatches = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                mismatches.add(k + ": Java " + v + ", C " + actual.get(k));
            }
        });
        assertEquals(expected.keySet(), actual.keySet());
        assertTrue(mismatches.isEmpty(), "layouts differ from the installed headers:\n" + String.join("\n", mismatches));
        // lxc_container alone: 11 data fields + 61 function pointers, each with offset and size.
        assertTrue(expected.size() > 2 * 72, "probe covered " + expected.size() + " values");
    }

    record Field(String name, List<PathElement> path) {
    }

    /** Every named non-padding leaf of {@code layout}, with its C member designator and layout path. */
    static List<Field> fields(GroupLayout layout, String prefix, List<PathElement> parent) {
        List<Field> out = new ArrayList<>();
        for (MemoryLayout m : layout.memberLayouts()) {
            if (m instanceof PaddingLayout) {
                continue;
            }
            String name = m.name().orElseThrow(() -> new AssertionError("unnamed member in " + layout));
            List<PathElement> path = new ArrayList<>(parent);
            path.add(PathElement.groupElement(name));
            out.add(new Field(prefix + name, path));
            if (m instanceof GroupLayout g) {
                out.addAll(fields(g, prefix + name + ".", path));
            }
        }
        return out;
    }

    private static void probe(StringBuilder c, Map<String, Long> expected, String key, String expr, long javaValue) {
        c.append("    printf(\"%s=%zu\\n\", \"").append(key).append("\", (size_t)(").append(expr).append("));\n");
        expected.put(key, javaValue);
    }

    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
