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

    /**
     * {@link Json#readObject}, by jackson-core: any JSON, and a message of what is wrong and where
     * (line, column, key) that never quotes the text: a malformed file or row may hold a secret
     * next to the error, and jackson's own messages echo the token they could not read.
     */
    static Map<String, Object> readObject(String text) throws IOException {
        try {
            return readObjectUnsafe(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // not chained: the cause's message holds the text
            throw new IOException(describe(e));
        }
    }

    /** What is wrong, where, and in which key's value, without the offending text. */
    static String describe(com.fasterxml.jackson.core.JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String what;
        if (original.startsWith("Unrecognized token")) {
            what = "a word that is not a JSON value (text must be in double quotes)";
        } else if (original.startsWith("Unexpected end-of-input")) {
            what = "the text ends before the JSON does";
        } else if (original.startsWith("Illegal unquoted character")) {
            what = "a control character inside a string (write it as an escape such as \\n)";
        } else if (original.startsWith("Unrecognized character escape")) {
            what = "an unknown escape after a backslash";
        } else if (original.startsWith("Unexpected character")) {
            int expected = original.indexOf("): ");
            what = "an unexpected character" + (expected >= 0 ? " (" + original.substring(expected + 3).lines()
                    .findFirst().orElse("").replaceAll("'[^']*'", "…") + ")" : "");
        } else if (original.startsWith("Invalid numeric value") || original.startsWith("Numeric value")) {
            what = "a malformed number";
        } else if (original.startsWith("Invalid UTF-8")) {
            what = "bytes that are not UTF-8";
        } else {
            what = "malformed JSON";
        }
        StringBuilder message = new StringBuilder(what);
        com.fasterxml.jackson.core.JsonLocation where = e.getLocation();
        if (where != null && where.getLineNr() > 0) {
            message.append(" at line ").append(where.getLineNr()).append(", column ").append(where.getColumnNr());
        }
        if (e.getProcessor() instanceof JsonParser parser) {
            String key = parser.getParsingContext() == null ? null : parser.getParsingContext().getCurrentName();
            if (key != null) {
                message.append(", in the value of key '").append(key).append('\'');
            }
        }
        return message.toString();
    }

    private static Map<String, Object> readObjectUnsafe(String text) throws IOException {
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
