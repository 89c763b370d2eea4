package org.lxcri4j.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer for the runtime's own files and the state output. The hot
 * commands (state, start, kill, delete) use it instead of a data-binding library, whose start-up
 * costs several times a JVM's (see the benchmark). Values: Map, List, String, Long, Double,
 * Boolean, null.
 */
public final class Json {

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    public static Object parse(String text) {
        Json p = new Json(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != p.s.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    private Object value() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (peek('}')) {
                    return m;
                }
                do {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    ws();
                    m.put(k, value());
                    ws();
                } while (peek(','));
                expect('}');
                return m;
            }
            case '[' -> {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (peek(']')) {
                    return l;
                }
                do {
                    ws();
                    l.add(value());
                    ws();
                } while (peek(','));
                expect(']');
                return l;
            }
            case '"' -> {
                return string();
            }
            default -> {
                if (s.startsWith("true", i)) {
                    i += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("false", i)) {
                    i += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("null", i)) {
                    i += 4;
                    return null;
                }
                int start = i;
                while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                String num = s.substring(start, i);
                if (num.isEmpty()) {
                    throw error("unexpected character '" + c + "'");
                }
                try {
                    if (num.matches("-?\\d+")) {
                        // Beyond a long (unsigned 64-bit values such as seccomp arguments) stays exact.
                        return num.length() < 19 ? (Object) Long.parseLong(num) : (Object) new java.math.BigInteger(num);
                    }
                    return Double.parseDouble(num);
                } catch (NumberFormatException e) {
                    throw error("invalid number " + num);
                }
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private boolean peek(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        int line = 1;
        int column = 1;
        for (int k = 0; k < Math.min(i, s.length()); k++) {
            if (s.charAt(k) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new IllegalArgumentException("malformed JSON at line " + line + ", column " + column + ": " + what);
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
