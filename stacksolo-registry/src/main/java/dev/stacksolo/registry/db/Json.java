package dev.stacksolo.registry.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * jackson-jr, set up on first use only: the common writes and every read go without it, and its
     * set-up (a hundred classes) is most of the JSON cost of a short command or a cold deploy tool.
     */
    private static final class Codec {
        // null values are part of a JSON object: without this feature jackson-jr drops them on write
        static final JSON CODEC = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
    }

    /** The codec the registry writes JSON with (null values kept), for callers that print JSON. */
    public static JSON codec() {
        return Codec.CODEC;
    }

    private Json() {}

    /** Writes a map of JSON values as compact JSON text. */
    public static String write(Map<String, ?> object) {
        StringBuilder text = new StringBuilder(64 + object.size() * 32);
        if (writeSimple(object, text)) {
            return text.toString();
        }
        try {
            return Codec.CODEC.asString(object);
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
            return Codec.CODEC.asString(value);
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
        Map<String, Object> common = CommonShapes.object(text);
        if (common != null) {
            return Optional.ofNullable(common.get(name));
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                boolean wanted = name.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    if (value == JsonToken.VALUE_STRING) {
                        return Optional.of(parser.getText());
                    }
                    return Optional.ofNullable(readAny(parser));
                }
                parser.skipChildren();
            }
            return Optional.empty();
        }
    }

    /**
     * Reads JSON text that must hold an object.
     *
     * @throws IOException when the text is not JSON, not an object, or has text after the object
     */
    public static Map<String, Object> readObject(String text) throws IOException {
        Map<String, Object> common = CommonShapes.object(text);
        if (common != null) {
            return common;
        }
        Object value;
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new IOException("No content to map due to end-of-input");
            }
            value = readAny(parser);
            if (parser.nextToken() != null) {
                throw new IOException("unexpected text after the JSON object at " + parser.currentLocation()
                        .offsetDescription());
            }
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IOException("expected a JSON object, found " + (value == null ? "nothing" : typeOf(value)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    /**
     * Reads the common shapes of stored JSON (objects, arrays, strings, whole numbers of up to 18
     * digits, booleans, nulls) as {@link #readAny} gives them, in one pass over the text; gives up
     * (null) on anything else, malformed text included, which then goes to jackson-core for the
     * value or its error message. Every stored row is read through here: in a process that has not
     * warmed up, jackson's parser costs several times this loop per row (docs/performance.md).
     * Property-tested against jackson-jr, fuzzed text included (StoredTextProperties).
     */
    private static final class CommonShapes {
        private static final Object NO = new Object();
        private static final int MAX_DEPTH = 64;
        private final String text;
        private int at;

        private CommonShapes(String text) {
            this.text = text;
        }

        /** The object, or null when the text is not an object of the common shapes. */
        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String text) {
            CommonShapes reader = new CommonShapes(text);
            reader.skipSpace();
            if (reader.at >= text.length() || text.charAt(reader.at) != '{') {
                return null;
            }
            Object value = reader.value(0);
            reader.skipSpace();
            return value == NO || reader.at != text.length() ? null : (Map<String, Object>) value;
        }

        private Object value(int depth) {
            if (at >= text.length() || depth > MAX_DEPTH) {
                return NO;
            }
            char c = text.charAt(at);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return word("true", Boolean.TRUE);
                case 'f':
                    return word("false", Boolean.FALSE);
                case 'n':
                    return word("null", null);
                default:
                    return c == '-' || (c >= '0' && c <= '9') ? number() : NO;
            }
        }

        private Object object(int depth) {
            Map<String, Object> object = new java.util.LinkedHashMap<>();
            at++;
            skipSpace();
            if (at < text.length() && text.charAt(at) == '}') {
                at++;
                return object;
            }
            while (true) {
                skipSpace();
                if (at >= text.length() || text.charAt(at) != '"') {
                    return NO;
                }
                Object name = string();
                skipSpace();
                if (name == NO || at >= text.length() || text.charAt(at) != ':') {
                    return NO;
                }
                at++;
                skipSpace();
                Object value = value(depth + 1);
                if (value == NO || object.containsKey(name)) {
                    return NO; // a key twice: jackson-jr refuses it, with its message
                }
                object.put((String) name, value);
                skipSpace();
                if (at >= text.length()) {
                    return NO;
                }
                char c = text.charAt(at++);
                if (c == '}') {
                    return object;
                }
                if (c != ',') {
                    return NO;
                }
            }
        }

        private Object array(int depth) {
            java.util.List<Object> array = new java.util.ArrayList<>();
            at++;
            skipSpace();
            if (at < text.length() && text.charAt(at) == ']') {
                at++;
                return array;
            }
            while (true) {
                skipSpace();
                Object value = value(depth + 1);
                if (value == NO) {
                    return NO;
                }
                array.add(value);
                skipSpace();
                if (at >= text.length()) {
                    return NO;
                }
                char c = text.charAt(at++);
                if (c == ']') {
                    return array;
                }
                if (c != ',') {
                    return NO;
                }
            }
        }

        private Object string() {
            int start = ++at;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '"') {
                    return text.substring(start, at++);
                }
                if (c == '\\') {
                    return escapedString(start);
                }
                if (c < 0x20) {
                    return NO;
                }
                at++;
            }
            return NO;
        }

        private Object escapedString(int start) {
            StringBuilder out = new StringBuilder(text.length() - start).append(text, start, at);
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    return NO;
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    return NO;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            return NO;
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = Character.digit(text.charAt(at++), 16);
                            if (digit < 0) {
                                return NO;
                            }
                            code = code * 16 + digit;
                        }
                        out.append((char) code);
                    }
                    default -> {
                        return NO;
                    }
                }
            }
            return NO;
        }

        /** Whole numbers of up to 18 digits; fractions, exponents and longer ones are left to jackson. */
        private Object number() {
            int start = at;
            if (text.charAt(at) == '-') {
                at++;
            }
            int digits = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            int count = at - digits;
            if (count == 0 || count > 18 || (count > 1 && text.charAt(digits) == '0')) {
                return NO;
            }
            if (at < text.length()) {
                char next = text.charAt(at);
                if (next == '.' || next == 'e' || next == 'E') {
                    return NO;
                }
            }
            long value = Long.parseLong(text, start, at, 10);
            return value == (int) value ? (Object) (int) value : (Object) value;
        }

        private Object word(String word, Object value) {
            if (!text.startsWith(word, at)) {
                return NO;
            }
            at += word.length();
            return value;
        }

        private void skipSpace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                at++;
            }
        }
    }

    /**
     * The value at the parser's current token, as jackson-jr's any-reader gives it: objects as
     * ordered maps, arrays as lists, integers as Integer, Long or BigInteger by size, other numbers
     * as the parser types them (Double for JSON text). Written out because jackson-jr's set-up costs
     * more than the whole read in a process that has not warmed up; StoredTextProperties checks
     * that both give equal values.
     */
    static Object readAny(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT: {
                Map<String, Object> object = new java.util.LinkedHashMap<>();
                for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (object.containsKey(name)) {
                        // as jackson-jr's FAIL_ON_DUPLICATE_MAP_KEYS, on by default, refuses it
                        throw new IOException("Duplicate key (key '" + name + "') at " + parser.currentLocation()
                                .offsetDescription());
                    }
                    object.put(name, readAny(parser));
                }
                return object;
            }
            case START_ARRAY: {
                java.util.List<Object> array = new java.util.ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readAny(parser));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return parser.getIntValue();
                    case LONG:
                        return parser.getLongValue();
                    default:
                        return parser.getBigIntegerValue();
                }
            case VALUE_NUMBER_FLOAT:
                switch (parser.getNumberType()) {
                    case FLOAT:
                        return parser.getFloatValue();
                    case DOUBLE:
                        return parser.getDoubleValue();
                    default:
                        return parser.getDecimalValue();
                }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + parser.currentToken() + " at " + parser.currentLocation()
                        .offsetDescription());
        }
    }

    private static String typeOf(Object value) {
        if (value instanceof java.util.List<?>) {
            return "an array";
        }
        return value instanceof String ? "a string" : value instanceof Number ? "a number" : "a " + value.getClass().getSimpleName();
    }
}
