package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The README's lab test is {@code example/WebTierTest.java}, which runs with the suite: they cannot drift apart. */
class ReadmeExampleTest {

    @Test
    void theReadmeShowsTheExampleThatRuns() throws Exception {
        String example = Files.readString(Path.of("src/test/java/example/WebTierTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains("```java\n" + example + "```\n"), "README.md's lab example differs from example/WebTierTest.java");
    }
}
