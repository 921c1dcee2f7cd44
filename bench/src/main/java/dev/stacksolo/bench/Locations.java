package dev.stacksolo.bench;

import dev.stacksolo.registry.Registry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh registries for one workload run: SQLite files (in a temporary folder, or at
 * {@code STACKSOLO_REGISTRY_PATH} and beside it), or new schemas in the PostgreSQL database of
 * {@code STACKSOLO_REGISTRY_URL}, dropped on close.
 */
abstract class Locations implements AutoCloseable {

    /** The registry number {@code index} of this run (0: phases 1-3, 5, 6; 1: phase 4), fresh. */
    abstract Registry open(int index);

    @Override
    public void close() throws SQLException {}

    static Locations fresh() throws IOException {
        String url = System.getenv(Registry.URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new PostgresSchemas(url);
        }
        String configured = System.getenv(Registry.PATH_VARIABLE);
        Path first;
        if (configured != null && !configured.isBlank()) {
            first = Path.of(configured);
            if (Files.exists(first)) {
                throw new IllegalStateException(first + " exists; the workload needs a fresh registry");
            }
        } else {
            first = Files.createTempDirectory("stacksolo-workload").resolve("registry.db");
        }
        return new SqliteFiles(first);
    }

    private static final class SqliteFiles extends Locations {
        private final Path first;

        SqliteFiles(Path first) {
            this.first = first;
        }

        @Override
        Registry open(int index) {
            return Registry.open(index == 0 ? first : first.resolveSibling(first.getFileName() + ".batch"));
        }
    }

    private static final class PostgresSchemas extends Locations {
        private final String url;
        private final List<String> created = new ArrayList<>();

        PostgresSchemas(String url) {
            this.url = url;
        }

        @Override
        Registry open(int index) {
            String schema = "stacksolo_workload_" + ProcessHandle.current().pid() + "_" + index;
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                statement.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the schema " + schema + ": " + e.getMessage(), e);
            }
            created.add(schema);
            return Registry.open(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        }

        @Override
        public void close() throws SQLException {
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                for (String schema : created) {
                    statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }
    }
}
