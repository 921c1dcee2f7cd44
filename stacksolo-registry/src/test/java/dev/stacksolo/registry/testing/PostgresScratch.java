package dev.stacksolo.registry.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh, empty PostgreSQL registries for tests: each is a new schema in the test database, named
 * by {@code STACKSOLO_TEST_POSTGRES_URL} (default: the local server's {@code test} database as user
 * {@code postgres}), and dropped when the test ends.
 *
 * <p>When no server answers, the tests that need one are skipped with a message saying how to
 * enable them, unless {@code STACKSOLO_TEST_POSTGRES_REQUIRED=1} (as {@code .ci/run} sets), which
 * turns the skip into a failure.
 */
public final class PostgresScratch implements AutoCloseable {

    /** The variable naming the test database. */
    public static final String URL_VARIABLE = "STACKSOLO_TEST_POSTGRES_URL";
    /** The variable that makes an unreachable server a failure instead of a skip. */
    public static final String REQUIRED_VARIABLE = "STACKSOLO_TEST_POSTGRES_REQUIRED";

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static volatile String unavailable;

    private final String baseUrl;
    private final String schema;

    private PostgresScratch(String baseUrl, String schema) {
        this.baseUrl = baseUrl;
        this.schema = schema;
    }

    /**
     * Why PostgreSQL tests cannot run here, or empty when a server answers (or when it is required,
     * so that {@link #create()} fails instead of skipping). Tried once per test run.
     */
    public static synchronized java.util.Optional<String> skipReason() {
        if ("1".equals(System.getenv(REQUIRED_VARIABLE))) {
            return java.util.Optional.empty();
        }
        if (probed == null) {
            try (Connection connection = DriverManager.getConnection(baseUrl())) {
                probed = "";
            } catch (SQLException e) {
                probed = "PostgreSQL tests skipped: no PostgreSQL at " + baseUrl() + " (" + e.getMessage()
                        + "). Start a server, or set " + URL_VARIABLE + "=jdbc:postgresql://host:port/db?user=…"
                        + " to enable them";
                System.err.println(probed);
            }
        }
        return probed.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(probed);
    }

    private static String probed;

    /** The test database's URL. */
    public static String baseUrl() {
        String configured = System.getenv(URL_VARIABLE);
        return configured == null || configured.isBlank() ? DEFAULT_URL : configured;
    }

    /**
     * Creates a fresh schema, or skips the calling test (fails it when PostgreSQL is required)
     * when no server answers.
     */
    public static PostgresScratch create() {
        String base = baseUrl();
        if (unavailable == null) {
            String schema = "stacksolo_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection connection = DriverManager.getConnection(base);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
                return new PostgresScratch(base, schema);
            } catch (SQLException e) {
                unavailable = "no PostgreSQL at " + base + " (" + e.getMessage() + ")";
            }
        }
        String message = "PostgreSQL tests skipped: " + unavailable + ". Start a server, or set " + URL_VARIABLE
                + "=jdbc:postgresql://host:port/db?user=… to enable them";
        if ("1".equals(System.getenv(REQUIRED_VARIABLE))) {
            throw new AssertionError(message.replace("skipped", "required but failed") + " (" + REQUIRED_VARIABLE + "=1)");
        }
        System.err.println(message);
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** The URL of this scratch registry (its own schema). */
    public String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The schema's name. */
    public String schema() {
        return schema.toLowerCase(Locale.ROOT);
    }

    /** Drops the schema with everything in it. */
    @Override
    public void close() {
        try (Connection connection = DriverManager.getConnection(baseUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test schema " + schema, e);
        }
    }
}
