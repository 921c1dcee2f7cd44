package dev.stacksolo.registry.db;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.Locations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * PostgreSQL through pgjdbc, for a registry a team shares.
 *
 * <p>Write transactions take one transaction-scoped advisory lock first, so writers run one at a
 * time as they do on SQLite: the services' read-then-write sequences (an upsert, a rename) need no
 * retry loop, no deadlock is possible, and the lock is released by commit or rollback even when
 * the client dies. Writes are short (milliseconds), so serializing them costs little. The schema
 * version lives in the table {@code stacksolo_schema}.
 */
public final class PostgresDialect implements Dialect {

    /** The advisory lock key of the registry's write transactions ("stacksolo" as a number). */
    static final long WRITE_LOCK_KEY = 0x737461636b736f6cL;

    // serialization failure, deadlock, lock not available, connection failures during a retry window
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03");

    private final String url;

    /** A dialect for the database at {@code url} ({@code jdbc:postgresql://host:port/db?user=…}). */
    public PostgresDialect(String url) {
        this.url = url;
    }

    @Override
    public String displayLocation() {
        return Locations.mask(url);
    }

    /**
     * The server's refusals to open the registry, each with what to do: no such database, no
     * server listening, authentication failed (the server's words, secrets masked).
     */
    @Override
    public Optional<String> explainOpenFailure(SQLException failure) {
        String state = String.valueOf(failure.getSQLState());
        String said = failure.getMessage() == null ? state : dev.stacksolo.registry.Secrets.maskDatabaseMessage(
                failure.getMessage().lines().findFirst().orElse("")).replaceFirst("^(FATAL|ERROR): ", "");
        String where = "could not open the registry at " + displayLocation() + ": ";
        java.util.regex.Matcher address = ADDRESS.matcher(url);
        String host = address.lookingAt() ? address.group(1) : "localhost";
        String port = address.lookingAt() && address.group(2) != null ? address.group(2) : "5432";
        String database = address.lookingAt() ? address.group(3) : "";
        java.util.regex.Matcher userParameter = USER.matcher(url);
        Optional<String> user = userParameter.find() ? Optional.of(userParameter.group(1)) : Optional.empty();
        return switch (state) {
            case "3D000" -> Optional.of(where + said + "; create it (createdb -h " + host + " -p " + port
                    + user.map(u -> " -U " + u).orElse("") + " " + database + ") or fix the URL");
            case "28P01", "28000" -> Optional.of(where + said + "; check the role and its password (the URL's user and password"
                    + " parameters, PGPASSWORD or ~/.pgpass) and the server's pg_hba.conf, or ask the database's"
                    + " admin for a role");
            case "08001", "08004", "08006" -> Optional.of(where + said.replaceFirst("\\. Check that the hostname.*$", "")
                    + "; check that PostgreSQL is running on " + host + " port " + port + " and accepts TCP"
                    + " connections, or fix the host and port in the URL");
            default -> Optional.empty();
        };
    }

    /** Host, port and database of a JDBC URL. */
    private static final java.util.regex.Pattern ADDRESS =
            java.util.regex.Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([^?;]*)");
    private static final java.util.regex.Pattern USER = java.util.regex.Pattern.compile("[?&]user=([^&]+)");

    @Override
    public Connection connect(boolean readOnly) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", "stacksolo");
        properties.setProperty("connectTimeout", "10");
        String password = System.getenv("PGPASSWORD");
        if (password != null && !url.contains("password=")) {
            // PostgreSQL's own tools read PGPASSWORD; pgjdbc reads ~/.pgpass but not the variable
            properties.setProperty("password", password);
        }
        Connection connection = driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL: " + displayLocation());
        }
        connection.setReadOnly(readOnly);
        return connection;
    }

    /**
     * pgjdbc, which the library declares optional (SQLite users need not carry it): without it on
     * the class path, a message that says what to add instead of a NoClassDefFoundError.
     */
    private static java.sql.Driver driver() {
        try {
            return new org.postgresql.Driver();
        } catch (NoClassDefFoundError missing) {
            throw new DatabaseException("cannot open a PostgreSQL registry: the PostgreSQL driver is not on the class"
                    + " path. The stacksolo-registry library leaves it optional; add the dependency"
                    + " org.postgresql:postgresql (42.7 or later) to your project to use a PostgreSQL registry", missing);
        }
    }

    @Override
    public void prepareForWrites(Connection connection) {
        // nothing lives in the database that this library must set
    }

    @Override
    public void beginWrite(Handle handle) throws SQLException {
        handle.connection().setAutoCommit(false);
        handle.run("SELECT pg_advisory_xact_lock(" + WRITE_LOCK_KEY + ")");
    }

    @Override
    public void beginSnapshot(Handle handle) throws SQLException {
        handle.connection().setAutoCommit(false);
        // the first statement of the transaction: its snapshot is taken at its first query after this
        handle.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    }

    @Override
    public String forUpdate() {
        return " FOR UPDATE";
    }

    @Override
    public void commit(Handle handle) throws SQLException {
        handle.connection().commit();
        handle.connection().setAutoCommit(true);
    }

    @Override
    public void rollback(Handle handle) throws SQLException {
        handle.connection().rollback();
        handle.connection().setAutoCommit(true);
    }

    @Override
    public boolean isConnectionLost(SQLException failure) {
        String state = failure.getSQLState();
        // 57P01-03: the server terminated the session (pg_terminate_backend, a shutdown, a restart)
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    @Override
    public boolean isTransient(SQLException failure) {
        return failure.getSQLState() != null && TRANSIENT_STATES.contains(failure.getSQLState());
    }

    @Override
    public int schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('stacksolo_schema') IS NOT NULL")) {
                if (!exists.next() || !exists.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet version = statement.executeQuery("SELECT max(version) FROM stacksolo_schema")) {
                return version.next() ? version.getInt(1) : 0;
            }
        }
    }

    @Override
    public void setSchemaVersion(Connection connection, int version) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS stacksolo_schema (version INTEGER NOT NULL)");
            statement.execute("DELETE FROM stacksolo_schema");
            statement.execute("INSERT INTO stacksolo_schema (version) VALUES (" + version + ")"); // an int
        }
    }

    @Override
    public boolean hasTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_schema = current_schema() AND table_name IN"
                        + " ('projects', 'resources', 'deployments', 'sessions', 'events')")) {
            return tables.next() && tables.getInt(1) > 0;
        }
    }

    @Override
    public String autoIncrementPrimaryKey() {
        return "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    }

    @Override
    public List<String> resourceCountTriggers() {
        // the function runs with the search path it was created with, so it finds this registry's
        // resource_counts whatever schema the writing session has chosen
        return List.of("""
                CREATE OR REPLACE FUNCTION stacksolo_count_resources() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('DELETE', 'UPDATE') THEN
                    UPDATE resource_counts SET n = n - 1 WHERE project_id = OLD.project_id;
                  END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO resource_counts AS c (project_id, n) VALUES (NEW.project_id, 1)
                      ON CONFLICT (project_id) DO UPDATE SET n = c.n + 1;
                  END IF;
                  RETURN NULL;
                END $$ SET search_path FROM CURRENT""",
                """
                CREATE OR REPLACE FUNCTION stacksolo_forget_resource_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  DELETE FROM resource_counts WHERE project_id = OLD.id;
                  RETURN NULL;
                END $$ SET search_path FROM CURRENT""",
                "DROP TRIGGER IF EXISTS resource_counts_maintained ON resources",
                "CREATE TRIGGER resource_counts_maintained AFTER INSERT OR DELETE OR UPDATE OF project_id"
                        + " ON resources FOR EACH ROW EXECUTE FUNCTION stacksolo_count_resources()",
                "DROP TRIGGER IF EXISTS resource_counts_forget ON projects",
                "CREATE TRIGGER resource_counts_forget AFTER DELETE ON projects"
                        + " FOR EACH ROW EXECUTE FUNCTION stacksolo_forget_resource_count()");
    }

    @Override
    public List<String> outputVersionTriggers() {
        // the write lock first: a writer that does not take it (a single statement, another tool)
        // still gets its version id only when no other writer's transaction is open, so that ids
        // are handed out in the order the changes commit (what a deployment's mark relies on)
        return List.of("""
                CREATE OR REPLACE FUNCTION stacksolo_version_outputs() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                  own boolean;
                BEGIN
                  PERFORM pg_advisory_xact_lock(%d);
                  IF TG_OP = 'INSERT' THEN
                    own := NEW.outputs_write_token IS NOT NULL;
                  ELSE
                    own := NEW.outputs_write_token IS DISTINCT FROM OLD.outputs_write_token;
                  END IF;
                  INSERT INTO output_versions (resource_id, project_id, outputs, sensitive_outputs, recorded_at,
                      deployment_id, recorded_by)
                    VALUES (NEW.id, NEW.project_id, coalesce(NEW.outputs, '{}'), NEW.sensitive_outputs,
                      CASE WHEN own THEN NEW.updated_at
                        ELSE to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END,
                      CASE WHEN own THEN NEW.outputs_deployment_id END,
                      CASE WHEN own THEN NEW.outputs_by END);
                  RETURN NULL;
                END $$ SET search_path FROM CURRENT""".formatted(WRITE_LOCK_KEY),
                "DROP TRIGGER IF EXISTS output_versions_insert ON resources",
                "CREATE TRIGGER output_versions_insert AFTER INSERT ON resources FOR EACH ROW"
                        + " WHEN (NEW.outputs IS NOT NULL AND NEW.outputs <> '{}')"
                        + " EXECUTE FUNCTION stacksolo_version_outputs()",
                "DROP TRIGGER IF EXISTS output_versions_update ON resources",
                "CREATE TRIGGER output_versions_update AFTER UPDATE OF outputs ON resources FOR EACH ROW"
                        + " WHEN (NEW.outputs IS DISTINCT FROM OLD.outputs)"
                        + " EXECUTE FUNCTION stacksolo_version_outputs()");
    }

    @Override
    public boolean keepsPublicOutputs() {
        return true;
    }

    @Override
    public Access access(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_user,"
                        + " has_column_privilege('resources', 'outputs', 'SELECT')")) {
            row.next();
            return new Access(row.getString(1), row.getBoolean(2));
        }
    }

    @Override
    public Optional<String> backupBeforeMigration(int fromVersion) {
        return Optional.empty(); // a server's backups are pg_dump's job (docs/team-registry.md)
    }

    @Override
    public void syncIdentity(Connection connection, String table, String column) throws SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement(
                "SELECT setval(pg_get_serial_sequence(?, ?), coalesce(max(" + column + "), 0) + 1, false) FROM "
                        + table)) { // table and column come from the registry's own table list
            statement.setString(1, table);
            statement.setString(2, column);
            statement.execute();
        }
    }
}
