package org.lxcri4j.lxc;

/** One snapshot of a container ({@code struct lxc_snapshot}). */
public record Snapshot(String name, String commentPath, String timestamp, String lxcPath) {
}
