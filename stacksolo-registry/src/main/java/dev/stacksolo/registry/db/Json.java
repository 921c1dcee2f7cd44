package dev.stacksolo.registry.db;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * JSON objects as the format stores them: compact UTF-8 text, keys in their given order.
 * Thread-safe (jackson-jr's {@code JSON} is immutable).
 */
public final class Json {

    /** The codec the registry writes JSON with (null values kept), for callers that print JSON. */
    public static JSON codec() {
        return JacksonJson.codec();
    }

    private Json() {}

    /** Writes a map of JSON values as compact JSON text. */
    public static String write(Map<String, ?> object) {
        StringBuilder text = new StringBuilder(64 + object.size() * 32);
        if (writeSimple(object, text)) {
            return text.toString();
        }
        requireJson("", object); // not a common shape: no NaN, Infinity or null key reaches the text
        try {
            return JacksonJson.codec().asString(object);
        } catch (IOException e) {
            // only reachable with a value that is not a JSON value (such as an arbitrary bean)
            throw new UncheckedIOException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the common shapes (maps and lists of strings, ints, longs, booleans and nulls) as
     * jackson-jr writes them, byte for byte (property-tested): every write of outputs and configs
     * goes through here, and this small loop costs a tenth of the general writer in a process that
     * has not warmed up. Returns false, with {@code text} to be discarded, on anything else.
     */
    private static boolean writeSimple(Object value, StringBuilder text) {
        if (value instanceof String string) {
            return quote(string, text);
        }
        if (value instanceof Integer || value instanceof Long) {
            text.append(value);
            return true;
        }
        if (value instanceof Boolean || value == null) {
            text.append(value);
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            text.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    text.append(',');
                }
                first = false;
                if (!(entry.getKey() instanceof String key) || !quote(key, text)) {
                    return false;
                }
                text.append(':');
                if (!writeSimple(entry.getValue(), text)) {
                    return false;
                }
            }
            text.append('}');
            return true;
        }
        if (value instanceof java.util.List<?> list) {
            text.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                if (!writeSimple(list.get(i), text)) {
                    return false;
                }
            }
            text.append(']');
            return true;
        }
        return false;
    }

    /**
     * Refuses what JSON cannot hold faithfully: NaN and Infinity (jackson would write the text
     * "NaN") and null keys (written "null"). Only values the one-pass writer does not take reach it.
     */
    private static void requireJson(String path, Object value) {
        if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
            throw new dev.stacksolo.registry.InvalidInputException("the value of '" + path + "'", value
                    + " is not a JSON number; give a finite number, or null for none");
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getKey() == null) {
                    throw new dev.stacksolo.registry.InvalidInputException(path.isEmpty() ? "a JSON object" : "'" + path + "'",
                            "has a null key; give every key a name");
                }
                requireJson(path.isEmpty() ? String.valueOf(entry.getKey()) : path + "." + entry.getKey(), entry.getValue());
            }
        } else if (value instanceof java.util.List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requireJson(path + "[" + i + "]", list.get(i));
            }
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Appends a JSON string as jackson writes it; false for text with surrogates (left to jackson). */
    private static boolean quote(String string, StringBuilder text) {
        text.append('"');
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            if (c == '"' || c == '\\') {
                text.append('\\').append(c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    case '\t' -> text.append("\\t");
                    case '\b' -> text.append("\\b");
                    case '\f' -> text.append("\\f");
                    default -> text.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
            } else if (Character.isSurrogate(c)) {
                return false;
            } else {
                text.append(c);
            }
        }
        text.append('"');
        return true;
    }

    /** Writes any JSON value (string, number, list, map…) as compact JSON text. */
    public static String writeValue(Object value) {
        try {
            return JacksonJson.codec().asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The value a read of {@code written} (the JSON text of {@code object}) gives: {@code object}
     * itself when reading back cannot change it (every value is a string, boolean, null, an int
     * as Integer, a long outside the int range as Long, or a finite double, in nested maps and
     * lists), so a record can hold it without parsing; otherwise the text read back.
     */
    public static Map<String, Object> asReadBack(Map<String, Object> object, String written) {
        return readsBackAsItself(object) ? object : readWritten(written);
    }

    private static boolean readsBackAsItself(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer) {
            return true;
        }
        if (value instanceof Long number) {
            return number != (int) number.longValue();
        }
        if (value instanceof Double number) {
            return Double.isFinite(number);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || !readsBackAsItself(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof java.util.List<?> list) {
            for (Object element : list) {
                if (!readsBackAsItself(element)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Reads back JSON text this class wrote, giving the values a later read of the row gives
     * (numbers as the reader types them).
     */
    public static Map<String, Object> readWritten(String text) {
        try {
            return readObject(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back JSON just written: " + e.getMessage(), e);
        }
    }

    /**
     * The value of one top-level property of a JSON object, read without building the rest of the
     * object: a string as it is, any other value as {@link #readObject} would give it.
     *
     * @return the value, or empty when the object has no such property (or it is JSON null)
     * @throws IOException when the text is not a JSON object
     */
    public static Optional<Object> property(String text, String name) throws IOException {
        Map<String, Object> common = CommonJson.object(text);
        if (common != null) {
            return Optional.ofNullable(common.get(name));
        }
        return JacksonJson.property(text, name);
    }

    /**
     * The first line of a read failure's message, which says what is wrong and where (line,
     * column, key) and never quotes the text read (it may hold a secret).
     */
    public static String describeError(IOException e) {
        String message = e.getMessage();
        return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
    }

    /**
     * Reads JSON text that must hold an object. The exception's message says what is wrong and
     * where, without quoting the text.
     *
     * @throws IOException when the text is not JSON, not an object, or has text after the object
     */
    public static Map<String, Object> readObject(String text) throws IOException {
        Map<String, Object> common = CommonJson.object(text);
        return common != null ? common : JacksonJson.readObject(text);
    }
}
