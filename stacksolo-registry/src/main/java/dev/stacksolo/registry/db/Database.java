package dev.stacksolo.registry.db;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.PermissionDeniedException;
import dev.stacksolo.registry.ReadOnlyRegistryException;
import dev.stacksolo.registry.RegistryException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One registry database: its connections, its schema brought up to date on open, and the
 * transaction helpers through which every statement runs, so that no caller writes BEGIN, COMMIT
 * or ROLLBACK.
 *
 * <p>Thread-safe. A database opened with one connection (what a short-lived command needs)
 * serializes its callers on it; one opened with more (a long-lived process) lends each running
 * call its own connection, opened on demand up to the limit. Work on a thread that already holds
 * a connection (a {@link #write} inside another) uses that connection and joins its transaction.
 * Transient failures (the lock stayed taken past the busy timeout, a serialization failure) are
 * retried a few times before they reach the caller.
 *
 * <p>A lost connection (the server ended the session, the network dropped) is never lent again:
 * it is closed and the next call opens a new one. A connection idle for a while is checked before
 * it is lent (a server may have ended it meanwhile), and a read or a transaction that failed because
 * its connection was lost before its COMMIT was sent is run once more on a new connection: the
 * server rolled it back, so running it again cannot apply it twice.
 */
public final class Database implements AutoCloseable {

    private static final int ATTEMPTS = 5;
    /** A connection idle longer than this is checked before it is lent: short-lived commands never are. */
    private static final long CHECK_AFTER_IDLE_NANOS = 1_000_000_000L;

    private final Dialect dialect;
    private final int maxConnections;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final Deque<Handle> idle = new ArrayDeque<>();
    private final List<Handle> all = new ArrayList<>();
    private final ThreadLocal<Handle> bound = new ThreadLocal<>();
    private final List<String> notices = new ArrayList<>();
    private volatile Optional<String> readOnlyReason = Optional.empty();
    private volatile Dialect.Access access = new Dialect.Access("you", true);
    private boolean closed;

    private Database(Dialect dialect, int maxConnections) {
        this.dialect = dialect;
        this.maxConnections = maxConnections;
    }

    /**
     * Opens the database with one connection and migrates its schema to the current version. A
     * database whose schema is newer than this build knows is opened read-only instead, never
     * rewritten.
     *
     * @throws DatabaseException when it cannot be opened or is not a registry database
     */
    public static Database open(Dialect dialect) {
        return open(dialect, 1);
    }

    /**
     * Opens the database as {@link #open(Dialect)} does, lending up to {@code maxConnections}
     * connections to concurrent callers.
     *
     * @throws IllegalArgumentException when {@code maxConnections} is less than 1
     * @throws DatabaseException when it cannot be opened or is not a registry database
     */
    public static Database open(Dialect dialect, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        Database database = new Database(dialect, maxConnections);
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
        Optional<String> unwritable = dialect.readOnlyBecause();
        if (unwritable.isPresent()) {
            openReadOnly(unwritable.get());
            return;
        }
        Handle first = new Handle(dialect.connect(false));
        all.add(first);
        dialect.exposure().ifPresent(notices::add);
        int version = withRetry(() -> dialect.schemaVersion(first.connection()));
        if (version > Schema.CURRENT_VERSION) {
            all.remove(first);
            first.close();
            readOnlyReason = Optional.of("the registry " + dialect.displayLocation() + " has schema version "
                    + version + ", newer than this stacksolo knows (" + Schema.CURRENT_VERSION
                    + "); it was opened read-only. Upgrade stacksolo to change it.");
            notices.add(readOnlyReason.get());
            Handle readOnly = new Handle(dialect.connect(true));
            all.add(readOnly);
            idle.push(readOnly);
            return;
        }
        dialect.prepareForWrites(first.connection());
        idle.push(first);
        if (version < Schema.CURRENT_VERSION) {
            try {
                write(handle -> {
                    // another process may have migrated it meanwhile: decide again under the write lock,
                    // and copy it only then (processes opening an old registry at once wait for the
                    // first, which copies and migrates it; the others find it migrated)
                    int current = dialect.schemaVersion(handle.connection());
                    if (current < Schema.CURRENT_VERSION) {
                        if (current > 0 || dialect.hasTables(handle.connection())) {
                            dialect.backupBeforeMigration(current).ifPresent(copy -> notices.add(
                                    "the registry was copied to " + copy + " before its schema was migrated from"
                                            + " version " + current + " to " + Schema.CURRENT_VERSION));
                        }
                        Schema.migrate(handle, dialect, current);
                    }
                    return null;
                });
            } catch (PermissionDeniedException e) {
                throw new PermissionDeniedException("the registry " + dialect.displayLocation() + " has schema version "
                        + version + " and this stacksolo needs " + Schema.CURRENT_VERSION + ", but the role "
                        + roleOf(first) + " may not change the schema: ask an admin to run one stacksolo command as"
                        + " the admin role (the owner of the tables), which migrates it", e);
            }
        }
        access = dialect.access(first.connection());
    }

    private String roleOf(Handle handle) {
        try {
            return dialect.access(handle.connection()).role();
        } catch (SQLException e) {
            return "you connect as";
        }
    }

    /**
     * The role this database is used as, and whether it may read sensitive values (when not,
     * repositories read the masked copies: {@link PublicOutputs}).
     */
    public Dialect.Access access() {
        return access;
    }

    /**
     * Opens a database that cannot be written for reading only: no migration, no pragma that
     * writes. One older than this build reads cannot be read that way (its tables lack columns).
     */
    private void openReadOnly(String why) throws SQLException {
        Handle handle = new Handle(dialect.connect(true));
        all.add(handle);
        idle.push(handle);
        int version = withRetry(() -> dialect.schemaVersion(handle.connection()));
        if (version < Schema.CURRENT_VERSION) {
            throw new DatabaseException(why + ", and its schema (version " + version + ") is older than this"
                    + " stacksolo reads (" + Schema.CURRENT_VERSION + "); it cannot be upgraded here. Run any"
                    + " stacksolo command once where the file can be written, then read it here");
        }
        dialect.exposure().ifPresent(notices::add);
        readOnlyReason = Optional.of(version > Schema.CURRENT_VERSION
                ? "the registry " + dialect.displayLocation() + " has schema version " + version
                        + ", newer than this stacksolo knows (" + Schema.CURRENT_VERSION + "); it was opened"
                        + " read-only. Upgrade stacksolo to change it."
                : why + "; it was opened for reading only, and commands that change it are refused");
        if (version > Schema.CURRENT_VERSION) {
            notices.add(readOnlyReason.get());
        }
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
        Handle current = bound.get();
        if (current != null) {
            return run(current, () -> work.run(current),
                    current.writeDepth > 0 ? "cannot write to the registry" : "cannot read the registry");
        }
        return borrowed(handle -> withRetry(() -> work.run(handle)), "cannot read the registry", true);
    }

    /**
     * Runs read-only work in one read transaction, so that all its reads see one snapshot of the
     * database: a write another process commits meanwhile is seen by none of them or, when it
     * committed before, by all (several references resolved by one command never mix a deploy's old
     * and new values). Reads nested in it join it; a nested write is refused. Inside a
     * {@link #write} on the same thread it joins that write (which already reads one state).
     *
     * @throws IllegalStateException when the work tries to write
     * @throws DatabaseException when a statement fails
     */
    public <T> T snapshot(SqlWork<T> work) {
        Handle current = bound.get();
        if (current != null) {
            return run(current, () -> work.run(current),
                    current.writeDepth > 0 ? "cannot write to the registry" : "cannot read the registry");
        }
        return borrowed(handle -> withRetry(() -> inSnapshot(handle, work)), "cannot read the registry", true);
    }

    private <T> T inSnapshot(Handle handle, SqlWork<T> work) throws SQLException {
        dialect.beginSnapshot(handle);
        handle.snapshotDepth++;
        boolean committed = false;
        try {
            T result = work.run(handle);
            dialect.commit(handle);
            committed = true;
            return result;
        } finally {
            handle.snapshotDepth--;
            if (!committed) {
                rollbackQuietly(handle);
            }
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
        return writing(work, true);
    }

    /**
     * Runs one insert, update or delete as its own transaction: a single statement is atomic and,
     * committed by the database itself, needs no BEGIN and COMMIT around it (two statements less
     * per call on the hot path of a deploy that records outputs one resource at a time). Inside a
     * {@link #write} on the same thread it joins that transaction.
     *
     * @return the number of rows changed
     * @throws ReadOnlyRegistryException when the registry was opened read-only
     * @throws DatabaseException when the statement fails; nothing was written
     */
    public int writeStatement(String sql, Object... params) {
        return writing(handle -> handle.update(sql, params), false);
    }

    /**
     * Runs work that is a single writing statement (an {@code UPDATE … RETURNING}, say) as its own
     * transaction, as {@link #writeStatement} does, and returns what the work makes of its result.
     * The work must run that one statement and nothing else: only a single statement is atomic
     * without BEGIN and COMMIT. Inside a {@link #write} on the same thread it joins that transaction.
     *
     * @throws ReadOnlyRegistryException when the registry was opened read-only
     * @throws DatabaseException when the statement fails; nothing was written
     */
    public <T> T writeOneStatement(SqlWork<T> work) {
        return writing(work, false);
    }

    /**
     * Runs write work on this thread's handle (joining its transaction) or a borrowed one, retrying
     * transient failures; in a transaction of its own when {@code transaction}, else as it is.
     */
    private <T> T writing(SqlWork<T> work, boolean transaction) {
        readOnlyReason.ifPresent(reason -> {
            throw new ReadOnlyRegistryException(reason);
        });
        Handle current = bound.get();
        if (current != null && current.snapshotDepth > 0 && current.writeDepth == 0) {
            throw new IllegalStateException("a write inside a read snapshot (Database.snapshot): read-only work only");
        }
        if (current != null && current.writeDepth > 0) {
            return run(current, () -> work.run(current), "cannot write to the registry");
        }
        if (current != null) {
            return run(current, () -> withRetry(() -> transaction ? inTransaction(current, work) : work.run(current)),
                    "cannot write to the registry");
        }
        // a single statement run on its own commits as it runs: only one that never reached the server
        // (08003, the connection was already closed) is run again
        return borrowed(handle -> withRetry(() -> transaction ? inTransaction(handle, work) : work.run(handle)),
                "cannot write to the registry", transaction);
    }

    /**
     * Runs {@code call} on a borrowed handle; when its connection was lost and running it again is
     * safe ({@code rerunnable} work whose COMMIT was not sent, or a statement that never reached the
     * server), runs it once more on a new connection.
     */
    private <T> T borrowed(HandleCall<T> call, String what, boolean rerunnable) {
        for (int attempt = 1; ; attempt++) {
            Handle handle = borrow();
            handle.commitSent = false;
            bound.set(handle);
            try {
                return call.call(handle);
            } catch (SQLException e) {
                boolean lost = isLost(handle, e);
                boolean safe = lost && ((rerunnable && !handle.commitSent) || "08003".equals(e.getSQLState()));
                if (attempt == 1 && safe) {
                    continue; // the finally below closes the lost connection; borrow opens a new one
                }
                throw wrap(what, e, lost, handle.commitSent || !rerunnable, what.startsWith("cannot write"));
            } catch (DatabaseException nested) {
                // a nested read or write (inside Registry.inTransaction) failed on this same connection
                if (attempt == 1 && handle.lost && rerunnable && !handle.commitSent) {
                    continue;
                }
                throw nested;
            } finally {
                bound.set(null);
                giveBack(handle);
            }
        }
    }

    /** Whether the handle's connection is gone; marks it so that it is closed instead of lent again. */
    private boolean isLost(Handle handle, SQLException e) {
        boolean lost = dialect.isConnectionLost(e);
        if (!lost) {
            try {
                lost = handle.connection().isClosed();
            } catch (SQLException cannotTell) {
                lost = true;
            }
        }
        if (lost) {
            handle.lost = true;
        }
        return lost;
    }

    @FunctionalInterface
    private interface HandleCall<T> {
        T call(Handle handle) throws SQLException;
    }

    private <T> T run(Handle handle, SqlCall<T> call, String what) {
        Handle outer = bound.get();
        bound.set(handle);
        try {
            return call.call();
        } catch (SQLException e) {
            boolean lost = isLost(handle, e);
            // inside a transaction every failure rolls all of it back: nothing was changed
            throw wrap(what, e, lost, handle.commitSent, handle.writeDepth > 0 || what.startsWith("cannot write"));
        } finally {
            if (outer == null) {
                // set(null), not remove(): remove and set again would make a new entry (a weak
                // reference) on every call; a null value keeps the thread's entry for the next one
                bound.set(null);
            }
        }
    }

    private <T> T inTransaction(Handle handle, SqlWork<T> work) throws SQLException {
        dialect.beginWrite(handle);
        handle.writeDepth++;
        boolean committed = false;
        try {
            T result = work.run(handle);
            handle.commitSent = true;
            dialect.commit(handle);
            committed = true;
            return result;
        } finally {
            handle.writeDepth--;
            if (!committed) {
                rollbackQuietly(handle);
            }
        }
    }

    private void rollbackQuietly(Handle handle) {
        try {
            dialect.rollback(handle);
        } catch (SQLException ignored) {
            // the failure that got us here is the one to report; SQLite may have rolled back already
        }
    }

    private Handle borrow() {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new DatabaseException("the registry " + dialect.displayLocation() + " is closed");
                }
                if (!idle.isEmpty()) {
                    Handle handle = idle.pop();
                    if (System.nanoTime() - handle.idleSince < CHECK_AFTER_IDLE_NANOS || isValid(handle)) {
                        return handle;
                    }
                    // the server ended it while it was idle (a restart, pg_terminate_backend, a timeout)
                    handle.close();
                    all.remove(handle);
                    continue;
                }
                if (all.size() < maxConnections) {
                    Handle handle = new Handle(dialect.connect(readOnlyReason.isPresent()));
                    all.add(handle);
                    return handle;
                }
                returned.awaitUninterruptibly();
            }
        } catch (SQLException e) {
            throw wrap("cannot connect to the registry", e);
        } finally {
            lock.unlock();
        }
    }

    private boolean isValid(Handle handle) {
        try {
            return handle.connection().isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private void giveBack(Handle handle) {
        lock.lock();
        try {
            handle.idleSince = System.nanoTime();
            if (closed || handle.lost) {
                handle.close();
                all.remove(handle);
                returned.signal(); // a waiter may open a new connection in its place
            } else {
                idle.push(handle);
                returned.signal();
            }
        } finally {
            lock.unlock();
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

    private RegistryException wrap(String what, SQLException e) {
        return wrap(what, e, false, false, false);
    }

    /**
     * The failure as a user reads it: what was being done, where, the driver's first line (its
     * Position, Detail, Hint and Where lines are for developers), and whether anything changed.
     */
    private RegistryException wrap(String what, SQLException e, boolean lost, boolean commitSent, boolean ownWrite) {
        // a batch's exception names its statement with every parameter (a config's password):
        // the database's own words are in the next exception
        if (e instanceof java.sql.BatchUpdateException && e.getNextException() != null) {
            e = e.getNextException();
        }
        if ("42501".equals(e.getSQLState())) {
            return new PermissionDeniedException(what + " " + dialect.displayLocation() + ": the role "
                    + access.role() + " lacks a privilege ("
                    + firstLine(e.getMessage() == null ? null : dev.stacksolo.registry.Secrets.maskDatabaseMessage(e.getMessage())) + "); a reader role"
                    + " cannot change the registry, a deployer cannot change its schema. Ask an admin to run"
                    + " `stacksolo registry grants --reader ROLE --deployer ROLE --admin ROLE` and apply its SQL,"
                    + " or use a role that may", e);
        }
        Optional<String> explained = dialect.explainOpenFailure(e);
        if (explained.isPresent()) {
            return new DatabaseException(explained.get(), e);
        }
        // a failing statement's message can quote its values (a config's password): never shown or logged
        String detail = e.getMessage() == null ? e.getClass().getSimpleName()
                : dev.stacksolo.registry.Secrets.maskDatabaseMessage(firstLine(e.getMessage()));
        if (lost) {
            String outcome = !ownWrite ? "" : commitSent
                    ? "; the connection was lost while committing, so the change may or may not have been saved:"
                            + " check before running it again"
                    : "; nothing was changed";
            return new DatabaseException(what + " " + dialect.displayLocation() + ": the connection to it was lost ("
                    + detail + ")" + outcome + "; try again", e);
        }
        if (dialect.isTransient(e)) {
            return new DatabaseException(what + " " + dialect.displayLocation()
                    + ": it stayed locked by another process; try again, and check for a hung stacksolo"
                    + " process (" + detail + ")", e);
        }
        return new DatabaseException(what + " " + dialect.displayLocation() + ": " + detail
                + (ownWrite ? "; nothing was changed" : ""), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "permission denied";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).replaceFirst("^ERROR: ", "");
    }

    /** Closes every idle connection now and each busy one when its call returns. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Handle handle : idle) {
                handle.close();
                all.remove(handle);
            }
            idle.clear();
            returned.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
