package dev.stacksolo.bench;

import dev.stacksolo.registry.Registry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The driver's floor: the statements of {@code ../shared/tools/sqlite-floor.py}, in the workload's
 * commit patterns, through prepared sqlite-jdbc statements in a fresh JVM, with no registry code
 * between. The tables are the registry's own (made by {@link Registry#open}, then closed: their
 * triggers, the output versions' of schema version 9 included, run here as they do under the
 * registry, so the ratio to this floor is the registry's own code), with the
 * same pragmas ({@code journal_mode=WAL}, {@code synchronous=FULL}, {@code foreign_keys=ON},
 * {@code temp_store=MEMORY}).
 *
 * <p>With {@code STACKSOLO_BENCH_VERSIONS=off} the output versions' triggers are dropped after the
 * registry made them: the same statements without versioning, so that the difference is what
 * versioning costs in SQLite and the driver themselves, per write ({@code bench/compare} runs both).
 *
 * <p>Usage: {@code DriverFloor P R L}; prints the workload's phase lines and check line. What it
 * measures: how much of the workload's time is sqlite-jdbc and SQLite in a cold JVM, so that the
 * workload divided by this is what the registry's own code costs (docs/performance.md).
 */
public final class DriverFloor {

    private static final String[] TYPES = {"container", "function", "database", "cache", "bucket"};
    private static final Map<String, String> DEFAULT_PROPERTY = Map.of("container", "url", "function", "url",
            "database", "connectionString", "cache", "host", "bucket", "name");
    private static final String NOW = "2026-11-23T00:00:00.000Z";

    private DriverFloor() {}

    /** Runs the floor; arguments P R L. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: driver-floor P R L   (projects, resources per project, look-ups)");
            System.exit(2);
        }
        int projects = Integer.parseInt(args[0]);
        int resources = Integer.parseInt(args[1]);
        int lookups = Integer.parseInt(args[2]);
        Path folder = Files.createTempDirectory("stacksolo-driver-floor");
        long counted;
        long sink;
        try (Connection connection = fresh(folder.resolve("registry.db"))) {
            String[] projectIds = Phases.timed("register", projects, () -> register(connection, projects));
            Phases.timed("upsert", projects * resources, () -> upsert(connection, projectIds, resources));
            Phases.timed("outputs", projects * (resources + 3), () -> outputs(connection, projectIds, false));
            sink = Phases.timed("resolve", lookups, () -> resolve(connection, projects, resources, lookups));
            counted = Phases.timed("list", projects, () -> list(connection));
        }
        try (Connection connection = fresh(folder.resolve("batch.db"))) {
            String[] projectIds = register(connection, projects);
            upsert(connection, projectIds, resources);
            Phases.timed("outputs-batch", projects, () -> outputs(connection, projectIds, true));
        }
        System.out.println("check resources=" + counted + " sink=" + sink);
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static Connection fresh(Path file) throws SQLException {
        Registry.open(file).close(); // the registry's tables, indexes and triggers
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("PRAGMA foreign_keys=ON");
            statement.execute("PRAGMA temp_store=MEMORY"); // as the registry: statement journals never spill to a file
            if ("off".equals(System.getenv("STACKSOLO_BENCH_VERSIONS"))) {
                statement.execute("DROP TRIGGER output_versions_insert");
                statement.execute("DROP TRIGGER output_versions_update");
            }
        }
        return connection;
    }

    private static String[] register(Connection connection, int projects) throws SQLException {
        String[] ids = new String[projects];
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO projects VALUES (?, ?, ?, ?, ?, NULL, 'pending', NULL, ?, ?)")) {
            for (int p = 0; p < projects; p++) {
                ids[p] = UUID.randomUUID().toString();
                insert.setString(1, ids[p]);
                insert.setString(2, "proj-" + p);
                insert.setString(3, "gcp-" + (p % 7));
                insert.setString(4, "us-central1");
                insert.setString(5, "/home/dev/p" + p + "/.stacksolo/stacksolo.config.json");
                insert.setString(6, NOW);
                insert.setString(7, NOW);
                insert.executeUpdate();
            }
        }
        return ids;
    }

    private static Void upsert(Connection connection, String[] projectIds, int resources) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO resources"
                // the format's columns named: the registry's own later columns (sensitive_outputs) take their default
                + " (id, project_id, type, name, network, resource_type, config, outputs, status, pulumi_urn,"
                + " last_deployed_at, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, 'main', 'gcp-cdktf:cloud_run', ?, NULL, 'pending', NULL, NULL, ?, ?)")) {
            for (int p = 0; p < projectIds.length; p++) {
                connection.setAutoCommit(false);
                for (int r = 0; r < resources; r++) {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, projectIds[p]);
                    insert.setString(3, TYPES[r % 5]);
                    insert.setString(4, "res-" + r);
                    insert.setString(5, "{\"memory\":\"512Mi\",\"idx\":" + r + "}");
                    insert.setString(6, NOW);
                    insert.setString(7, NOW);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
        return null;
    }

    /**
     * Phase 3 (each statement its own transaction) or, batched, phase 4 (one per project). Each
     * project's resources are listed first, every column read as text, as the workload lists them.
     */
    private static Void outputs(Connection connection, String[] projectIds, boolean batched) throws SQLException {
        try (PreparedStatement list = connection.prepareStatement("SELECT id, project_id, type, name, network,"
                        + " resource_type, config, outputs, status, pulumi_urn, last_deployed_at, created_at, updated_at"
                        + " FROM resources WHERE project_id = ? ORDER BY network, name, type");
                PreparedStatement outputs = connection.prepareStatement("UPDATE resources SET outputs = ?,"
                        + " status = 'ready', last_deployed_at = ?, updated_at = ? WHERE id = ?");
                PreparedStatement deployment = connection.prepareStatement("INSERT INTO deployments (id, project_id,"
                        + " action, status, config_snapshot, log_path, error, started_at, completed_at) VALUES"
                        + " (?, ?, 'deploy', 'pending', ?, NULL, NULL, ?, NULL)");
                PreparedStatement succeeded = connection.prepareStatement(
                        "UPDATE deployments SET status = 'succeeded', completed_at = ? WHERE id = ?");
                PreparedStatement deployed = connection.prepareStatement(
                        "UPDATE projects SET status = 'deployed', last_deployed_at = ?, updated_at = ? WHERE id = ?")) {
            for (int p = 0; p < projectIds.length; p++) {
                connection.setAutoCommit(!batched);
                List<String[]> listed = new ArrayList<>();
                list.setString(1, projectIds[p]);
                try (ResultSet rows = list.executeQuery()) {
                    while (rows.next()) {
                        String[] row = new String[13];
                        for (int column = 0; column < row.length; column++) {
                            row[column] = rows.getString(column + 1);
                        }
                        listed.add(row);
                    }
                }
                for (String[] resource : listed) {
                    outputs.setString(1, Workload.outputsText(p, resource[3]));
                    outputs.setString(2, NOW);
                    outputs.setString(3, NOW);
                    outputs.setString(4, resource[0]);
                    if (batched) {
                        outputs.addBatch();
                    } else {
                        outputs.executeUpdate();
                    }
                }
                if (batched) {
                    outputs.executeBatch();
                }
                String id = UUID.randomUUID().toString();
                deployment.setString(1, id);
                deployment.setString(2, projectIds[p]);
                deployment.setString(3, "{\"project\":{\"name\":\"proj-" + p + "\"}}");
                deployment.setString(4, NOW);
                deployment.executeUpdate();
                succeeded.setString(1, NOW);
                succeeded.setString(2, id);
                succeeded.executeUpdate();
                deployed.setString(1, NOW);
                deployed.setString(2, NOW);
                deployed.setString(3, projectIds[p]);
                deployed.executeUpdate();
                if (batched) {
                    connection.commit();
                }
            }
            connection.setAutoCommit(true);
        }
        return null;
    }

    /** The registry's reference query, with the property read by SQLite (as the floor's shell does). */
    private static long resolve(Connection connection, int projects, int resources, int lookups) throws SQLException {
        String select = "SELECT json_extract(r.outputs, '$.' || ?) FROM projects p JOIN resources r"
                + " ON r.project_id = p.id AND r.name = ?";
        long sink = 0;
        try (PreparedStatement inNetwork = connection.prepareStatement(select + " AND r.network = ? WHERE p.name = ?");
                PreparedStatement anyNetwork = connection.prepareStatement(select + " WHERE p.name = ?")) {
            for (long i = 0; i < lookups; i++) {
                long p = (i * 7919) % projects;
                long r = (i * 104729) % resources;
                PreparedStatement statement = i % 2 == 1 ? inNetwork : anyNetwork;
                int at = 1;
                statement.setString(at++, i % 2 == 1 ? "url" : DEFAULT_PROPERTY.get(TYPES[(int) (r % 5)]));
                statement.setString(at++, "res-" + r);
                if (i % 2 == 1) {
                    statement.setString(at++, "main");
                }
                statement.setString(at, "proj-" + p);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    sink += row.getString(1).length();
                }
            }
        }
        return sink;
    }

    private static long list(Connection connection) throws SQLException {
        long total = 0;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT p.id, p.name, coalesce(c.n, 0) FROM projects p"
                        + " LEFT JOIN resource_counts c ON c.project_id = p.id ORDER BY p.name")) {
            while (rows.next()) {
                total += rows.getLong(3);
            }
        }
        return total;
    }
}
