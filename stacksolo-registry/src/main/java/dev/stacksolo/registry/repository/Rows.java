package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.CorruptRowException;
import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.db.Times;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed values from a row, naming the table, row and column when a value written by another
 * tool cannot be read.
 *
 * <p>Columns are read by position ({@link Columns} maps each name to it once per table): looking a
 * column up by name makes the driver build a name map for every result set, which cost more than
 * reading the row.
 */
final class Rows {

    private final ResultSet row;
    private final Columns columns;
    private final int offset;

    /** The row's columns as {@code columns} lists them, the first at position {@code offset + 1}. */
    Rows(ResultSet row, Columns columns, int offset) {
        this.row = row;
        this.columns = columns;
        this.offset = offset;
    }

    private String get(String column) throws SQLException {
        return row.getString(offset + columns.position(column));
    }

    String text(String column) throws SQLException {
        String value = get(column);
        if (value == null) {
            throw corrupt(column, "it is null", null);
        }
        return value;
    }

    Optional<String> optionalText(String column) throws SQLException {
        return Optional.ofNullable(get(column));
    }

    Instant instant(String column) throws SQLException {
        return parseInstant(column, text(column));
    }

    Optional<Instant> optionalInstant(String column) throws SQLException {
        String value = get(column);
        return value == null ? Optional.empty() : Optional.of(parseInstant(column, value));
    }

    Map<String, Object> json(String column) throws SQLException {
        return parseJson(column, text(column));
    }

    Optional<Map<String, Object>> optionalJson(String column) throws SQLException {
        String value = get(column);
        return value == null ? Optional.empty() : Optional.of(parseJson(column, value));
    }

    /**
     * A JSON array of strings (such as {@code sensitive_outputs}), as a set; NULL is the empty set.
     * A value that is not such an array is corrupt; the message never echoes it (it may hold a secret).
     */
    java.util.Set<String> keySet(String column) throws SQLException {
        String value = get(column);
        if (value == null) {
            return java.util.Set.of();
        }
        try {
            Object keys = Json.readObject("{\"k\":" + value + "}").get("k");
            if (keys instanceof java.util.List<?> list && list.stream().allMatch(k -> k instanceof String)) {
                @SuppressWarnings("unchecked")
                java.util.List<String> strings = (java.util.List<String>) list;
                return java.util.Set.copyOf(strings);
            }
        } catch (IOException e) {
            throw corrupt(column, "it is not a JSON array of keys (" + Json.describeError(e) + ")", null);
        }
        throw corrupt(column, "it is not a JSON array of keys", null);
    }

    long longValue(String column) throws SQLException {
        String value = text(column);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw corrupt(column, "'" + value + "' is not a whole number", e);
        }
    }

    Optional<Long> optionalLong(String column) throws SQLException {
        return get(column) == null ? Optional.empty() : Optional.of(longValue(column));
    }

    <E> E enumValue(String column, Function<String, E> parser) throws SQLException {
        String value = text(column);
        try {
            return parser.apply(value);
        } catch (RegistryException e) {
            throw corrupt(column, e.getMessage(), e);
        }
    }

    private Instant parseInstant(String column, String value) throws SQLException {
        try {
            return Times.parse(value);
        } catch (DateTimeParseException e) {
            throw corrupt(column, "'" + value + "' is not an ISO-8601 timestamp", e);
        }
    }

    private Map<String, Object> parseJson(String column, String value) throws SQLException {
        try {
            return Json.readObject(value);
        } catch (IOException e) {
            // the cause is not kept: the message says where, and a parser's text may quote the value
            throw corrupt(column, "it is not a JSON object (" + Json.describeError(e) + ")", null);
        }
    }

    private CorruptRowException corrupt(String column, String problem, Throwable cause) throws SQLException {
        // the row's key: its id, or its first column in a table keyed otherwise (deployment_locks)
        String key = columns.names().contains("id") ? get("id") : get(columns.names().get(0));
        return new CorruptRowException(columns.table(), String.valueOf(key), column, problem, label(), cause);
    }

    /**
     * The row as its user knows it: a project's name, a resource's {@code network/name} (its
     * project is added by the caller that knows it), when those columns can be read.
     */
    private Optional<String> label() {
        try {
            List<String> names = columns.names();
            if (columns.table().equals("projects") && names.contains("name")) {
                return Optional.ofNullable(get("name"));
            }
            if (columns.table().equals("resources") && names.contains("name")) {
                String name = get("name");
                String network = names.contains("network") ? get("network") : null;
                return name == null ? Optional.empty() : Optional.of(network == null ? name : network + "/" + name);
            }
        } catch (SQLException | RuntimeException unreadable) {
            // the id alone names it then
        }
        return Optional.empty();
    }


    /**
     * A mapper that reports a row it cannot read to {@code onUnreadable} and maps it to empty, so
     * that one row written badly by another tool does not hide the others.
     */
    static <T> dev.stacksolo.registry.db.RowMapper<Optional<T>> skipping(dev.stacksolo.registry.db.RowMapper<T> mapper,
            java.util.function.Consumer<CorruptRowException> onUnreadable) {
        return resultSet -> {
            try {
                return Optional.of(mapper.map(resultSet));
            } catch (CorruptRowException e) {
                onUnreadable.accept(e);
                return Optional.empty();
            }
        };
    }
}
