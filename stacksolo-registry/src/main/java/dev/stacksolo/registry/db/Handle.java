package dev.stacksolo.registry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connection with a cache of prepared statements; every statement is parameterized.
 *
 * <p>Obtained only inside {@link Database#read} or {@link Database#write}, which lend it to one
 * thread at a time: not thread-safe, and not to be kept after the work returns.
 */
public final class Handle {

    private static final Object[] NO_PARAMETERS = {};

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** How many {@link Database#write} calls are open on this handle (0: no transaction). */
    int writeDepth;
    /** How many {@link Database#snapshot} calls are open on this handle (0: none; writes are refused in one). */
    int snapshotDepth;
    /** Whether the current transaction's COMMIT was sent: after that, a lost connection may have committed. */
    boolean commitSent;
    /** Whether the connection was found lost: the database closes it instead of lending it again. */
    boolean lost;
    /** When the handle was last given back (System.nanoTime()), to check a long-idle connection before use. */
    long idleSince = System.nanoTime();

    Handle(Connection connection) {
        this.connection = connection;
    }

    /** Runs a query and maps every row. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        List<T> rows = new ArrayList<>();
        try (ResultSet resultSet = statement.executeQuery()) {
            while (resultSet.next()) {
                rows.add(mapper.map(resultSet));
            }
        }
        return rows;
    }

    /** Runs a query and maps its first row; empty when there is no row or the mapper returns null. */
    public <T> Optional<T> queryFirst(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        try (ResultSet resultSet = statement.executeQuery()) {
            return resultSet.next() ? Optional.ofNullable(mapper.map(resultSet)) : Optional.empty();
        }
    }

    /** Runs an insert, update or delete and returns the number of rows it changed. */
    public int update(String sql, Object... params) throws SQLException {
        return prepare(sql, params).executeUpdate();
    }

    /**
     * Runs one insert, update or delete once per parameter list, sent together (one round trip on
     * a server where the driver can), and returns the rows each changed.
     */
    public int[] updateEach(String sql, List<Object[]> parameterLists) throws SQLException {
        if (parameterLists.isEmpty()) {
            return new int[0];
        }
        PreparedStatement statement = prepare(sql, NO_PARAMETERS);
        for (Object[] params : parameterLists) {
            for (int i = 0; i < params.length; i++) {
                bind(statement, i + 1, params[i]);
            }
            statement.addBatch();
        }
        return statement.executeBatch();
    }

    /**
     * Runs a statement without parameters that every call repeats (BEGIN, COMMIT), prepared once
     * and cached with the others.
     */
    public void run(String sql) throws SQLException {
        prepare(sql, NO_PARAMETERS).execute();
    }

    /** Runs a statement without parameters (DDL, pragmas), not cached. */
    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The underlying connection, for the dialect and the schema code. */
    public Connection connection() {
        return connection;
    }

    private PreparedStatement prepare(String sql, Object[] params) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        for (int i = 0; i < params.length; i++) {
            bind(statement, i + 1, params[i]);
        }
        return statement;
    }

    /**
     * A null of a given {@link Types SQL type}, for parameters whose column is not text: PostgreSQL
     * refuses a text-typed null for an integer column. A plain {@code null} binds as text.
     */
    public record TypedNull(int sqlType) {}

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof TypedNull typed) {
            statement.setNull(index, typed.sqlType());
        } else if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else {
            statement.setObject(index, value);
        }
    }

    /** Closes the cached statements and the connection, ignoring failures (nothing is left to save). */
    void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the connection closes next, which releases the statement anyway
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a connection that cannot close cleanly has nothing uncommitted: writes commit or roll back
        }
    }
}
