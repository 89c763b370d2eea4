package org.lxcri4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
}
