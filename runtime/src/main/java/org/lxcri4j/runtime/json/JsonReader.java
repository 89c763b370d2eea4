package org.lxcri4j.runtime.json;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON document into records, lists, maps and scalars straight off Jackson's streaming
 * parser: a record's properties by component name, unknown ones skipped (the runtime spec
 * requires it), absent ones null; an {@code Object} component keeps the raw value (Map, List,
 * String, Long or BigInteger, Double, Boolean). Types are strict: a value of the wrong type fails
 * with its JSON path ("$.linux.resources.pids.limit: expected a 64-bit integer, got a string").
 *
 * <p>Streaming rather than jackson-databind: databind's start-up (mapper and deserializers built
 * per JVM) costs a CLI call some 40 ms even from the AOT cache, against 5 for this reader.
 */
public final class JsonReader {

    private static final BigInteger UNSIGNED_64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private JsonReader() {
    }

    /**
     * @throws IllegalArgumentException "malformed JSON at line L, column C: ..." or
     *                                  "invalid value at $.PATH: expected ..., got ..."
     */
    public static <T> @Nullable T read(String text, Class<T> type) {
        if (text.length() > JsonLimits.MAX_LENGTH) {
            throw new IllegalArgumentException("document too large (over " + JsonLimits.MAX_LENGTH + " characters)");
        }
        try (JsonParser p = JsonLimits.Holder.FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("malformed JSON: empty document");
            }
            Object value = value(p, type);
            if (p.nextToken() != null) {
                throw malformed(p.currentLocation(), "trailing characters after the value");
            }
            return type.cast(value);
        } catch (StreamConstraintsException e) {
            throw malformed(e.getLocation(), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw malformed(e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage());
        }
    }

    private static IllegalArgumentException malformed(@Nullable JsonLocation at, String what) {
        String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new IllegalArgumentException("malformed JSON" + where + ": " + what.split("\\R", 2)[0]);
    }

    /** The value at the parser's current token, as {@code type}. Depth is bounded by the parser's limit. */
    private static @Nullable Object value(JsonParser p, Type type) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type element = pt.getActualTypeArguments()[raw == Map.class ? 1 : 0];
            if (raw == List.class) {
                require(p, t == JsonToken.START_ARRAY, "an array");
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p, element));
                }
                return list;
            }
            if (raw == Map.class) {
                require(p, t == JsonToken.START_OBJECT, "an object");
                Map<String, Object> map = new LinkedHashMap<>();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    p.nextToken();
                    map.put(name, value(p, element));
                }
                return map;
            }
            throw new IllegalStateException("unsupported type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == Object.class) {
            return raw(p);
        }
        if (c == String.class) {
            require(p, t == JsonToken.VALUE_STRING, "a string");
            return p.getText();
        }
        if (c == Boolean.class) {
            require(p, t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE, "true or false");
            return t == JsonToken.VALUE_TRUE;
        }
        if (c == Integer.class || c == int.class) {
            require(p, t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT, "a 32-bit integer");
            return p.getIntValue();
        }
        if (c == Long.class || c == long.class) {
            require(p, t == JsonToken.VALUE_NUMBER_INT, "a 64-bit integer");
            if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return p.getLongValue();
            }
            BigInteger b = p.getBigIntegerValue();
            require(p, b.signum() >= 0 && b.compareTo(UNSIGNED_64_MAX) <= 0, "a 64-bit integer");
            return b.longValue(); // unsigned 64-bit, as C sees it
        }
        if (c.isRecord()) {
            require(p, t == JsonToken.START_OBJECT, "an object");
            return record(p, c);
        }
        throw new IllegalStateException("unsupported type " + c);
    }

    private static Object record(JsonParser p, Class<?> c) throws IOException {
        RecordComponent[] components = c.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            int i = indexOf(components, name);
            if (i < 0) {
                p.skipChildren();
            } else {
                args[i] = value(p, components[i].getGenericType());
            }
        }
        for (int i = 0; i < components.length; i++) {
            if (args[i] == null && types[i].isPrimitive()) {
                args[i] = types[i] == int.class ? (Object) 0 : types[i] == long.class ? (Object) 0L : (Object) false;
            }
        }
        try {
            Constructor<?> ctor = c.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + c.getName(), e);
        }
    }

    private static int indexOf(RecordComponent[] components, String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Any value as it is: what the runtime keeps unread (fields it refuses or passes on). */
    private static @Nullable Object raw(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> value(p, Types.MAP_OF_OBJECTS);
            case START_ARRAY -> value(p, Types.LIST_OF_OBJECTS);
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getBigIntegerValue()
                    : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }

    private static void require(JsonParser p, boolean ok, String expected) throws IOException {
        if (!ok) {
            throw new IllegalArgumentException("invalid value at " + path(p) + ": expected " + expected + ", got " + kind(p));
        }
    }

    private static String kind(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> "the number " + p.getText();
        };
    }

    /** The JSON path of the current value, "$.mounts[0].options[1]". */
    private static String path(JsonParser p) {
        JsonStreamContext ctx = p.getParsingContext();
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            ctx = ctx.getParent();
        }
        StringBuilder b = new StringBuilder();
        for (; ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
            b.insert(0, ctx.inArray() ? "[" + ctx.getCurrentIndex() + "]" : "." + ctx.getCurrentName());
        }
        return b.insert(0, '$').toString();
    }

    /** The generic types of raw values. */
    private record Types(Map<String, Object> map, List<Object> list) {
        static final Type MAP_OF_OBJECTS = component(0);
        static final Type LIST_OF_OBJECTS = component(1);

        private static Type component(int i) {
            return Types.class.getRecordComponents()[i].getGenericType();
        }
    }
}
