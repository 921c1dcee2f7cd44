package dev.stacksolo.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh PostgreSQL schemas for the end-to-end tests, each dropped after the test that made it: one
 * registry per test on the test server ({@code STACKSOLO_TEST_POSTGRES_URL}, by default the local
 * {@code test} database). Without a server the test is skipped, unless
 * {@code STACKSOLO_TEST_POSTGRES_REQUIRED=1} (as in CI), where it fails.
 *
 * <pre>{@code
 * @RegisterExtension final PostgresSchemas postgres = new PostgresSchemas();
 * String url = postgres.fresh();   // jdbc:postgresql://…&currentSchema=it_…
 * }</pre>
 */
final class PostgresSchemas implements AfterEachCallback {

    /** The test server's JDBC URL (a database, with its {@code user}). */
    static final String URL = System.getenv().getOrDefault("STACKSOLO_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final List<String> made = new ArrayList<>();

    /** Where a test's registry lives: a SQLite file, or a schema of the test server. */
    enum Backend { SQLITE, POSTGRESQL }

    /** The URL of a new, empty schema, dropped after the test; skips (or fails) without a server. */
    String fresh() {
        return URL + "&currentSchema=" + freshSchema();
    }

    /** The name of a new, empty schema of the test server, dropped after the test. */
    String freshSchema() {
        String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("cannot create the schema " + schema + " on " + URL, e);
        }
        made.add(schema);
        return schema;
    }

    /**
     * Points {@code stacksolo} at a fresh registry on {@code backend} ({@code STACKSOLO_REGISTRY_URL}
     * for PostgreSQL, its default file for SQLite) and returns its location.
     */
    String use(Backend backend, StackSoloProcess stacksolo) {
        if (backend == Backend.SQLITE) {
            return stacksolo.defaultRegistry().toString();
        }
        String location = fresh();
        stacksolo.env("STACKSOLO_REGISTRY_URL", location);
        return location;
    }

    /** A connection to the test server as its superuser; skips (or fails) without a server. */
    static Connection connect() {
        try {
            return DriverManager.getConnection(URL);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("STACKSOLO_TEST_POSTGRES_REQUIRED"))) {
                throw new AssertionError("PostgreSQL required but unreachable at " + URL, e);
            }
            Assumptions.abort("no PostgreSQL at " + URL + ": set STACKSOLO_TEST_POSTGRES_URL to enable");
            throw new AssertionError(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (made.isEmpty()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
            for (String schema : made) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } finally {
            made.clear();
        }
    }
}
