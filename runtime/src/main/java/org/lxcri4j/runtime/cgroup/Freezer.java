package org.lxcri4j.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.lxcri4j.runtime.OciException;

/**
 * The cgroup freezer of a container, found through its process's cgroup membership: v1's
 * freezer.state or v2's cgroup.freeze. Freezing waits until the kernel reports every task frozen.
 */
public final class Freezer {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final boolean v2;

    private Freezer(Path dir, boolean v2) {
        this.dir = dir;
        this.v2 = v2;
    }

    /** The freezer of a container's cgroups. */
    public static Freezer of(CgroupFiles cgroups) {
        return new Freezer(cgroups.dir("freezer"), CgroupLayout.host().v2());
    }

    public boolean frozen() {
        try {
            return v2 ? Files.readString(dir.resolve("cgroup.events")).contains("frozen 1")
                    : Files.readString(dir.resolve("freezer.state")).strip().equals("FROZEN");
        } catch (IOException e) {
            return false;
        }
    }

    public void freeze(boolean freeze) {
        try {
            if (v2) {
                Files.writeString(dir.resolve("cgroup.freeze"), freeze ? "1" : "0");
            } else {
                Files.writeString(dir.resolve("freezer.state"), freeze ? "FROZEN" : "THAWED");
            }
        } catch (IOException e) {
            throw new OciException((freeze ? "freezing " : "thawing ") + dir + ": " + e.getMessage());
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (frozen() != freeze) {
            if (System.nanoTime() > deadline) {
                throw new OciException((freeze ? "freezing " : "thawing ") + dir + " did not finish within "
                        + TIMEOUT.toSeconds() + "s");
            }
            Thread.onSpinWait();
        }
    }
}
