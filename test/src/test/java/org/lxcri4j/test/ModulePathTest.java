package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installed jars as JPMS modules: a program on the module path sees the API and nothing else. */
class ModulePathTest {

    @TempDir
    Path tmp;

    private String compile(String imports) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src-" + imports.hashCode()).resolve("demo/demo"));
        Files.writeString(src.getParent().resolve("module-info.java"), "module demo { requires org.lxcri4j.runtime; }");
        Files.writeString(src.resolve("Main.java"), "package demo;\n" + imports + """
                public class Main {
                    public static void main(String[] args) {
                        System.out.println(org.lxcri4j.runtime.ContainerRuntime.OCI_VERSION);
                    }
                }
                """);
        String modulePath;
        try (Stream<Path> jars = Files.list(Cli.BINARY.getParent().resolve("../lib"))) {
            modulePath = jars.filter(j -> j.toString().endsWith(".jar") && !j.getFileName().toString().startsWith("cmd-"))
                    .map(Path::toString).collect(Collectors.joining(":"));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, err, "--module-path", modulePath, "-d",
                tmp.resolve("out").toString(), "--module-source-path", src.getParent().getParent().toString(), "-m", "demo");
        return status + " " + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theExportedPackagesAreUsable() throws IOException {
        String result = compile("""
                import org.lxcri4j.runtime.*;
                import org.lxcri4j.runtime.spec.*;
                import org.lxcri4j.lxc.*;
                import org.lxcri4j.lxc.lab.*;
                """);
        assertTrue(result.startsWith("0 "), result);
    }

    @Test
    void theInternalsAreNot() throws IOException {
        for (String internal : List.of("org.lxcri4j.runtime.operation.RuntimeContext", "org.lxcri4j.runtime.json.JsonWriter",
                "org.lxcri4j.runtime.protocol.RecordKey", "org.lxcri4j.lxc.bindings.lxc_h")) {
            String result = compile("import " + internal + ";\n");
            assertEquals("1", result.substring(0, 1), internal + ": " + result);
            assertTrue(result.contains("is not visible"), result);
        }
    }
}
