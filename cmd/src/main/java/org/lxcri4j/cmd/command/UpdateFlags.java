package org.lxcri4j.cmd.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.SpecReader;
import org.lxcri4j.runtime.spec.BlockIO;
import org.lxcri4j.runtime.spec.Cpu;
import org.lxcri4j.runtime.spec.Memory;
import org.lxcri4j.runtime.spec.Pids;
import org.lxcri4j.runtime.spec.Resources;

/** `update`'s input: a linux.resources document (--resources FILE or - for stdin), or runc's flags. */
final class UpdateFlags {

    private UpdateFlags() {
    }

    static Resources resources(Args a) {
        for (String unsupported : List.of("kernel-memory", "kernel-memory-tcp", "cpu-rt-period", "cpu-rt-runtime",
                "l3-cache-schema", "mem-bw-schema")) {
            if (a.get(unsupported) != null) {
                throw new OciException("update: --" + unsupported + " is not supported");
            }
        }
        String file = a.get("resources");
        if (file != null) {
            if (!file.equals("-")) {
                return SpecReader.readPart(Path.of(file), Resources.class);
            }
            try {
                return SpecReader.parsePart(new String(System.in.readAllBytes(), StandardCharsets.UTF_8), "stdin",
                        Resources.class);
            } catch (IOException e) {
                throw new OciException("update: cannot read stdin: " + e.getMessage());
            }
        }
        Memory memory = null;
        if (a.get("memory") != null || a.get("memory-reservation") != null || a.get("memory-swap") != null) {
            memory = new Memory(number(a, "memory"), number(a, "memory-reservation"), number(a, "memory-swap"),
                    null, null, null, null, null, null);
        }
        Cpu cpu = null;
        if (a.get("cpu-shares") != null || a.get("cpu-quota") != null || a.get("cpu-period") != null
                || a.get("cpuset-cpus") != null || a.get("cpuset-mems") != null) {
            cpu = new Cpu(number(a, "cpu-shares"), number(a, "cpu-quota"), null, number(a, "cpu-period"), null, null,
                    a.get("cpuset-cpus"), a.get("cpuset-mems"), null);
        }
        Pids pids = a.get("pids-limit") == null ? null : new Pids(number(a, "pids-limit"));
        BlockIO blkio = a.get("blkio-weight") == null ? null
                : new BlockIO(number(a, "blkio-weight").intValue(), null, null, null, null, null, null);
        if (memory == null && cpu == null && pids == null && blkio == null) {
            throw new OciException("update: nothing to update (give --resources or a resource flag)");
        }
        return new Resources(null, memory, cpu, pids, blkio, null, null, null, null);
    }

    /** A number as runc takes it: bytes may carry k/m/g suffixes; -1 means unlimited. */
    private static Long number(Args a, String flag) {
        String v = a.get(flag);
        if (v == null) {
            return null;
        }
        String s = v.strip().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        if (s.endsWith("k") || s.endsWith("m") || s.endsWith("g")) {
            unit = switch (s.charAt(s.length() - 1)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Long.parseLong(s) * unit;
        } catch (NumberFormatException e) {
            throw new OciException("update: --" + flag + " " + v + ": not a number");
        }
    }
}
