package dev.stacksolo.registry.types;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deep unmodifiable copies of JSON values, so that the records stay immutable; anything that is not
 * a JSON value is refused here, before it reaches the database.
 */
final class Frozen {

    private Frozen() {}

    /**
     * Returns an unmodifiable deep copy of a JSON object, keeping key order and null values.
     *
     * @throws IllegalArgumentException when a value is not a JSON value
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, ?> source) {
        if (source == null) {
            throw new NullPointerException("a JSON object is required (use an empty map for none)");
        }
        if (source instanceof FrozenMap<?> frozen) {
            return (Map<String, Object>) frozen; // made here, deeply unmodifiable: passing it on needs no copy
        }
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, source.size() * 2));
        for (Map.Entry<String, ?> entry : source.entrySet()) {
            if (entry.getKey() == null) {
                // stored as the text "null" otherwise: a key nobody wrote
                throw new dev.stacksolo.registry.InvalidInputException("a JSON object", "has a null key; give every"
                        + " key a name");
            }
            copy.put(entry.getKey(), value(entry.getKey(), entry.getValue()));
        }
        return new FrozenMap<>(Collections.unmodifiableMap(copy));
    }

    /**
     * An unmodifiable map known to hold only frozen values, so that records passing a map from
     * one to another (input → record) copy it once.
     */
    private static final class FrozenMap<V> extends AbstractMap<String, V> {
        private final Map<String, V> values;

        FrozenMap(Map<String, V> values) {
            this.values = values;
        }

        @Override
        public Set<Map.Entry<String, V>> entrySet() {
            return values.entrySet();
        }

        @Override
        public V get(Object key) {
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }

        @Override
        public int size() {
            return values.size();
        }
    }

    @SuppressWarnings("unchecked")
    private static Object value(String key, Object value) {
        if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
            // JSON has no NaN or Infinity: stored, it would come back as the text "NaN"
            throw new dev.stacksolo.registry.InvalidInputException("the value of '" + key + "'", value
                    + " is not a JSON number; give a finite number, or null for none");
        }
        if (value instanceof Map<?, ?> nested) {
            return map((Map<String, ?>) nested);
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(value(key, element));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        // a bean or other object would be written as whatever the JSON library makes of it
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName()
                + " (use strings, numbers, booleans, null, maps and lists)");
    }
}
