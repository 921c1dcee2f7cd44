package dev.stacksolo.registry.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.repository.ResourceRepository;
import dev.stacksolo.registry.testing.Backend;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.AsOf;
import dev.stacksolo.registry.types.OutputVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * Schema version 9 (output versions) reached from every older version, on both databases: each
 * older schema is built by the steps as that version's build ran them, filled with rows by plain
 * SQL, then opened by this build. The resources with outputs get one seeded version (recorded at
 * their update time, by nobody known), deployments that ended before keep no mark yet still answer
 * {@code --at}, and writes afterwards are versioned and attributed.
 */
class OutputVersionsMigrationTest {

    private static final String PROJECT = "11111111-1111-4111-8111-111111111111";
    private static final String DB = "22222222-2222-4222-8222-222222222222";
    private static final String BUCKET = "33333333-3333-4333-8333-333333333333";
    private static final String EMPTY = "44444444-4444-4444-8444-444444444444";
    private static final String DEPLOYMENT = "55555555-5555-4555-8555-555555555555";

    private static Dialect dialect(BothDatabases.Location location, Backend backend) {
        return backend == Backend.SQLITE ? new SqliteDialect(Path.of(location.url())) : new PostgresDialect(location.url());
    }

    /** Empties the location: no file, or an empty schema. */
    private static void reset(BothDatabases.Location location, Backend backend) throws Exception {
        if (backend == Backend.SQLITE) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(location.url() + suffix));
            }
            try (var files = Files.list(Path.of(location.url()).getParent())) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file); // the backups of earlier rounds
                }
            }
        } else {
            String schema = (String) Sql.rows(location.url(), "SELECT current_schema() AS s").get(0).get("s");
            Sql.execute(location.url(), "DROP SCHEMA " + schema + " CASCADE", "CREATE SCHEMA " + schema);
        }
    }

    /** Builds the schema of {@code version} as that version's build would have left it. */
    private static void buildAt(BothDatabases.Location location, Backend backend, int version) throws Exception {
        Dialect dialect = dialect(location, backend);
        try (Connection connection = dialect.connect(false)) {
            connection.setAutoCommit(false);
            Schema.migrate(new Handle(connection), dialect, 0, Math.max(version, 1));
            if (version == 0) {
                dialect.setSchemaVersion(connection, 0); // the format's tables only, as another tool leaves them
            }
            connection.commit();
        }
    }

    private static void fill(BothDatabases.Location location, int version) {
        Sql.execute(location.url(),
                "INSERT INTO projects (id, name, gcp_project_id, region, status, created_at, updated_at) VALUES ('"
                        + PROJECT + "', 'shared', 'g', 'r', 'deployed', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
                "INSERT INTO resources (id, project_id, type, name, network, resource_type, config, outputs, status,"
                        + " created_at, updated_at) VALUES ('" + DB + "', '" + PROJECT + "', 'database', 'db', 'main',"
                        + " 'gcp:cloud_sql', '{}', '{\"connectionString\":\"postgres://u:pw@h/db\",\"host\":\"h\"}',"
                        + " 'ready', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')",
                "INSERT INTO resources (id, project_id, type, name, resource_type, config, status, created_at, updated_at)"
                        + " VALUES ('" + BUCKET + "', '" + PROJECT + "', 'bucket', 'assets', 'gcp:storage_bucket', '{}',"
                        + " 'pending', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
                "INSERT INTO resources (id, project_id, type, name, resource_type, config, outputs, status, created_at,"
                        + " updated_at) VALUES ('" + EMPTY + "', '" + PROJECT + "', 'topic', 'events', 'gcp:pubsub_topic',"
                        + " '{}', '{}', 'ready', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
                "INSERT INTO deployments (id, project_id, action, status, config_snapshot, started_at, completed_at)"
                        + " VALUES ('" + DEPLOYMENT + "', '" + PROJECT + "', 'deploy', 'succeeded', '{}',"
                        + " '2026-01-02T00:00:00.000Z', '2026-01-02T00:05:00.000Z')");
        if (version >= 5) {
            Sql.execute(location.url(), "UPDATE resources SET sensitive_outputs = '[\"connectionString\"]' WHERE id = '"
                    + DB + "'");
        }
    }

    @RegistryTest
    void everyOlderVersionMigratesToVersionsWithTheExistingOutputsSeeded(Registry registry,
            BothDatabases.Location location, Backend backend) throws Exception {
        registry.close();
        for (int version = 0; version < 9; version++) {
            reset(location, backend);
            buildAt(location, backend, version);
            fill(location, version);

            try (Registry migrated = Registry.open(location.url())) {
                String at = "from version " + version + " on " + backend;
                List<OutputVersion> seeded = migrated.versions().history(DB, 10);
                assertThat(seeded).as(at).singleElement().satisfies(v -> {
                    assertThat(v.outputs()).containsEntry("host", "h");
                    assertThat(v.recordedAt()).hasToString("2026-01-02T00:00:00Z");
                    assertThat(v.by()).isEmpty();
                    assertThat(v.deploymentId()).isEmpty();
                });
                assertThat(migrated.versions().history(BUCKET, 10)).as(at).isEmpty();
                assertThat(migrated.versions().history(EMPTY, 10)).as(at).isEmpty();
                // ended before versions were kept: as of its end, by its completion time
                assertThat(migrated.versions().resolveAsOf("@shared/main/db.host", AsOf.deployment(DEPLOYMENT))
                        .resolved().text()).as(at).isEqualTo("h");
                if (version >= 5) {
                    assertThat(seeded.get(0).sensitiveKeys()).as(at).contains("connectionString");
                }

                migrated.service().mergeResourceOutputs(DB, Map.of("host", "h2"));
                assertThat(migrated.versions().history(DB, 1)).as(at).singleElement()
                        .satisfies(v -> assertThat(v.by()).contains(ResourceRepository.writer()));
            }
            assertThat(Sql.rows(location.url(), "SELECT count(*) AS n FROM output_versions").get(0).get("n"))
                    .asString().isEqualTo("2");
        }
    }

    @RegistryTest
    void aPlainSqlUpdateOfTheOutputsIsAVersionByNobodyKnownAndTheSameValueIsNone(Registry registry,
            BothDatabases.Location location) {
        var project = dev.stacksolo.registry.testing.Fixtures.project(registry, "app");
        var web = dev.stacksolo.registry.testing.Fixtures.deployed(registry, project,
                dev.stacksolo.registry.types.ResourceType.CONTAINER, "web", null, Map.of("url", "https://a"));
        // what another tool does: the outputs, status and stamps; the attribution columns untouched
        Sql.execute(location.url(), "UPDATE resources SET outputs = '{\"url\":\"https://b\"}', status = 'ready',"
                + " updated_at = '2030-01-01T00:00:00.000Z' WHERE id = '" + web.id() + "'");
        Sql.execute(location.url(), "UPDATE resources SET outputs = '{\"url\":\"https://b\"}' WHERE id = '" + web.id() + "'");
        Sql.execute(location.url(), "UPDATE resources SET status = 'failed' WHERE id = '" + web.id() + "'");

        List<OutputVersion> history = registry.versions().history(web.id(), 10);
        assertThat(history).hasSize(2);
        assertThat(history.get(0).outputs()).containsEntry("url", "https://b");
        assertThat(history.get(0).by()).isEmpty();
        assertThat(history.get(0).deploymentId()).isEmpty();
        assertThat(history.get(1).by()).contains(ResourceRepository.writer());
    }
}
