package org.lxcri4j.runtime.json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import org.jspecify.annotations.Nullable;

/**
 * Writes records (components in order; null and empty ones left out, as Go's omitempty does),
 * maps, lists, strings, numbers and booleans through Jackson's generator. Pretty output is
 * runc's: two-space indents, {@code "key": value}, {@code {}} and {@code []} when empty.
 */
public final class JsonWriter {

    private static final DefaultPrettyPrinter RUNC_STYLE = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n")).withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private JsonWriter() {
    }

    public static String write(@Nullable Object value, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonLimits.Holder.FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter(RUNC_STYLE));
            }
            value(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@code s} as the inside of a JSON string literal. */
    public static String escape(String s) {
        String quoted = write(s, false);
        return quoted.substring(1, quoted.length() - 1);
    }

    // instanceof, not a pattern switch: its invokedynamic bootstrap costs milliseconds per CLI call.
    private static void value(JsonGenerator g, @Nullable Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (var e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object e : c) {
                value(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof Record r) {
            g.writeStartObject();
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                Object component;
                try {
                    component = rc.getAccessor().invoke(r);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + rc, e);
                }
                if (component == null || component instanceof Map<?, ?> m && m.isEmpty()
                        || component instanceof Collection<?> c && c.isEmpty()) {
                    continue;
                }
                g.writeFieldName(rc.getName());
                value(g, component);
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException("not JSON: " + v.getClass());
        }
    }
}
