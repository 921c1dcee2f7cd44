package dev.stacksolo.registry.db;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON objects as the format stores them: compact UTF-8 text, keys in their given order.
 * Thread-safe (jackson-jr's {@code JSON} is immutable).
 */
public final class Json {

    private static final JSON CODEC = JSON.std;

    private Json() {}

    /** Writes a map of JSON values as compact JSON text. */
    public static String write(Map<String, ?> object) {
        try {
            return CODEC.asString(object);
        } catch (IOException e) {
            // only reachable with a value that is not a JSON value (such as an arbitrary bean)
            throw new UncheckedIOException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    /** Writes any JSON value (string, number, list, map…) as compact JSON text. */
    public static String writeValue(Object value) {
        try {
            return CODEC.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads JSON text that must hold an object.
     *
     * @throws IOException when the text is not JSON or not an object
     */
    public static Map<String, Object> readObject(String text) throws IOException {
        Object value = CODEC.anyFrom(text);
        if (!(value instanceof Map<?, ?>)) {
            throw new IOException("expected a JSON object, found " + (value == null ? "null" : text));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }
}
