package dev.stacksolo.registry.types;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep unmodifiable copies of JSON values, so that the records stay immutable. */
final class Frozen {

    private Frozen() {}

    /** Returns an unmodifiable deep copy of a JSON object, keeping key order and null values. */
    static Map<String, Object> map(Map<String, ?> source) {
        if (source == null) {
            throw new NullPointerException("a JSON object is required (use an empty map for none)");
        }
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, source.size() * 2));
        for (Map.Entry<String, ?> entry : source.entrySet()) {
            copy.put(entry.getKey(), value(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object value) {
        if (value instanceof Map<?, ?> nested) {
            return map((Map<String, ?>) nested);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(value(element));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
