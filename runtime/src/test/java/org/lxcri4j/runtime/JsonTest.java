package org.lxcri4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lxcri4j.runtime.json.Json;

class JsonTest {

    @Test
    void compactOutputIsOneLineAndRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "a\"b\\c\nd\u0001");
        m.put("pid", 42);
        m.put("list", List.of(1L, "x", Map.of("k", true)));
        m.put("none", null);
        String compact = Json.write(m, false);
        assertFalse(compact.contains("\n"), compact);
        assertEquals("{\"id\":\"a\\\"b\\\\c\\nd\\u0001\",\"pid\":42,\"list\":[1,\"x\",{\"k\":true}],\"none\":null}", compact);
        Object back = Json.parse(Json.write(m, true));
        assertEquals(Map.of("id", "a\"b\\c\nd\u0001", "pid", 42L, "list", List.of(1L, "x", Map.of("k", true))),
                ((Map<?, ?>) back).entrySet().stream().filter(e -> e.getValue() != null)
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    void malformedInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": "));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,] x"));
    }

    @Test
    void onlyStrictJsonIsAccepted() {
        for (String text : List.of("+1", "01", "[1,]", "{\"a\":1,}", "\"tab\there\"", "NaN", "'x'", "{\"a\":1} {}",
                "// c\n1", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text), text);
            assertTrue(e.getMessage().startsWith("malformed JSON"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        assertEquals(List.of(0L, -1L, 1.5, new java.math.BigInteger("18446744073709551615")),
                Json.parse("[0, -1, 1.5, 18446744073709551615]"));
    }

    @Test
    void nestingIsBoundedWithAnErrorNotAStackOverflow() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"x\": " + deep + "}"));
        assertTrue(e.getMessage().contains("depth"), e.getMessage());
        String fine = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.parse(fine) instanceof List<?>, "the limit itself is allowed");
    }
}
