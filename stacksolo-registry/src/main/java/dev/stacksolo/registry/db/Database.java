package dev.stacksolo.registry.db;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.ReadOnlyRegistryException;
import dev.stacksolo.registry.RegistryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One registry database: a connection, its schema brought up to date on open, and the
 * transaction helpers through which every statement runs, so that no caller writes BEGIN, COMMIT
 * or ROLLBACK.
 *
 * <p>Thread-safe: calls are serialized on the one connection (SQLite has one writer at a time
 * anyway). A {@link #write} inside another write on the same thread joins the outer transaction.
 * Transient failures (another process holds the lock past the busy timeout, a serialization
 * failure) are retried a few times before they reach the caller.
 */
public final class Database implements AutoCloseable {

    private static final int ATTEMPTS = 5;

    private final Dialect dialect;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<String> notices = new ArrayList<>();
    private Connection connection;
    private Handle handle;
    private Optional<String> readOnlyReason = Optional.empty();
    private int writeDepth;
    private boolean closed;

    private Database(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Opens the database and migrates its schema to the current version. A database whose schema
     * is newer than this build knows is opened read-only instead, never rewritten.
     *
     * @throws DatabaseException when it cannot be opened or is not a registry database
     */
    public static Database open(Dialect dialect) {
        Database database = new Database(dialect);
        try {
            database.connectAndMigrate();
            return database;
        } catch (SQLException e) {
            database.close();
            throw database.wrap("cannot open the registry", e);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private void connectAndMigrate() throws SQLException {
        setConnection(dialect.connect(false));
        int version = withRetry(() -> dialect.schemaVersion(connection));
        if (version > Schema.CURRENT_VERSION) {
            handle.closeStatements();
            connection.close();
            setConnection(dialect.connect(true));
            readOnlyReason = Optional.of("the registry " + dialect.displayLocation() + " has schema version "
                    + version + ", newer than this stacksolo knows (" + Schema.CURRENT_VERSION
                    + "); it was opened read-only. Upgrade stacksolo to change it.");
            notices.add(readOnlyReason.get());
            return;
        }
        if (version < Schema.CURRENT_VERSION) {
            if (version > 0 || dialect.hasTables(connection)) {
                dialect.backupBeforeMigration(connection, version).ifPresent(copy -> notices.add(
                        "the registry was copied to " + copy + " before its schema was migrated from version "
                                + version + " to " + Schema.CURRENT_VERSION));
            }
            write(h -> {
                // another process may have migrated it meanwhile: decide again under the write lock
                int current = dialect.schemaVersion(h.connection());
                if (current < Schema.CURRENT_VERSION) {
                    Schema.migrate(h, dialect, current);
                }
                return null;
            });
        }
    }

    private void setConnection(Connection newConnection) {
        connection = newConnection;
        handle = new Handle(newConnection);
    }

    /** The dialect of this database. */
    public Dialect dialect() {
        return dialect;
    }

    /** Why the database was opened read-only, when it was. */
    public Optional<String> readOnlyReason() {
        return readOnlyReason;
    }

    /** What opening the database did that a user should know (a backup made, read-only mode). */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    /**
     * Runs read-only work. Inside a {@link #write} on the same thread it sees that write's changes.
     *
     * @throws DatabaseException when a statement fails
     */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            return withRetry(() -> work.run(handle));
        } catch (SQLException e) {
            throw wrap("cannot read the registry", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs work in one write transaction: all of it is committed, or none of it. Nested calls on
     * the same thread join the outer transaction.
     *
     * @throws ReadOnlyRegistryException when the registry was opened read-only
     * @throws DatabaseException when a statement fails; nothing was written
     */
    public <T> T write(SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            if (readOnlyReason.isPresent()) {
                throw new ReadOnlyRegistryException(readOnlyReason.get());
            }
            if (writeDepth > 0) {
                return work.run(handle);
            }
            return withRetry(() -> inTransaction(work));
        } catch (SQLException e) {
            throw wrap("cannot write to the registry", e);
        } finally {
            lock.unlock();
        }
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        dialect.beginWrite(connection);
        writeDepth++;
        boolean committed = false;
        try {
            T result = work.run(handle);
            dialect.commit(connection);
            committed = true;
            return result;
        } finally {
            writeDepth--;
            if (!committed) {
                rollbackQuietly();
            }
        }
    }

    private void rollbackQuietly() {
        try {
            dialect.rollback(connection);
        } catch (SQLException ignored) {
            // the failure that got us here is the one to report; SQLite may have rolled back already
        }
    }

    private <T> T withRetry(SqlCall<T> call) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !dialect.isTransient(e)) {
                    throw e;
                }
                sleepBeforeRetry(attempt);
            }
        }
    }

    private static void sleepBeforeRetry(int attempt) throws SQLException {
        try {
            Thread.sleep(10L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the registry lock", e);
        }
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private void ensureOpen() {
        if (closed) {
            throw new DatabaseException("the registry " + dialect.displayLocation() + " is closed");
        }
    }

    private RegistryException wrap(String what, SQLException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (dialect.isTransient(e)) {
            return new DatabaseException(what + " " + dialect.displayLocation()
                    + ": it stayed locked by another process; try again, and check for a hung stacksolo"
                    + " process (" + detail + ")", e);
        }
        return new DatabaseException(what + " " + dialect.displayLocation() + ": " + detail, e);
    }

    /** Closes the connection. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (handle != null) {
                handle.closeStatements();
            }
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            throw wrap("cannot close the registry", e);
        } finally {
            lock.unlock();
        }
    }
}
