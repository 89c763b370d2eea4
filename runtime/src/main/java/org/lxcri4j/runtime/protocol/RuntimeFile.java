package org.lxcri4j.runtime.protocol;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The files of a container's runtime directory {@code ROOT/ID} and of its box (what only the
 * init reads, handed to it as a descriptor), by the name both the runtime and the C helpers use.
 * runtime/README.md describes each.
 */
public enum RuntimeFile {
    CONFIG("config", false),
    RECORD("record", false),
    INIT_BINARY("init", false),
    BOX("box", false),
    HOOK_CONF("hook.conf", false),
    EXEC_RECORDS("exec.records", false),
    PLANNED_CGROUPS("cgroups", false),
    LXC_LOG("lxc.log", false),
    EXIT_STATUS("exit-status", false),
    STARTED("started", false),
    PAUSED("paused", false),
    CREATE_SOCKET("create.sock", false),
    INIT_CONF("init.conf", true),
    SYNC_FIFO("syncfifo", true),
    READY_FIFO("ready", true),
    START_STATE("state.json", true),
    SECCOMP_PROGRAM("seccomp.bpf", true),
    HELD_SOURCES("sources", true),
    SETNS("setns", true),
    HOOK_ERRORS("hook.errors", true),
    CREATE_HOOKS("create.conf", true),
    CREATE_STATE("create-state.json", true),
    CREATED_FIFO("created", true),
    PROCEED_FIFO("proceed", true);

    /** Where the init binary appears in the container: on the spec's /dev tmpfs. */
    public static final String INIT_DIR = "dev/.lxcri4j";

    private final String fileName;
    private final boolean inBox;

    RuntimeFile(String fileName, boolean inBox) {
        this.fileName = fileName;
        this.inBox = inBox;
    }

    public String fileName() {
        return fileName;
    }

    public boolean inBox() {
        return inBox;
    }

    /** Its path, given the container's runtime directory. */
    public Path in(Path containerDir) {
        return inBox ? containerDir.resolve(BOX.fileName).resolve(fileName) : containerDir.resolve(fileName);
    }

    public String macro() {
        return "FILE_" + name().toUpperCase(Locale.ROOT);
    }
}
