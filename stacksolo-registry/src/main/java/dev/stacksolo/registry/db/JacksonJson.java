package dev.stacksolo.registry.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * JSON through jackson, for what {@link CommonJson} leaves: other shapes, malformed text (jackson's
 * message says what is wrong and where), and writes of values the small writer does not know. A
 * class of its own so that a process that never needs it never loads jackson (about a hundred
 * classes: most of the JSON cost of a short command or of a deploy tool that has not warmed up).
 */
final class JacksonJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JacksonJson() {}

    /** jackson-jr, set up on first use only. */
    private static final class Codec {
        // null values are part of a JSON object: without this feature jackson-jr drops them on write
        static final JSON CODEC = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
    }

    static JSON codec() {
        return Codec.CODEC;
    }

    /** {@link Json#readObject}, by jackson-core: any JSON, and the message of what is wrong. */
    static Map<String, Object> readObject(String text) throws IOException {
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

    /** {@link Json#property}, by jackson-core. */
    static Optional<Object> property(String text, String name) throws IOException {
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
