package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lxcri4j.lxc.*;
import org.lxcri4j.lxc.lab.*;
import org.lxcri4j.runtime.*;
import org.lxcri4j.runtime.spec.*;

/**
 * Compiles only while no exported package shadows java.lang: with every exported package
 * imported whole, Runtime and Process must still be java.lang's.
 */
class ApiNamesTest {

    @Test
    void javaLangNamesStayJavaLangs() throws Exception {
        assertTrue(Runtime.getRuntime().availableProcessors() > 0);
        Process p = new ProcessBuilder("true").start();
        assertEquals(0, p.waitFor());
        ContainerRuntime runtime = ContainerRuntime.open(java.nio.file.Path.of("/nonexistent"), ContainerRuntime.DEFAULT_LIBEXEC);
        assertTrue(runtime.find("x").isEmpty());
        ProcessSpec spec = new ProcessSpec(null, null, null, java.util.List.of("true"), null, null, "/", null, null, null, null,
                null, null, null, null, null);
        assertEquals("true", spec.args().getFirst());
        assertTrue(Lxc.version().startsWith("5."));
    }
}
