package org.lxcri4j.runtime.json;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lxcri4j.runtime.OciException;

/**
 * Binds parsed JSON ({@link Json}) to the spec records by their components: fields by name, unknown
 * properties ignored (the runtime spec requires it), absent ones {@code null}. A value of the wrong
 * type fails with its JSON path. Replaces a data-binding library whose start-up dominated `create`.
 */
public final class SpecBinder {

    private static final BigInteger UNSIGNED_64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private SpecBinder() {
    }

    public static <T> T bind(Object json, Class<T> type) {
        return type.cast(value(json, type, "$"));
    }

    private static Object value(Object v, Type type, String path) {
        if (v == null) {
            return null;
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                if (!(v instanceof List<?> list)) {
                    throw mismatch(path, "an array", v);
                }
                List<Object> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    out.add(value(list.get(i), args[0], path + "[" + i + "]"));
                }
                return out;
            }
            if (raw == Map.class) {
                if (!(v instanceof Map<?, ?> map)) {
                    throw mismatch(path, "an object", v);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                for (var e : map.entrySet()) {
                    out.put((String) e.getKey(), value(e.getValue(), args[1], path + "." + e.getKey()));
                }
                return out;
            }
            throw new IllegalStateException("unsupported type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == Object.class) {
            return v;
        }
        if (c == String.class) {
            if (!(v instanceof String)) {
                throw mismatch(path, "a string", v);
            }
            return v;
        }
        if (c == Boolean.class) {
            if (!(v instanceof Boolean)) {
                throw mismatch(path, "true or false", v);
            }
            return v;
        }
        if (c == Integer.class) {
            if (!(v instanceof Long l) || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw mismatch(path, "a 32-bit integer", v);
            }
            return l.intValue();
        }
        if (c == Long.class) {
            if (v instanceof Long) {
                return v;
            }
            if (v instanceof BigInteger b && b.signum() >= 0 && b.compareTo(UNSIGNED_64_MAX) <= 0) {
                return b.longValue(); // unsigned 64-bit, as C sees it
            }
            throw mismatch(path, "a 64-bit integer", v);
        }
        if (c.isRecord()) {
            if (!(v instanceof Map<?, ?> map)) {
                throw mismatch(path, "an object", v);
            }
            RecordComponent[] components = c.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent rc = components[i];
                types[i] = rc.getType();
                args[i] = value(map.get(rc.getName()), rc.getGenericType(), path + "." + rc.getName());
            }
            try {
                Constructor<?> ctor = c.getDeclaredConstructor(types);
                return ctor.newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + c.getName(), e);
            }
        }
        throw new IllegalStateException("unsupported type " + c);
    }

    private static OciException mismatch(String path, String expected, Object got) {
        String kind = got instanceof String ? "a string" : got instanceof Boolean ? "a boolean"
                : got instanceof Map ? "an object" : got instanceof List ? "an array" : "the number " + got;
        return new OciException(path + ": expected " + expected + ", got " + kind);
    }
}
