package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A container's /proc/self/mountinfo, checked against the config.json that made it, by the
 * runtime-spec's rules: config.md's "The runtime MUST mount entries in the listed order", each
 * entry with its type, source, options and propagation; config-linux.md's masked and read-only
 * paths, which the spec applies to the finished mount tree.
 */
final class MountTable {

    /** One line of mountinfo(5). */
    record Entry(int line, String mountPoint, Set<String> options, List<String> tags, String fsType, String source,
                 Set<String> superOptions) {

        boolean shared() {
            return tags.stream().anyMatch(t -> t.startsWith("shared:"));
        }

        boolean slave() {
            return tags.stream().anyMatch(t -> t.startsWith("master:"));
        }

        boolean unbindable() {
            return tags.contains("unbindable");
        }
    }

    private static final Set<String> PROPAGATION = Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave",
            "unbindable", "runbindable");
    /** mount(8)'s per-mount flags, each with the word mountinfo shows when it is set. */
    private static final Map<String, String> FLAGS = Map.of("ro", "ro", "rw", "rw", "nosuid", "nosuid", "nodev", "nodev",
            "noexec", "noexec", "noatime", "noatime", "nodiratime", "nodiratime", "relatime", "relatime", "nosymfollow", "nosymfollow");
    /** Superblock options: mountinfo shows them in its last field. */
    private static final Set<String> SUPERBLOCK = Set.of("sync", "dirsync", "lazytime");
    /** The flags' opposites: the word mountinfo must then not show. */
    private static final Map<String, String> CLEARS = Map.of("suid", "nosuid", "dev", "nodev", "exec", "noexec",
            "diratime", "nodiratime", "strictatime", "relatime", "atime", "noatime");

    final List<Entry> entries;

    private MountTable(List<Entry> entries) {
        this.entries = entries;
    }

    static MountTable parse(String mountinfo) {
        List<Entry> entries = new ArrayList<>();
        List<String> lines = mountinfo.lines().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            entries.add(new Entry(i, unescape(f[4]), Set.of(f[5].split(",")), List.of(f).subList(6, dash), f[dash + 1],
                    unescape(f[dash + 2]), Set.of(f[dash + 3].split(","))));
        }
        return new MountTable(entries);
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** The spec's destination as the container sees it: relative ones are taken from "/". */
    static String destination(String spec) {
        String d = ("/" + spec).replaceAll("/+", "/");
        return d.length() > 1 && d.endsWith("/") ? d.substring(0, d.length() - 1) : d;
    }

    /** The first mount at {@code path} after line {@code after}, or null. */
    Entry next(String path, int after) {
        return entries.stream().filter(e -> e.line() > after && e.mountPoint().equals(path)).findFirst().orElse(null);
    }

    /**
     * Asserts every entry of {@code config}'s mounts, in its order, and then its read-only and masked
     * paths; returns the line of the last spec mount.
     */
    int assertMountsOf(JsonNode config) {
        int last = -1;
        JsonNode mounts = config.path("mounts");
        String rootPropagation = config.path("linux").path("rootfsPropagation").asText("");
        // a recursive rootfsPropagation other than rprivate is applied last, over every mount's own (as runc does)
        boolean ownPropagation = !rootPropagation.startsWith("r") || rootPropagation.equals("rprivate");
        for (int i = 0; i < mounts.size(); i++) {
            JsonNode m = mounts.get(i);
            String field = "$.mounts[" + i + "] (" + m.path("destination").asText() + ")";
            String dest = destination(m.path("destination").asText());
            boolean remount = false;
            for (JsonNode o : m.path("options")) {
                remount |= o.asText().equals("remount");
            }
            int before = last;
            // a remount changes the mount already there; any other entry is a new mount, after the last
            Entry e = remount ? entries.stream().filter(x -> x.line() <= before && x.mountPoint().equals(dest)).reduce((a, b) -> b).orElse(null)
                    : next(dest, last);
            assertNotNull(e, field + (remount ? " remounts a mount there" : " is mounted after the entries before it") + ":\n" + this);
            last = Math.max(last, e.line());
            String type = m.path("type").asText("");
            if (type.startsWith("cgroup") || remountedLater(mounts, i, dest)) {
                continue; // the container's own cgroups, as a tmpfs of binds on v1 (as runc mounts them); or options a later remount replaced
            }
            List<String> options = new ArrayList<>();
            m.path("options").forEach(o -> options.add(o.asText()));
            boolean bind = type.equals("bind") || options.contains("bind") || options.contains("rbind");
            if (!bind && !remount) {
                assertEquals(type, e.fsType(), field + ".type");
                if (m.hasNonNull("source")) {
                    assertEquals(m.get("source").asText(), e.source(), field + ".source");
                }
            }
            for (String o : options) {
                if (FLAGS.containsKey(o)) {
                    assertTrue(e.options().contains(FLAGS.get(o)) || overridden(options, o), field + " has " + o + ": " + e);
                } else if (CLEARS.containsKey(o) && !overridden(options, o)) {
                    assertFalse(e.options().contains(CLEARS.get(o)), field + " has " + o + ": " + e);
                } else if (o.contains("=") && !bind) {
                    assertData(o, e, field);
                } else if (SUPERBLOCK.contains(o) && !bind) {
                    assertTrue(e.superOptions().contains(o), field + " has " + o + ": " + e);
                }
            }
            String propagation = options.stream().filter(PROPAGATION::contains).reduce((a, b) -> b).orElse(null);
            if (propagation != null && ownPropagation) {
                String kind = propagation.replaceFirst("^r(?=private|shared|slave|unbindable)", "");
                switch (kind) {
                    case "private" -> assertTrue(!e.shared() && !e.slave() && !e.unbindable(), field + " is private: " + e);
                    case "shared" -> assertTrue(e.shared(), field + " is shared: " + e);
                    case "slave" -> assertTrue(e.slave() && !e.shared(), field + " is a slave: " + e);
                    default -> assertTrue(e.unbindable(), field + " is unbindable: " + e);
                }
            }
        }
        assertPathsAfter(config.path("linux").path("readonlyPaths"), last, true);
        assertPathsAfter(config.path("linux").path("maskedPaths"), last, false);
        return last;
    }

    private static boolean remountedLater(JsonNode mounts, int i, String dest) {
        for (int j = i + 1; j < mounts.size(); j++) {
            JsonNode m = mounts.get(j);
            boolean remount = false;
            for (JsonNode o : m.path("options")) {
                remount |= o.asText().equals("remount");
            }
            if (remount && destination(m.path("destination").asText()).equals(dest)) {
                return true;
            }
        }
        return false;
    }

    /** A later option of the same pair (ro after rw, nosuid after suid, ...) wins, as with mount(8). */
    private static boolean overridden(List<String> options, String o) {
        int at = options.lastIndexOf(o);
        List<String> later = options.subList(at + 1, options.size());
        return later.stream().anyMatch(l -> pair(o, l));
    }

    private static boolean pair(String a, String b) {
        Set<Set<String>> pairs = Set.of(Set.of("ro", "rw"), Set.of("suid", "nosuid"), Set.of("dev", "nodev"), Set.of("exec", "noexec"),
                Set.of("atime", "noatime"), Set.of("diratime", "nodiratime"), Set.of("relatime", "norelatime", "strictatime"));
        return !a.equals(b) && pairs.stream().anyMatch(p -> p.contains(a) && p.contains(b));
    }

    /** A filesystem option as the kernel shows it: octal modes without their leading zero. */
    private static void assertData(String option, Entry e, String field) {
        String key = option.substring(0, option.indexOf('='));
        String value = option.substring(option.indexOf('=') + 1);
        if (value.matches("0[0-7]+")) {
            value = value.replaceFirst("^0+(?=.)", "");
        }
        if (value.equals("0") || value.contains("%") || key.equals("max") || (e.fsType().equals("tmpfs") && option.equals("mode=1777"))) {
            return; // defaults the kernel does not list (tmpfs's mode 1777), and sizes it rounds
        }
        assertTrue(e.superOptions().contains(key + "=" + value), field + " has " + option + ": " + e);
    }

    /** Read-only or masked paths: mounted after every spec mount, read-only ones read-only. */
    private void assertPathsAfter(JsonNode paths, int last, boolean readonly) {
        for (JsonNode p : paths) {
            Entry e = next(p.asText(), last);
            if (e == null) {
                assertTrue(entries.stream().noneMatch(x -> x.mountPoint().equals(p.asText())),
                        p.asText() + " is masked or read-only after the spec's mounts:\n" + this);
                continue; // a path the container does not have is skipped, as runc does
            }
            if (readonly) {
                assertTrue(e.options().contains("ro"), p.asText() + " is read-only: " + e);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        entries.forEach(e -> b.append(e).append('\n'));
        return b.toString();
    }
}
