package dev.stacksolo.registry.db;

import java.util.Map;

/**
 * Reads the common shapes of stored JSON (objects, arrays, strings, whole numbers of up to 18
 * digits, booleans, nulls) as {@link JacksonJson#readAny} gives them, in one pass over the text;
 * gives up (null) on anything else, malformed text included, which then goes to jackson-core for
 * the value or its error message. Every stored row is read through here: in a process that has not
 * warmed up, jackson's parser costs several times this loop per row (docs/performance.md).
 * Property-tested against jackson-jr, fuzzed text included (StoredTextProperties).
 */
final class CommonJson {

    private static final Object NO = new Object();
    private static final int MAX_DEPTH = 64;
    private final String text;
    private int at;

    private CommonJson(String text) {
        this.text = text;
    }

    /** The object, or null when the text is not an object of the common shapes. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) {
        CommonJson reader = new CommonJson(text);
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
                        int digit = hexDigit(text.charAt(at++));
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

    /** 0-15 for an ASCII hex digit, -1 otherwise (Character.digit would take other scripts' digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
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
