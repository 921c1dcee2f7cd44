package dev.stacksolo.registry.repository;

import java.util.ArrayList;
import java.util.List;

/**
 * The SET clause of an UPDATE built from the fields an update input carries. Column names come
 * from the repositories' own code, never from callers; values are always bound as parameters.
 */
final class Assignments {

    private final List<String> columns = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    void add(String column, Object value) {
        columns.add(column);
        values.add(value);
    }

    boolean isEmpty() {
        return columns.isEmpty();
    }

    String clause() {
        return String.join(" = ?, ", columns) + " = ?";
    }

    /** The values to bind, followed by {@code trailing} (the WHERE clause's parameters). */
    Object[] values(Object... trailing) {
        List<Object> all = new ArrayList<>(values);
        all.addAll(List.of(trailing));
        return all.toArray();
    }
}
