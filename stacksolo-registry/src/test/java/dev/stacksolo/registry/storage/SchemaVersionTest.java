package dev.stacksolo.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.ReadOnlyRegistryException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.db.Schema;
import dev.stacksolo.registry.testing.Backend;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.Fixtures;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;

/**
 * Schema versions on both databases (SQLite's {@code user_version}, PostgreSQL's
 * {@code stacksolo_schema} table): a new registry gets the current version, an existing one of
 * version 0 is migrated in place, and one newer than this build is opened read-only.
 */
class SchemaVersionTest {

    private static int version(BothDatabases.Location location, Backend backend) {
        Object value = Sql.rows(location.url(), backend == Backend.SQLITE ? "PRAGMA user_version"
                : "SELECT max(version) AS v FROM stacksolo_schema").get(0).values().iterator().next();
        return ((Number) value).intValue();
    }

    private static void setVersion(BothDatabases.Location location, Backend backend, int version) {
        if (backend == Backend.SQLITE) {
            Sql.execute(location.url(), "PRAGMA user_version = " + version);
        } else {
            Sql.execute(location.url(), "UPDATE stacksolo_schema SET version = " + version);
        }
    }

    @RegistryTest
    void aNewRegistryHasTheCurrentVersion(Registry registry, BothDatabases.Location location, Backend backend) {
        Fixtures.project(registry, "app");

        assertThat(version(location, backend)).isEqualTo(Schema.CURRENT_VERSION);
    }

    @RegistryTest
    void aVersionZeroRegistryWithRowsIsMigratedInPlaceWithNothingLost(Registry registry,
            BothDatabases.Location location, Backend backend) {
        Fixtures.project(registry, "kept");
        registry.close();
        // back to what another tool leaves: the format's tables, no version, no index of ours
        Sql.execute(location.url(), "DROP INDEX idx_resources_project_name");
        if (backend == Backend.SQLITE) {
            Sql.execute(location.url(), "PRAGMA user_version = 0");
        } else {
            Sql.execute(location.url(), "DROP TABLE stacksolo_schema");
        }

        try (Registry reopened = Registry.open(location.url())) {
            assertThat(reopened.service().findProjectByName("kept")).isPresent();
            Fixtures.project(reopened, "added");
        }
        assertThat(version(location, backend)).isEqualTo(Schema.CURRENT_VERSION);
        assertThat(Sql.rows(location.url(), "SELECT name FROM projects ORDER BY name"))
                .extracting(row -> row.get("name")).containsExactly("added", "kept");
    }

    /** The schema version just before the step that adds {@code staged_outputs} (issue 16, part S). */
    private static final int BEFORE_STAGED_OUTPUTS = 10;

    @RegistryTest
    void aRegistryFromBeforeStagedWritesGainsTheTableWithNothingLost(Registry registry,
            BothDatabases.Location location, Backend backend) {
        dev.stacksolo.registry.types.RegistryProject project = Fixtures.project(registry, "app");
        dev.stacksolo.registry.types.RegistryResource api = Fixtures.deployed(registry, project,
                dev.stacksolo.registry.types.ResourceType.CONTAINER, "api", "main", java.util.Map.of("url", "https://old"));
        registry.close();
        Sql.execute(location.url(), "DROP TABLE staged_outputs");
        setVersion(location, backend, BEFORE_STAGED_OUTPUTS);

        try (Registry reopened = Registry.open(location.url());
                dev.stacksolo.registry.service.LockedDeployment deploy = reopened.deployments().start(
                        dev.stacksolo.registry.types.CreateDeploymentInput.builder().projectId(project.id())
                                .action(dev.stacksolo.registry.types.DeploymentAction.DEPLOY)
                                .configSnapshot(java.util.Map.of()).build())) {
            assertThat(reopened.references().resolve("@app/main/api")).isEqualTo("https://old");
            deploy.mergeResourceOutputs(api.id(), java.util.Map.of("url", "https://new"));
            assertThat(reopened.references().resolve("@app/main/api")).isEqualTo("https://old");
            deploy.succeed();
            assertThat(reopened.references().resolve("@app/main/api")).isEqualTo("https://new");
        }
        assertThat(version(location, backend)).isEqualTo(Schema.CURRENT_VERSION);
    }

    @RegistryTest
    void aNewerVersionIsOpenedReadOnlyWithAMessage(Registry registry, BothDatabases.Location location, Backend backend) {
        Fixtures.project(registry, "app");
        registry.close();
        setVersion(location, backend, Schema.CURRENT_VERSION + 1);

        try (Registry newer = Registry.open(location.url())) {
            assertThat(newer.isReadOnly()).isTrue();
            assertThat(newer.notices()).singleElement().asString()
                    .contains("schema version " + (Schema.CURRENT_VERSION + 1)).contains("read-only");
            assertThat(newer.service().findProjectByName("app")).isPresent();
            assertThatThrownBy(() -> Fixtures.project(newer, "other")).isInstanceOf(ReadOnlyRegistryException.class);
        }
        assertThat(version(location, backend)).isEqualTo(Schema.CURRENT_VERSION + 1);
    }

    @RegistryTest
    void aNewerVersionIsNotExportedSinceTheExportWouldDropWhatItDoesNotKnow(Registry registry,
            BothDatabases.Location location, Backend backend) {
        Fixtures.project(registry, "app");
        registry.close();
        setVersion(location, backend, Schema.CURRENT_VERSION + 1);

        try (Registry newer = Registry.open(location.url())) {
            assertThatThrownBy(() -> newer.transfer().exportDocument())
                    .isInstanceOf(ReadOnlyRegistryException.class)
                    .hasMessageContaining("cannot export").hasMessageContaining("newer");
        }
    }
}
