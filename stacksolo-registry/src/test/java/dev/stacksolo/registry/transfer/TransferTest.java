package dev.stacksolo.registry.transfer;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.ImportConflictException;
import dev.stacksolo.registry.InvalidDocumentException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.service.TransferService;
import dev.stacksolo.registry.service.TransferService.MigrationReport;
import dev.stacksolo.registry.testing.Backend;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.PostgresScratch;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.UpdateProjectInput;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export, import and migration of a whole registry, between SQLite and PostgreSQL. */
class TransferTest {

    @TempDir
    Path folder;

    /** Fills a registry with a bit of everything, events included (written as the TypeScript registry does). */
    static void populate(Registry registry, String location) {
        RegistryProject shared = project(registry, "shared-infra");
        deployed(registry, shared, ResourceType.DATABASE, "users-db", "main",
                Map.of("connectionString", "postgresql://app:s3cret@10.0.0.5/users", "port", 5432));
        deployed(registry, shared, ResourceType.BUCKET, "assets", null, null);
        RegistryProject api = project(registry, "api");
        deployed(registry, api, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://api.example.com"));
        RegistryDeployment deployment = registry.service().recordDeployment(CreateDeploymentInput.builder()
                .projectId(shared.id()).action(DeploymentAction.DEPLOY).logPath("/tmp/log")
                .configSnapshot(Map.of("project", Map.of("name", "shared-infra", "tags", List.of("a", "b")))).build());
        registry.service().markDeploymentFailed(deployment.id(), "quota exceeded");
        Sql.execute(location,
                "INSERT INTO sessions (id, started_at, finished_at, command, args, project_name, exit_code)"
                        + " VALUES ('1f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c', '2026-11-20T10:10:00.000Z',"
                        + " '2026-11-20T10:15:31.000Z', 'deploy', '[\"--yes\"]', 'shared-infra', 0)",
                "INSERT INTO events (session_id, timestamp, seq, project, category, event_type, data)"
                        + " VALUES ('1f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c', '2026-11-20T10:10:00.001Z', 1,"
                        + " 'shared-infra', 'internal', 'session_start', '{}')",
                "INSERT INTO events (session_id, timestamp, seq, project, category, event_type, resource_name, data)"
                        + " VALUES ('1f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c', '2026-11-20T10:12:00.000Z', 2,"
                        + " 'shared-infra', 'terraform', 'apply_end', 'users-db', '{\"durationMs\":120000}')");
    }

    private static Object tables(Map<String, Object> document) {
        return document.get("tables");
    }

    @RegistryTest
    void exportThenImportIntoAFreshSqliteRegistryReproducesEveryRow(Registry registry, BothDatabases.Location location)
            throws Exception {
        populate(registry, location.url());
        Map<String, Object> exported = registry.transfer().exportDocument();

        try (Registry fresh = Registry.open(folder.resolve("copy.db"))) {
            Map<String, TransferService.TableCounts> counts = fresh.transfer().importDocument(
                    Json.readObject(Json.write(exported)), false);

            assertThat(counts.get("projects").inserted()).isEqualTo(2);
            assertThat(counts.get("resources").inserted()).isEqualTo(3);
            assertThat(counts.get("events").inserted()).isEqualTo(2);
            assertThat(tables(fresh.transfer().exportDocument())).isEqualTo(tables(exported));
            assertThat(fresh.transfer().checksum()).isEqualTo(registry.transfer().checksum());
            assertThat(fresh.transfer().rowCounts()).isEqualTo(Map.of("projects", 2L, "resources", 3L,
                    "deployments", 1L, "sessions", 1L, "events", 2L, "project_references", 0L, "output_versions", 2L));
            assertThat(fresh.references().resolve("@shared-infra/main/users-db.port")).isEqualTo("5432");
        }
    }

    @Test
    void sqliteToPostgresToExportToFreshSqliteGivesTheSameRows() throws Exception {
        Path source = folder.resolve("source.db");
        try (PostgresScratch scratch = PostgresScratch.create();
                Registry sqlite = Registry.open(source);
                Registry postgres = Registry.open(scratch.url());
                Registry back = Registry.open(folder.resolve("back.db"))) {
            populate(sqlite, source.toString());
            String checksum = sqlite.transfer().checksum();

            MigrationReport report = sqlite.transfer().migrateTo(postgres.transfer(), false);
            back.transfer().importDocument(Json.readObject(Json.write(postgres.transfer().exportDocument())), false);

            assertThat(report.checksum()).isEqualTo(checksum);
            assertThat(report.rowCounts()).containsEntry("events", 2L).containsEntry("projects", 2L);
            assertThat(postgres.transfer().checksum()).isEqualTo(checksum);
            assertThat(back.transfer().checksum()).isEqualTo(checksum);
            assertThat(tables(back.transfer().exportDocument())).isEqualTo(tables(sqlite.transfer().exportDocument()));
            assertThat(postgres.references().resolve("@shared-infra/main/users-db"))
                    .isEqualTo("postgresql://app:s3cret@10.0.0.5/users");
        }
    }

    @RegistryTest
    void migratingTwiceDuplicatesNothingAndLeavesTheSourceUntouched(Registry registry, BothDatabases.Location location) {
        populate(registry, location.url());
        String before = registry.transfer().checksum();

        try (Registry target = Registry.open(folder.resolve("target.db"))) {
            registry.transfer().migrateTo(target.transfer(), false);
            MigrationReport second = registry.transfer().migrateTo(target.transfer(), false);

            assertThat(second.imported().values()).allSatisfy(counts -> {
                assertThat(counts.inserted()).isZero();
                assertThat(counts.overwritten()).isZero();
            });
            assertThat(target.transfer().rowCounts()).isEqualTo(registry.transfer().rowCounts());
            // events got new rows once, and kept their ids: a second session's event continues after them
            Sql.execute(folder.resolve("target.db").toString(),
                    "INSERT INTO events (session_id, timestamp, seq, category, event_type, data) VALUES"
                            + " ('1f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c', '2026-11-21T00:00:00.000Z', 3, 'internal', 'x', '{}')");
        }
        assertThat(registry.transfer().checksum()).isEqualTo(before);
    }

    /**
     * An older version (or the TypeScript registry) stored a deployment's error and log path, a
     * command's arguments and an event's data as given; ours stores them masked. Imported or
     * migrated, they arrive masked as ours, whichever way.
     */
    @RegistryTest
    void anOldRowsUnmaskedErrorLogPathArgumentsAndEventDataArriveMaskedByImportAndMigrate(Registry registry,
            BothDatabases.Location location, Backend backend) throws Exception {
        populate(registry, location.url());
        Sql.execute(location.url(), "UPDATE deployments SET error = 'psql failed: postgresql://app:s3''cr\"OldPw1@db/app;"
                + " PGPASSWORD=OldPw2', log_path = '/tmp/deploy.log?password=OldPw3'");
        // and a logged command's arguments and an event's data, as another tool wrote them
        Sql.execute(location.url(), "UPDATE sessions SET args = '[\"outputs\",\"set\",\"password=OldPw4\","
                + "\"--url=redis://:OldPw5@h\",\"--db-password\",\"OldPw8\"]',"
                + " command = 'deploy postgresql://u:OldPw9@h/db'");
        Sql.execute(location.url(), "UPDATE projects SET region = 'https://admin:OldPwA@h',"
                + " gcp_project_id = 'postgresql://u:OldPwB@h/db'");
        Sql.execute(location.url(), "UPDATE events SET data = '{\"password\": \"OldPw6\","
                + " \"detail\": \"psql --password OldPw7x\"}' WHERE seq = 1");
        Map<String, Object> exported = Json.readObject(Json.write(registry.transfer().exportDocument()));
        String source = registry.transfer().checksum();

        Path imported = folder.resolve("imported.db");
        try (Registry fresh = Registry.open(imported)) {
            fresh.transfer().importDocument(exported, false);
        }
        try (PostgresScratch scratch = backend == Backend.SQLITE ? PostgresScratch.create() : null;
                Registry target = Registry.open(scratch != null ? scratch.url() : folder.resolve("migrated.db").toString())) {
            registry.transfer().migrateTo(target.transfer(), false);
            String targetUrl = scratch != null ? scratch.url() : folder.resolve("migrated.db").toString();

            for (String copy : List.of(imported.toString(), targetUrl)) {
                Map<String, Object> row = Sql.rows(copy, "SELECT error, log_path FROM deployments").get(0);
                assertThat(row.get("error")).as(copy)
                        .isEqualTo("psql failed: postgresql://app:****@db/app; PGPASSWORD=****");
                assertThat(row.get("log_path")).as(copy).isEqualTo("/tmp/deploy.log?password=****");
                assertThat(Sql.rows(copy, "SELECT args FROM sessions").get(0).get("args")).as(copy)
                        .isEqualTo("[\"outputs\",\"set\",\"password=****\",\"--url=redis://:****@h\","
                                + "\"--db-password\",\"****\"]");
                assertThat(Sql.rows(copy, "SELECT command FROM sessions").get(0).get("command")).as(copy)
                        .isEqualTo("deploy postgresql://u:****@h/db");
                assertThat(Sql.rows(copy, "SELECT region, gcp_project_id FROM projects").get(0)).as(copy)
                        .containsEntry("region", "https://admin:****@h")
                        .containsEntry("gcp_project_id", "postgresql://u:****@h/db");
                assertThat(Sql.rows(copy, "SELECT data FROM events WHERE seq = 1").get(0).get("data").toString()).as(copy)
                        .doesNotContain("OldPw6").doesNotContain("OldPw7x").contains("psql --password ****");
            }
        }
        // the source is only read
        assertThat(registry.transfer().checksum()).isEqualTo(source);
        assertThat(Sql.rows(location.url(), "SELECT error FROM deployments").get(0).get("error").toString())
                .contains("OldPw1");
    }

    @RegistryTest
    void importRefusesRowsThatDifferUnlessToldToOverwrite(Registry registry, BothDatabases.Location location)
            throws Exception {
        populate(registry, location.url());
        Map<String, Object> exported = Json.readObject(Json.write(registry.transfer().exportDocument()));
        RegistryProject api = registry.service().findProjectByName("api").orElseThrow();
        registry.service().updateProject(api.id(), UpdateProjectInput.builder().region("asia-east1").build());
        String changed = registry.transfer().checksum();

        assertThatThrownBy(() -> registry.transfer().importDocument(exported, false))
                .isInstanceOfSatisfying(ImportConflictException.class, e ->
                        assertThat(e.getMessage()).contains("projects " + api.id()).contains("--overwrite"));
        assertThat(registry.transfer().checksum()).isEqualTo(changed);

        Map<String, TransferService.TableCounts> counts = registry.transfer().importDocument(exported, true);

        assertThat(counts.get("projects").overwritten()).isEqualTo(1);
        assertThat(registry.service().findProjectById(api.id()).orElseThrow().region()).isEqualTo("us-central1");
    }

    @RegistryTest
    void documentsThatAreNotExportsAreRefused(Registry registry) {
        assertThatThrownBy(() -> registry.transfer().importDocument(Map.of("hello", "world"), false))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> registry.transfer().importDocument(Map.of("format", "stacksolo-registry",
                "formatVersion", 1, "tables", Map.of("projects", List.of(Map.of("id", "x")))), false))
                .isInstanceOf(InvalidDocumentException.class);
        assertThat(registry.service().listProjects()).isEmpty();
    }
}
