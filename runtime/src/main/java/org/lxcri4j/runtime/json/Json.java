package org.lxcri4j.runtime.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * JSON for the runtime: documents from outside (config.json, process.json, resources) and its
 * own files read through Jackson's streaming parser into Map, List, String, Long (BigInteger
 * beyond a long), Double, Boolean and null; the state output and the runtime's files written
 * here. The parser is strict JSON (no leading '+' or zeros, no raw control characters, nothing
 * after the value) and bounded: {@link #MAX_DEPTH} levels, {@link #MAX_LENGTH} characters, so a
 * hostile document ends in a one-line error, never a stack overflow. Streaming, not data binding:
 * binding's start-up costs several times a JVM's on the hot commands (see the benchmark).
 */
public final class Json {

    /** Nesting levels a document may have; a runtime spec needs fewer than ten. */
    public static final int MAX_DEPTH = 128;
    /** Characters a document may have. */
    public static final long MAX_LENGTH = 16L << 20;

    private Json() {
    }

    /** Built on first use: a CLI call that parses nothing pays nothing. */
    private static final class Factory {
        static final JsonFactory JSON = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxDocumentLength(MAX_LENGTH).build())
                .build();
    }

    /** Parses one JSON value; malformed or oversized text throws IllegalArgumentException naming line and column. */
    public static Object parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("document too large (over " + MAX_LENGTH + " characters)");
        }
        try (JsonParser p = Factory.JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("malformed JSON: empty document");
            }
            Object value = value(p, first);
            if (p.nextToken() != null) {
                throw malformed(p.currentLocation(), "trailing characters after the value");
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw malformed(e.getLocation(), e.getOriginalMessage().split("\\R", 2)[0]);
        } catch (JsonProcessingException e) {
            throw malformed(e.getLocation(), e.getOriginalMessage().split("\\R", 2)[0]);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage());
        }
    }

    private static IllegalArgumentException malformed(JsonLocation at, String what) {
        String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new IllegalArgumentException("malformed JSON" + where + ": " + what);
    }

    // Recursion is bounded by MAX_DEPTH, which the parser enforces before a level is entered.
    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String k = p.nextFieldName(); k != null; k = p.nextFieldName()) {
                    m.put(k, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                // Beyond a long (unsigned 64-bit values such as seccomp arguments) stays exact.
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getBigIntegerValue()
                        : (Object) p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw malformed(p.currentLocation(), "unexpected " + t);
        }
    }

    // ---- writing -----------------------------------------------------------------------------------

    /** Serializes Map, List, String, Number, Boolean and null; {@code indent} pretty-prints. */
    public static String write(Object v, boolean indent) {
        StringBuilder b = new StringBuilder();
        write(b, v, indent ? 0 : -1);
        return b.toString();
    }

    // instanceof, not a pattern switch: its invokedynamic bootstrap costs milliseconds per CLI call.
    private static void write(StringBuilder b, Object v, int level) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String str) {
            quote(b, str);
        } else if (v instanceof Number || v instanceof Boolean) {
            // BigInteger included: its toString is the exact integer
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            int k = 0;
            for (var e : m.entrySet()) {
                b.append(k++ == 0 ? "" : ",");
                newline(b, level < 0 ? -1 : level + 1);
                quote(b, String.valueOf(e.getKey()));
                b.append(level >= 0 ? ": " : ":");
                write(b, e.getValue(), level < 0 ? -1 : level + 1);
            }
            if (k > 0) {
                newline(b, level);
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int k = 0; k < l.size(); k++) {
                b.append(k == 0 ? "" : ",");
                newline(b, level < 0 ? -1 : level + 1);
                write(b, l.get(k), level < 0 ? -1 : level + 1);
            }
            if (!l.isEmpty()) {
                newline(b, level);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("not JSON: " + v.getClass());
        }
    }

    /** A line break and indent when pretty-printing ({@code level >= 0}); nothing when compact. */
    private static void newline(StringBuilder b, int level) {
        if (level >= 0) {
            b.append('\n').append("  ".repeat(level));
        }
    }

    /** Appends {@code s} as a JSON string literal. */
    public static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
