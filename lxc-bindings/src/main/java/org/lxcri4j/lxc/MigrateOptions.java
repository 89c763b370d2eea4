package org.lxcri4j.lxc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.lxc.bindings.migrate_opts;

/**
 * Options for {@link LxcContainer#migrate} ({@code struct migrate_opts}).
 *
 * @param featuresToCheck {@code FEATURE_*} bits for {@link MigrateCommand#FEATURE_CHECK}
 */
public record MigrateOptions(@Nullable Path directory, boolean verbose, boolean stop, @Nullable String predumpDir,
                             @Nullable String pageServerAddress, @Nullable String pageServerPort, boolean preservesInodes,
                             @Nullable String actionScript, boolean disableSkipInFlight, long ghostLimit,
                             long featuresToCheck) {

    /** CRIU's memory tracking ({@code FEATURE_MEM_TRACK}). */
    public static final long FEATURE_MEM_TRACK = org.lxcri4j.lxc.bindings.lxc_h.FEATURE_MEM_TRACK();
    /** CRIU's lazy pages ({@code FEATURE_LAZY_PAGES}). */
    public static final long FEATURE_LAZY_PAGES = org.lxcri4j.lxc.bindings.lxc_h.FEATURE_LAZY_PAGES();

    /** Dump to or restore from {@code directory} with every other option at its default. */
    public static MigrateOptions of(Path directory, boolean stop) {
        return new MigrateOptions(directory, false, stop, null, null, null, false, null, false, 0, 0);
    }

    MemorySegment toNative(Arena arena) {
        MemorySegment s = migrate_opts.allocate(arena);
        migrate_opts.directory(s, CStrings.of(arena, directory == null ? null : directory.toString()));
        migrate_opts.verbose(s, verbose);
        migrate_opts.stop(s, stop);
        migrate_opts.predump_dir(s, CStrings.of(arena, predumpDir));
        migrate_opts.pageserver_address(s, CStrings.of(arena, pageServerAddress));
        migrate_opts.pageserver_port(s, CStrings.of(arena, pageServerPort));
        migrate_opts.preserves_inodes(s, preservesInodes);
        migrate_opts.action_script(s, CStrings.of(arena, actionScript));
        migrate_opts.disable_skip_in_flight(s, disableSkipInFlight);
        migrate_opts.ghost_limit(s, ghostLimit);
        migrate_opts.features_to_check(s, featuresToCheck);
        return s;
    }
}
