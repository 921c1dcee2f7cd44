package dev.stacksolo.registry.db;

import java.sql.SQLException;

/**
 * Work done with a {@link Handle} inside {@link Database#read} or {@link Database#write}.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {

    /** Does the work; a thrown exception rolls a write back. */
    T run(Handle handle) throws SQLException;
}
