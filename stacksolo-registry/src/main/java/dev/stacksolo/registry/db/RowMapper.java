package dev.stacksolo.registry.db;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Turns the current row of a result set into a value.
 *
 * @param <T> the value
 */
@FunctionalInterface
public interface RowMapper<T> {

    /** Maps the current row; must not advance the result set. */
    T map(ResultSet row) throws SQLException;
}
