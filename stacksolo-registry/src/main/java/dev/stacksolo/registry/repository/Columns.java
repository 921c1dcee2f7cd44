package dev.stacksolo.registry.repository;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table's columns in the order its repository selects them, with each one's position. Immutable.
 */
final class Columns {

    private final String table;
    private final List<String> names;
    private final Map<String, Integer> positions = new HashMap<>();

    /** The columns of {@code table}, listed as in a SELECT ({@code "id, name, …"}). */
    Columns(String table, String list) {
        this.table = table;
        this.names = Arrays.stream(list.split(",")).map(String::trim).toList();
        for (int i = 0; i < names.size(); i++) {
            positions.put(names.get(i), i + 1);
        }
    }

    String table() {
        return table;
    }

    List<String> names() {
        return names;
    }

    /** The columns as a select list, each prefixed with the table alias ({@code p.id, p.name, …}). */
    String prefixed(String alias) {
        return String.join(", ", names.stream().map(name -> alias + "." + name).toList());
    }

    /** The column's 1-based position. */
    int position(String column) {
        Integer position = positions.get(column);
        if (position == null) {
            throw new IllegalArgumentException("no column " + column + " in " + table);
        }
        return position;
    }
}
