package dev.stacksolo.registry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Everything that differs between the databases the registry runs on: how to connect, how a write
 * transaction begins, where the schema version is kept, which failures are worth a retry, and the
 * few DDL fragments that are not portable. Repositories and services never ask which database
 * they are on.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Dialect {

    /** The location for people: a file path, or a URL with its password masked. */
    String displayLocation();

    /**
     * Opens a connection, prepared for the registry (foreign keys on, timeouts, durability).
     *
     * @param readOnly whether the connection must refuse writes
     */
    Connection connect(boolean readOnly) throws SQLException;

    /**
     * Begins a write transaction that holds the write lock from its first statement. Runs once per
     * write call, so it goes through the handle's cached statements.
     */
    void beginWrite(Handle handle) throws SQLException;

    /**
     * Begins a read-only transaction whose reads all see one snapshot of the database: what was
     * committed when it began (PostgreSQL) or at its first read (SQLite), and nothing committed
     * later. It takes no write lock. Ended by {@link #commit} or {@link #rollback}.
     */
    void beginSnapshot(Handle handle) throws SQLException;

    /** Commits the transaction begun by {@link #beginWrite} or {@link #beginSnapshot}. */
    void commit(Handle handle) throws SQLException;

    /** Rolls back the transaction begun by {@link #beginWrite}. */
    void rollback(Handle handle) throws SQLException;

    /** Whether a failure is transient (busy, lock contention, serialization) and the work may be retried. */
    boolean isTransient(SQLException failure);

    /**
     * Whether a failure says the connection itself is gone (the server ended it, the network
     * dropped): the connection must be replaced, not used again. SQLState class 08 by default.
     */
    default boolean isConnectionLost(SQLException failure) {
        return failure.getSQLState() != null && failure.getSQLState().startsWith("08");
    }

    /** The schema version stored in the database; 0 for a database this project never migrated. */
    int schemaVersion(Connection connection) throws SQLException;

    /** Stores the schema version, inside the migration's transaction. */
    void setSchemaVersion(Connection connection, int version) throws SQLException;

    /**
     * Applies the settings this library relies on that live in the database itself (SQLite: the WAL
     * journal). Called once per open, after the schema version was found to be one this build may
     * write: a database of a newer version is left exactly as it is.
     */
    void prepareForWrites(Connection connection) throws SQLException;

    /** Whether the database already holds any registry table (a file written by another tool). */
    boolean hasTables(Connection connection) throws SQLException;

    /** The column definition of an auto-incremented integer primary key ({@code events.id}). */
    String autoIncrementPrimaryKey();

    /**
     * The statements that keep {@code resource_counts} in step with {@code resources}: triggers, so
     * that every writer of the database (the TypeScript registry too, on a shared SQLite file) keeps
     * the counts without knowing of them. Run once, by the schema step that creates the table.
     */
    List<String> resourceCountTriggers();

    /**
     * The statements that version every change of {@code resources.outputs} into
     * {@code output_versions} (schema version 9): triggers, so that every writer of the database
     * is versioned, the TypeScript registry too. A row inserted with outputs other than
     * {@code '{}'}, or an update that changes them, adds a version; a write of the same value adds
     * none. The version is the library's (its {@code outputs_by}, {@code outputs_deployment_id}
     * and {@code updated_at}) when the write changed {@code outputs_write_token}, else another
     * tool's (by and deployment unknown, recorded at the database's clock). Run once, by the
     * schema step that creates the table.
     */
    List<String> outputVersionTriggers();

    /**
     * Makes a copy of the database beside it before a migration changes it, when the database can
     * be copied that way. Called by the process that holds the write lock and is about to migrate
     * (so no two copy at once, and none copies what another already migrated); the copy is read
     * through a connection of the dialect's own, since the caller's is inside its transaction. The
     * copy is private while it is written, and appears under its name only once complete.
     *
     * @param fromVersion the version being migrated from (part of the copy's name)
     * @return where the copy is, or empty when this database keeps no such copy
     */
    Optional<String> backupBeforeMigration(int fromVersion) throws SQLException;

    /**
     * After rows were inserted with explicit values in an auto-incremented key column, makes the
     * next generated value larger than any of them (SQLite does this itself).
     */
    void syncIdentity(Connection connection, String table, String column) throws SQLException;

    /**
     * An SQL expression giving the JSON text of one member of a JSON object held as text in
     * {@code column} ({@code "text"} quoted for a string), or NULL when the column is NULL, is not
     * valid JSON, or has no such member. {@code path} is an SQL expression for the member's path,
     * {@code $."name"}. Empty when a malformed row would fail the whole query (PostgreSQL's
     * {@code ::json} raises), so callers read the text and parse it themselves.
     */
    default Optional<String> jsonMember(String column, String path) {
        return Optional.empty();
    }

    /**
     * What ends a {@code SELECT} that reads a row in order to write it back in the same
     * transaction: PostgreSQL's {@code FOR UPDATE}, which locks the row against writers that do not
     * take the registry's write lock (single statements); nothing on SQLite, whose write
     * transaction ({@code BEGIN IMMEDIATE}) already keeps every other writer out.
     */
    default String forUpdate() {
        return "";
    }

    /**
     * The database's own structural checks (SQLite: {@code PRAGMA integrity_check}), as lines that
     * name each problem; empty when all is well or the database has no such check (a server keeps
     * its own files whole).
     */
    default List<String> integrityProblems(Connection connection) throws SQLException {
        return List.of();
    }

    /**
     * Rows whose parent row is missing, as the database finds them when foreign keys were not
     * enforced (SQLite files written with them off); empty where they are always enforced.
     */
    default List<String> foreignKeyProblems(Connection connection) throws SQLException {
        return List.of();
    }

    /**
     * A warning when the database file can be read by other users (a file made by a tool that
     * left it to the umask): checked on every open, as gh and kubectl check their credentials.
     */
    default Optional<String> exposure() {
        return Optional.empty();
    }

    /** The database file, when the database is one (its permissions are checked). */
    default Optional<java.nio.file.Path> file() {
        return Optional.empty();
    }

    /**
     * Why the database must be opened read-only though its schema is one this build writes: a
     * SQLite file opened by a read command when the file or its file system cannot be written.
     * Empty when it can be opened for writing.
     */
    default Optional<String> readOnlyBecause() {
        return Optional.empty();
    }

    /**
     * Whether this database keeps {@link PublicOutputs masked copies} of resource outputs, for
     * roles that may not read the outputs themselves (PostgreSQL). Every write of outputs then
     * writes the copy too.
     */
    default boolean keepsPublicOutputs() {
        return false;
    }

    /**
     * Who the connection reads as: the database role, and whether it may read sensitive values
     * (SELECT on {@code resources.outputs}). Asked once per open, after the schema is current.
     */
    default Access access(Connection connection) throws SQLException {
        return new Access(System.getProperty("user.name", "you"), true);
    }

    /**
     * The role a connection works as, and whether it may read the sensitive columns.
     *
     * @param role the database role (on SQLite, the user of the process)
     * @param readsSecrets whether it may select {@code resources.outputs}; when not, reads go to
     *     the masked copies
     */
    record Access(String role, boolean readsSecrets) {}

    /** A sentence that explains a failure to open the database, when the database can say more than its code. */
    default Optional<String> explainOpenFailure(SQLException failure) {
        return Optional.empty();
    }
}
