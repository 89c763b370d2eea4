package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * bin/lxcri4j answers state, start, kill, pause, resume, ps and delete without a JVM, and hands
 * everything else to the Java CLI. (The whole suite also runs with LXCRI4J_JVM=1, through Java
 * alone: see test/pom.xml.)
 */
class FrontEndTest extends RuntimeTestBase {

    /** The CLI with an environment in which no JVM can start. */
    private Cli.Result withoutJvm(String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "JAVA_TOOL_OPTIONS=-XX:+NoSuchOptionSoNoJvmStarts",
                Cli.BINARY.toString(), "--root", root.toString(), "--log", log.toString(), "--log-format", "json"));
        argv.addAll(List.of(args));
        return Cli.exec(argv);
    }

    @Test
    void theCallsThatTranslateNothingRunWithoutAJvm() throws Exception {
        assumeTrue(System.getenv("LXCRI4J_JVM") == null, "this run forces the JVM path");
        String id = newId();
        assertEquals(0, create(id, bundle().args("sleep", "1000")).exit());
        Cli.Result list = withoutJvm("list");
        assertNotEquals(0, list.exit(), "a JVM cannot start here: " + list);
        assertTrue(list.stderr().contains("NoSuchOptionSoNoJvmStarts"), list.stderr());

        for (String[] call : List.of(new String[] {"start", id}, new String[] {"pause", id}, new String[] {"resume", id},
                new String[] {"ps", "--format", "json", id}, new String[] {"ps", id}, new String[] {"kill", id, "KILL"})) {
            Cli.Result r = withoutJvm(call);
            assertEquals(0, r.exit(), String.join(" ", call) + ": " + r);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        String status;
        do {
            Cli.Result state = withoutJvm("state", id);
            assertEquals(0, state.exit(), state.toString());
            status = Bundle.JSON.readTree(state.stdout()).get("status").asText();
        } while (!status.equals("stopped") && System.nanoTime() < deadline);
        assertEquals("stopped", status);
        assertEquals(0, withoutJvm("delete", id).exit());
        assertEquals(List.of(), waitForNoLeftovers(id, tmp));
        // errors it can word itself, in the same form: one line, and the log's entry
        assertFailure(withoutJvm("state", id), "container " + id + " does not exist");
        assertEquals(0, withoutJvm("delete", "--force", id).exit());
    }

    /** The CLI through the Java runtime alone. */
    private Cli.Result throughJava(String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "LXCRI4J_JVM=1", Cli.BINARY.toString(), "--root", root.toString(),
                "--log", log.toString(), "--log-format", "json"));
        argv.addAll(List.of(args));
        return Cli.exec(argv);
    }

    @Test
    void itsAnswersAreJavasByteForByte() throws Exception {
        assumeTrue(System.getenv("LXCRI4J_JVM") == null, "this run forces the JVM path");
        Bundle b = bundle().args("sleep", "1000");
        b.config.putObject("annotations").put("org.example/quote", "a \"quoted\" \\ value\twith\u0001controls")
                .put("org.example/unicode", "caf\u00e9 \u2603").put("a", "");
        String id = newId();
        assertEquals(0, create(id, b).exit());
        for (String[] call : List.of(new String[] {"state", id}, new String[] {"ps", "--format", "json", id})) {
            Cli.Result c = cli(call);
            Cli.Result java = throughJava(call);
            assertEquals(java, c, String.join(" ", call));
        }
        assertEquals(0, cli("start", id).exit());
        assertEquals(throughJava("state", id), cli("state", id));
        assertEquals(0, cli("pause", id).exit());
        assertEquals(throughJava("state", id), cli("state", id));
        for (String[] call : List.of(new String[] {"start", id}, new String[] {"delete", id}, new String[] {"pause", id},
                new String[] {"state", "no-such"}, new String[] {"kill", "no-such"})) {
            Cli.Result c = cli(call);
            Cli.Result java = throughJava(call);
            assertEquals(java.exit(), c.exit(), String.join(" ", call));
            assertEquals(java.stderr(), c.stderr(), String.join(" ", call));
        }
        List<String> lines = Files.readAllLines(log);
        for (int i = lines.size() - 10; i < lines.size(); i += 2) {
            // the same entry but for its time
            assertEquals(lines.get(i).replaceAll("\"time\":\"[^\"]*\"", ""), lines.get(i + 1).replaceAll("\"time\":\"[^\"]*\"", ""));
        }
    }

    @Test
    void whatItCannotAnswerExactlyGoesToJava() throws Exception {
        assumeTrue(System.getenv("LXCRI4J_JVM") == null, "this run forces the JVM path");
        // an invalid id, an unknown signal, --debug: Java words these
        for (String[] call : List.of(new String[] {"state", "../x"}, new String[] {"kill", "x", "NOSUCHSIGNAL"},
                new String[] {"--debug", "state", "x"})) {
            Cli.Result r = withoutJvm(call);
            assertTrue(r.stderr().contains("NoSuchOptionSoNoJvmStarts"), String.join(" ", call) + " went to Java: " + r);
            Cli.Result java = cli(call);
            assertNotEquals(0, java.exit(), java.toString());
        }
    }
}
