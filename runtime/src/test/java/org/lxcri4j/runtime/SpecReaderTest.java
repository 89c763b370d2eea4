package org.lxcri4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lxcri4j.runtime.spec.Spec;

class SpecReaderTest {

    private static final String MINIMAL = """
            {"ociVersion": "1.2.0", "root": {"path": "rootfs"},
             "process": {"args": ["sh"], "cwd": "/", "futureField": {"x": 1}},
             "someExtension": [1, 2, 3]%s}
            """;

    @Test
    void unknownPropertiesAreIgnoredAndAbsentOnesAreNull() {
        Spec s = SpecReader.parse(MINIMAL.formatted(""), "config.json");
        assertEquals(List.of("sh"), s.process().args());
        assertNull(s.hostname());
        assertNull(s.linux());
    }

    @Test
    void typeMismatchNamesTheJsonPath() {
        OciException e = assertThrows(OciException.class, () -> SpecReader.parse(
                MINIMAL.formatted(", \"linux\": {\"resources\": {\"pids\": {\"limit\": \"many\"}}}"), "config.json"));
        assertEquals("config.json: invalid value at $.linux.resources.pids.limit: expected a 64-bit integer, got a string",
                e.getMessage());
        OciException list = assertThrows(OciException.class, () -> SpecReader.parse(
                MINIMAL.formatted(", \"mounts\": [{\"destination\": \"/x\", \"options\": [\"ro\", 7]}]"), "config.json"));
        assertTrue(list.getMessage().contains("$.mounts[0].options[1]: expected a string"), list.getMessage());
    }

    @Test
    void unsigned64BitValuesKeepTheirBits() {
        Spec s = SpecReader.parse(MINIMAL.formatted(", \"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\","
                + " \"syscalls\": [{\"names\": [\"x\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0,"
                + " \"value\": 18446744073709551615, \"op\": \"SCMP_CMP_EQ\"}]}]}}"), "config.json");
        assertEquals(-1L, s.linux().seccomp().syscalls().getFirst().args().getFirst().value());
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        OciException e = assertThrows(OciException.class, () -> SpecReader.parse("{\n  \"ociVersion\": \"1.2.0\",\n  \"root\" ", "c.json"));
        assertTrue(e.getMessage().startsWith("c.json: malformed JSON at line 3"), e.getMessage());
    }

    @Test
    void unsupportedSectionsStayRawForTheTranslatorToReject() {
        Spec s = SpecReader.parse(MINIMAL.formatted(", \"linux\": {\"intelRdt\": {\"closID\": \"a\"}}"), "config.json");
        assertEquals(Map.of("closID", "a"), s.linux().intelRdt());
    }
}
