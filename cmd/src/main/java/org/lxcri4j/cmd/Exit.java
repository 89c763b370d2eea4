package org.lxcri4j.cmd;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** _exit(2): ends the process without the C library's exit handlers and library destructors. */
final class Exit {

    private Exit() {
    }

    /** Whether liblxc is mapped into this process. */
    static boolean liblxcLoaded() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/maps")).contains("/liblxc.so");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    static void immediately(int status) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle exit = linker.downcallHandle(linker.defaultLookup().find("_exit").orElseThrow(),
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            exit.invokeExact(status);
        } catch (Throwable t) {
            Runtime.getRuntime().halt(status);
        }
    }
}
