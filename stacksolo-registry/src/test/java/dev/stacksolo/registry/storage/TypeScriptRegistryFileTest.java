package dev.stacksolo.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.ReadOnlyRegistryException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.db.Schema;
import dev.stacksolo.registry.testing.Fixtures;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceStatus;
import dev.stacksolo.registry.types.ResourceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by StackSolo's TypeScript registry, laid out from the format document by the test:
 * this library adopts them in place, reads every row, and writes rows that tool reads back.
 */
class TypeScriptRegistryFileTest {

    private static final String SHARED_INFRA = "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f";
    private static final String ISO_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @TempDir
    Path folder;

    @Test
    void everyRowOfATypeScriptFileReadsBackAsItWasWritten() {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);

        try (Registry registry = Registry.open(file)) {
            RegistryProject shared = registry.service().findProjectByName("shared-infra").orElseThrow();
            assertThat(shared.id()).isEqualTo(SHARED_INFRA);
            assertThat(shared.status()).isEqualTo(ProjectStatus.DEPLOYED);
            assertThat(shared.lastDeployedAt()).contains(Instant.parse("2026-11-20T10:15:30.123Z"));
            assertThat(shared.configHash()).contains("b211990ce5ebec44eb6cb6d17fca9169eb7fa9baabcb42c98ecdafe1a13f32e3");
            RegistryProject api = registry.service().findProjectByName("api").orElseThrow();
            assertThat(api.configPath()).isEmpty();
            assertThat(api.lastDeployedAt()).isEmpty();

            RegistryResource db = registry.service().findResourceByRef(SHARED_INFRA, "users-db", "main").orElseThrow();
            assertThat(db.type()).isEqualTo(ResourceType.DATABASE);
            assertThat(db.status()).isEqualTo(ResourceStatus.READY);
            assertThat(db.config()).containsEntry("databaseVersion", "POSTGRES_15");
            assertThat(db.outputs()).contains(Map.of("connectionString", "postgresql://app:s3cret@10.0.0.5/users",
                    "host", "10.0.0.5", "port", 5432));
            assertThat(registry.service().findResourceByRef(SHARED_INFRA, "assets").orElseThrow().network()).isEmpty();

            List<RegistryDeployment> deployments = registry.service().findDeploymentsByProject(SHARED_INFRA);
            assertThat(deployments).extracting(RegistryDeployment::status)
                    .containsExactly(DeploymentStatus.SUCCEEDED, DeploymentStatus.FAILED);
            assertThat(deployments.get(1).error()).contains("quota exceeded");

            assertThat(registry.references().resolve("@shared-infra/main/users-db.port")).isEqualTo("5432");
            assertThat(registry.service().listProjectSummaries()).extracting(s -> s.resourceCount()).containsExactly(0, 2);
        }
    }

    @Test
    void aVersionZeroFileIsAdoptedInPlaceAfterABackupBesideIt() throws Exception {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);
        String before = sha256(file);

        try (Registry registry = Registry.open(file)) {
            assertThat(registry.notices()).anySatisfy(notice -> assertThat(notice).contains("registry.db.backup-v0-"));
        }

        assertThat(Sql.rows(file.toString(), "PRAGMA user_version")).singleElement()
                .satisfies(row -> assertThat(row.values()).containsExactly(Schema.CURRENT_VERSION));
        assertThat(Sql.rows(file.toString(), "SELECT count(*) AS n FROM events"))
                .singleElement().satisfies(row -> assertThat(row.get("n")).isEqualTo(2));
        assertThat(Sql.rows(file.toString(), "SELECT count(*) AS n FROM sessions"))
                .singleElement().satisfies(row -> assertThat(row.get("n")).isEqualTo(1));
        Path backup;
        try (Stream<Path> files = Files.list(folder)) {
            backup = files.filter(p -> p.getFileName().toString().startsWith("registry.db.backup-v0-")).findFirst().orElseThrow();
        }
        assertThat(Sql.rows(backup.toString(), "PRAGMA user_version")).singleElement()
                .satisfies(row -> assertThat(row.values()).containsExactly(0));
        assertThat(Sql.rows(backup.toString(), "SELECT name FROM projects ORDER BY name"))
                .extracting(row -> row.get("name")).containsExactly("api", "shared-infra");
        assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(before).isNotEqualTo(sha256(file));

        try (Registry again = Registry.open(file)) {
            assertThat(again.notices()).as("no second backup; the TypeScript-made file (0644) is still reported")
                    .singleElement().satisfies(notice -> assertThat(notice)
                            .contains("can be read by other users (rw-r--r--)").contains("stacksolo doctor --fix"));
        }
    }

    @Test
    void rowsThisLibraryWritesHaveTheFormatsValueForms() {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), false);
        try (Registry registry = Registry.open(file)) {
            RegistryProject project = Fixtures.project(registry, "app");
            Fixtures.deployed(registry, project, ResourceType.DATABASE, "db", "main",
                    Map.of("connectionString", "postgres://db"));
            RegistryDeployment deployment = registry.service().recordDeployment(CreateDeploymentInput.builder()
                    .projectId(project.id()).action(DeploymentAction.DEPLOY).configSnapshot(Map.of("a", 1)).build());
            registry.service().markDeploymentSucceeded(deployment.id());
            registry.service().markProjectDeployed(project.id());
        }

        Map<String, Object> project = Sql.rows(file.toString(), "SELECT * FROM projects").get(0);
        assertThat((String) project.get("id")).matches(UUID_V4);
        assertThat(project.get("status")).isEqualTo("deployed");
        for (String column : List.of("created_at", "updated_at", "last_deployed_at")) {
            assertThat((String) project.get(column)).as(column).matches(ISO_MILLIS);
        }
        Map<String, Object> resource = Sql.rows(file.toString(), "SELECT * FROM resources").get(0);
        assertThat(resource.get("type")).isEqualTo("database");
        assertThat(resource.get("status")).isEqualTo("ready");
        assertThat(resource.get("config")).isEqualTo("{\"name\":\"db\"}");
        assertThat(resource.get("outputs")).isEqualTo("{\"connectionString\":\"postgres://db\"}");
        assertThat(resource.get("resource_type")).isEqualTo("gcp-cdktf:database");
        Map<String, Object> row = Sql.rows(file.toString(), "SELECT * FROM deployments").get(0);
        assertThat(row.get("action")).isEqualTo("deploy");
        assertThat(row.get("status")).isEqualTo("succeeded");
        assertThat(row.get("config_snapshot")).isEqualTo("{\"a\":1}");
        assertThat((String) row.get("started_at")).matches(ISO_MILLIS);
        assertThat((String) row.get("completed_at")).matches(ISO_MILLIS);
    }

    @Test
    void deletingAProjectTheWayTheTypeScriptDriverDoesCascadesToOurRows() {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), false);
        String projectId;
        try (Registry registry = Registry.open(file)) {
            RegistryProject project = Fixtures.project(registry, "app");
            projectId = project.id();
            Fixtures.deployed(registry, project, ResourceType.CONTAINER, "api", "main", null);
            registry.service().recordDeployment(CreateDeploymentInput.builder().projectId(projectId)
                    .action(DeploymentAction.DEPLOY).configSnapshot(Map.of()).build());
        }

        Sql.execute(file.toString(), "PRAGMA foreign_keys=ON", "DELETE FROM projects WHERE id = '" + projectId + "'");

        assertThat(Sql.rows(file.toString(), "SELECT * FROM resources")).isEmpty();
        assertThat(Sql.rows(file.toString(), "SELECT * FROM deployments")).isEmpty();
    }

    @Test
    void aTypeScriptFileUnderADeployWithStagedWritesReadsThePublishedOutputsUntilItEnds() {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);
        String usersDb = "7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
        String read = "SELECT outputs FROM resources WHERE id = '" + usersDb + "'";
        try (Registry registry = Registry.open(file)) {
            RegistryProject shared = registry.service().findProjectByName("shared-infra").orElseThrow();
            try (dev.stacksolo.registry.service.LockedDeployment deploy = registry.deployments().start(
                    CreateDeploymentInput.builder().projectId(shared.id()).action(DeploymentAction.DEPLOY)
                            .configSnapshot(Map.of()).build())) {
                deploy.mergeResourceOutputs(usersDb, Map.of("host", "10.0.0.6"));

                // the TypeScript registry reads the column: the published outputs, byte for byte as it wrote them
                assertThat(Sql.rows(file.toString(), read)).singleElement().satisfies(row -> assertThat(row.get("outputs"))
                        .isEqualTo("{\"connectionString\":\"postgresql://app:s3cret@10.0.0.5/users\",\"host\":\"10.0.0.5\",\"port\":5432}"));
                deploy.succeed();
            }
        }
        assertThat(Sql.rows(file.toString(), read)).singleElement().satisfies(row -> assertThat(row.get("outputs"))
                .isEqualTo("{\"connectionString\":\"postgresql://app:s3cret@10.0.0.5/users\",\"host\":\"10.0.0.6\",\"port\":5432}"));
        assertThat(Sql.rows(file.toString(), "SELECT count(*) AS n FROM staged_outputs").get(0).get("n").toString())
                .isEqualTo("0");
    }

    @Test
    void deletingAProjectTheWayTheTypeScriptDriverDoesTakesItsStagedWritesWithIt() {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);
        try (Registry registry = Registry.open(file)) {
            RegistryProject shared = registry.service().findProjectByName("shared-infra").orElseThrow();
            dev.stacksolo.registry.service.LockedDeployment deploy = registry.deployments().start(
                    CreateDeploymentInput.builder().projectId(shared.id()).action(DeploymentAction.DEPLOY)
                            .configSnapshot(Map.of()).build());
            deploy.mergeResourceOutputs("7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", Map.of("host", "10.0.0.6"));
        }

        Sql.execute(file.toString(), "PRAGMA foreign_keys=ON", "DELETE FROM projects WHERE name = 'shared-infra'");

        assertThat(Sql.rows(file.toString(), "SELECT * FROM staged_outputs")).isEmpty();
        assertThat(Sql.rows(file.toString(), "PRAGMA foreign_key_check")).isEmpty();
    }

    @Test
    void unregisteringCascadesToRowsTheTypeScriptRegistryWrote() {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);

        try (Registry registry = Registry.open(file)) {
            assertThat(registry.service().unregisterProjectByName("shared-infra")).isTrue();
        }

        assertThat(Sql.rows(file.toString(), "SELECT * FROM resources")).isEmpty();
        assertThat(Sql.rows(file.toString(), "SELECT * FROM deployments")).isEmpty();
        assertThat(Sql.rows(file.toString(), "SELECT name FROM projects")).extracting(r -> r.get("name")).containsExactly("api");
    }

    @Test
    void aFileFromAnOlderRegistryLackingColumnsGetsThemWithNothingLost() {
        Path file = folder.resolve("registry.db");
        Sql.execute(file.toString(),
                "CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, gcp_project_id TEXT NOT NULL,"
                        + " region TEXT NOT NULL, config_path TEXT, status TEXT NOT NULL DEFAULT 'pending',"
                        + " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
                "INSERT INTO projects VALUES ('" + SHARED_INFRA + "', 'old', 'gcp', 'us-central1', null, 'pending',"
                        + " '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')");

        try (Registry registry = Registry.open(file)) {
            RegistryProject old = registry.service().findProjectByName("old").orElseThrow();
            assertThat(old.configHash()).isEmpty();
            assertThat(old.createdAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.000Z"));
            assertThat(registry.service().markProjectDeployed(old.id()).lastDeployedAt()).isPresent();
        }
    }

    @Test
    void aNewRegistryHasEveryTableAndIndexOfTheFormat() {
        Path file = folder.resolve("new").resolve("registry.db");
        try (Registry registry = Registry.open(file)) {
            assertThat(registry.service().listProjects()).isEmpty();
        }

        List<Object> names = Sql.rows(file.toString(), "SELECT name FROM sqlite_master WHERE type IN ('table', 'index')"
                + " AND name NOT LIKE 'sqlite_%'").stream().map(row -> row.get("name")).toList();
        assertThat(names).contains("projects", "resources", "deployments", "sessions", "events",
                "idx_resources_project", "idx_resources_lookup", "idx_deployments_project", "idx_projects_gcp",
                "idx_events_session", "idx_events_timestamp", "idx_events_resource", "idx_events_correlation",
                "idx_events_type", "idx_events_project");
        assertThat(Sql.rows(file.toString(), "PRAGMA journal_mode")).singleElement()
                .satisfies(row -> assertThat(row.values()).containsExactly("wal"));
    }

    @Test
    void aNewRegistryFolderIsPrivateAndTheFileOwnerOnly() throws Exception {
        Path dir = folder.resolve(".stacksolo");
        try (Registry registry = Registry.open(dir.resolve("registry.db"))) {
            Fixtures.project(registry, "app");
        }

        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("registry.db")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aSchemaNewerThanThisBuildKnowsOpensReadOnlyAndIsNeverRewritten() throws Exception {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);
        Sql.execute(file.toString(), "PRAGMA user_version = " + (Schema.CURRENT_VERSION + 1));
        String before = sha256(file);

        try (Registry registry = Registry.open(file)) {
            assertThat(registry.isReadOnly()).isTrue();
            assertThat(registry.notices()).anySatisfy(n -> assertThat(n).contains("newer").contains("read-only"));
            assertThat(registry.service().findProjectByName("shared-infra")).isPresent();
            assertThatThrownBy(() -> Fixtures.project(registry, "new-one"))
                    .isInstanceOf(ReadOnlyRegistryException.class).hasMessageContaining("Upgrade");
        }

        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedWithAClearMessageAndLeftAlone() throws Exception {
        Path file = Files.writeString(folder.resolve("registry.db"), "this is not a database, it is a text file\n".repeat(200));
        String before = sha256(file);

        assertThatThrownBy(() -> Registry.open(file))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a database");
        assertThat(sha256(file)).isEqualTo(before);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
