package org.lxcri4j.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lxcri4j.runtime.spec.State;

class JsonTest {

    record Sample(String name, Integer count, Long big, Boolean flag, List<String> tags, Map<String, Sample> children,
                  Object raw) {
    }

    @Test
    void compactOutputIsOneLineAndRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "a\"b\\c\nd\u0001");
        m.put("pid", 42);
        m.put("list", List.of(1L, "x", Map.of("k", true)));
        m.put("none", null);
        String compact = JsonWriter.write(m, false);
        assertFalse(compact.contains("\n"), compact);
        assertEquals("{\"id\":\"a\\\"b\\\\c\\nd\\u0001\",\"pid\":42,\"list\":[1,\"x\",{\"k\":true}],\"none\":null}", compact);
        Map<String, Object> back = new LinkedHashMap<>(m);
        back.put("pid", 42L);
        assertEquals(back, JsonReader.read(JsonWriter.write(m, true), Object.class));
    }

    @Test
    void prettyOutputIsRuncsAndRecordsLeaveOutWhatIsEmpty() {
        assertEquals("""
                {
                  "ociVersion": "1.2.0",
                  "id": "x",
                  "status": "stopped",
                  "pid": 0,
                  "bundle": "/b"
                }""", JsonWriter.write(new State("1.2.0", "x", "stopped", 0, "/b", Map.of()), true));
        assertEquals("[]", JsonWriter.write(List.of(), true));
        assertTrue(JsonWriter.write(new State("1.2.0", "x", "running", 7, "/b", Map.of("a", "b")), false)
                .endsWith("\"annotations\":{\"a\":\"b\"}}"));
    }

    @Test
    void recordsBindByNameIgnoringUnknownProperties() {
        Sample s = JsonReader.read("""
                {"zzz": [1, {"deep": null}], "count": 3, "name": "n", "big": 18446744073709551615, "flag": false,
                 "tags": ["a", "b"], "children": {"c": {"name": "child"}}, "raw": {"k": [1, 1.5, "s"]}}""", Sample.class);
        assertEquals("n", s.name());
        assertEquals(3, s.count());
        assertEquals(-1L, s.big(), "unsigned 64-bit values keep their bits");
        assertEquals(List.of("a", "b"), s.tags());
        assertEquals("child", s.children().get("c").name());
        assertNull(s.children().get("c").tags(), "absent is null");
        assertEquals(Map.of("k", List.of(1L, 1.5, "s")), s.raw());
    }

    @Test
    void aValueOfTheWrongTypeNamesItsPath() {
        for (String[] c : new String[][] {
                {"{\"count\": \"3\"}", "invalid value at $.count: expected a 32-bit integer, got a string"},
                {"{\"count\": 1.5}", "invalid value at $.count: expected a 32-bit integer, got the number 1.5"},
                {"{\"count\": 4294967296}", "invalid value at $.count: expected a 32-bit integer, got the number 4294967296"},
                {"{\"big\": -18446744073709551615}", "invalid value at $.big: expected a 64-bit integer"},
                {"{\"tags\": [\"a\", 7]}", "invalid value at $.tags[1]: expected a string, got the number 7"},
                {"{\"children\": {\"c\": {\"flag\": 1}}}", "invalid value at $.children.c.flag: expected true or false"},
                {"{\"children\": {\"c\": []}}", "invalid value at $.children.c: expected an object, got an array"},
                {"{\"name\": {}}", "invalid value at $.name: expected a string, got an object"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read(c[0], Sample.class), c[0]);
            assertTrue(e.getMessage().startsWith(c[1]), e.getMessage());
        }
    }

    @Test
    void onlyStrictJsonIsAccepted() {
        for (String text : List.of("+1", "01", "[1,]", "{\"a\":1,}", "\"tab\there\"", "NaN", "'x'", "{\"a\":1} {}",
                "// c\n1", "", "{\"a\": ", "[1,] x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read(text, Object.class), text);
            assertTrue(e.getMessage().startsWith("malformed JSON"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        assertEquals(List.of(0L, -1L, 1.5, new BigInteger("18446744073709551615")),
                JsonReader.read("[0, -1, 1.5, 18446744073709551615]", Object.class));
    }

    @Test
    void nestingIsBoundedWithAnErrorNotAStackOverflow() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonReader.read("{\"x\": " + deep + "}", Object.class));
        assertTrue(e.getMessage().contains("depth"), e.getMessage());
        String fine = "[".repeat(JsonLimits.MAX_DEPTH) + "]".repeat(JsonLimits.MAX_DEPTH);
        assertTrue(JsonReader.read(fine, Object.class) instanceof List<?>, "the limit itself is allowed");
        IllegalArgumentException sized = assertThrows(IllegalArgumentException.class,
                () -> JsonReader.read("\"" + "x".repeat((int) JsonLimits.MAX_LENGTH) + "\"", Object.class));
        assertTrue(sized.getMessage().contains("too large"), sized.getMessage());
    }
}
