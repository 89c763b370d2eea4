package org.lxcri4j.runtime.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.lxcri4j.runtime.ContainerRuntime;

/**
 * Generates {@code lxcri4j-protocol.h}, the C side of the runtime's protocol with its helpers:
 * record keys, runtime-directory file names, the init's and the hook's modes, the namespace
 * table. The libexec and hooks builds run it before they compile (their pom.xml).
 */
public final class CHeader {

    /** lxcri4j-init's modes: the container's first process, an exec, the createContainer hooks. */
    public static final String INIT_BOX_FD = "--box-fd";
    public static final String INIT_EXEC_FD = "--exec-fd";
    public static final String INIT_CREATE_HOOKS = "--create-hooks";
    /** lxcri4j-hook's phases as liblxc's mount and stop hooks. */
    public static final String HOOK_ALL = "--all";
    public static final String HOOK_DEVICES = "--devices";
    public static final String HOOK_PATHS = "--paths";
    public static final String HOOK_STOP = "--stop";

    private CHeader() {
    }

    public static String text() {
        StringBuilder b = new StringBuilder();
        b.append("/* lxcri4j-protocol.h: generated from org.lxcri4j.runtime.protocol at build time; do not edit. */\n");
        b.append("#ifndef LXCRI4J_PROTOCOL_H\n#define LXCRI4J_PROTOCOL_H\n\n");
        b.append("/* Record keys: NUL-terminated KEY=VALUE records (RecordKey.java). */\n");
        for (RecordKey k : RecordKey.values()) {
            b.append(define(k.macro(), k.key, k.reader.name().toLowerCase(java.util.Locale.ROOT) + ": " + k.meaning));
        }
        b.append("\n/* Files of the runtime directory and of the box (RuntimeFile.java). */\n");
        for (RuntimeFile f : RuntimeFile.values()) {
            b.append(define(f.macro(), f.fileName(), f.inBox() ? "in the box" : "in the runtime directory"));
        }
        b.append(define("INIT_DIR", RuntimeFile.INIT_DIR, "the init binary's directory in the container"));
        b.append("\n/* The create socket's lines, a word and maybe a value (CreateMessage.java). */\n");
        for (CreateMessage m : CreateMessage.values()) {
            b.append(define(m.macro(), m.word, null));
        }
        b.append("\n/* The runtime's defaults (ContainerRuntime.java). */\n");
        b.append(define("DEFAULT_ROOT", ContainerRuntime.DEFAULT_ROOT.toString(), "runc's --root"));
        b.append(define("OCI_VERSION", ContainerRuntime.OCI_VERSION, "the state's ociVersion"));
        b.append("\n/* Modes of lxcri4j-init and lxcri4j-hook. */\n");
        b.append(define("MODE_BOX_FD", INIT_BOX_FD, null)).append(define("MODE_EXEC_FD", INIT_EXEC_FD, null))
                .append(define("MODE_CREATE_HOOKS", INIT_CREATE_HOOKS, null)).append(define("PHASE_ALL", HOOK_ALL, null))
                .append(define("PHASE_DEVICES", HOOK_DEVICES, null)).append(define("PHASE_PATHS", HOOK_PATHS, null))
                .append(define("PHASE_STOP", HOOK_STOP, null));
        b.append("\n/* X(entry in /proc/PID/ns once entered, the other's entry, CLONE_NEW* flag), user namespace first (Namespace.java). */\n");
        b.append("#define NAMESPACES(X)");
        for (Namespace n : Namespace.values()) {
            b.append(" \\\n\tX(\"").append(n.enteredEntry()).append("\", \"").append(n.lxcName()).append("\", ").append(n.macro()).append(")");
        }
        b.append("\n\n#endif\n");
        return b.toString();
    }

    private static String define(String macro, String value, String comment) {
        return "#define " + macro + " \"" + value + "\"" + (comment == null ? "" : " /* " + comment + " */") + "\n";
    }

    /** Writes the header to {@code args[0]}, unless it already holds exactly this text. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String text = text();
        if (Files.exists(out) && Files.readString(out).equals(text)) {
            return; // unchanged: make's timestamps stay
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }
}
