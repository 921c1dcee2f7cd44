package dev.stacksolo.registry.storage;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.db.Schema;
import dev.stacksolo.registry.testing.Backend;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.Finding;
import dev.stacksolo.registry.types.ProjectSummary;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resource counts that listings show are kept by triggers in the database (schema version 4),
 * so they stay right whoever writes the resources: this library, another tool with plain SQL, a
 * cascade from a removed project. A registry from before the counts is counted when it is opened,
 * and {@code doctor} finds counts that went out of step and {@code fix} counts again.
 */
class ResourceCountsTest {

    private static Map<String, Integer> listed(Registry registry) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ProjectSummary summary : registry.service().listProjectSummaries()) {
            counts.put(summary.project().name(), summary.resourceCount());
        }
        return counts;
    }

    /** Inserts a resource row as another tool would: plain SQL, no library. */
    private static void insertByAnotherTool(BothDatabases.Location location, RegistryProject project, String name) {
        Sql.execute(location.url(), "INSERT INTO resources (id, project_id, type, name, resource_type, config, status,"
                + " created_at, updated_at) VALUES ('other-" + name + "', '" + project.id() + "', 'bucket', '" + name
                + "', 'gcp-cdktf:storage_bucket', '{}', 'pending', '2026-11-24T00:00:00.000Z',"
                + " '2026-11-24T00:00:00.000Z')");
    }

    @RegistryTest
    void countsFollowEveryWayResourcesAreAddedAndRemoved(Registry registry, BothDatabases.Location location) {
        RegistryProject web = project(registry, "web");
        RegistryProject api = project(registry, "api");
        project(registry, "idle");
        registry.service().upsertResources(web.id(), List.of(resource(ResourceType.CONTAINER, "app", "main").build(),
                resource(ResourceType.DATABASE, "db", "main").build(), resource(ResourceType.BUCKET, "assets", null).build()));
        registry.service().upsertResources(web.id(), List.of(resource(ResourceType.CONTAINER, "app", "main").build()));
        RegistryResource cache = deployed(registry, api, ResourceType.CACHE, "cache", "main", null);
        deployed(registry, api, ResourceType.FUNCTION, "hook", null, null);
        insertByAnotherTool(location, web, "from-elsewhere");

        assertThat(listed(registry)).containsExactly(Map.entry("api", 2), Map.entry("idle", 0), Map.entry("web", 4));

        registry.service().deleteResource(cache.id());
        Sql.execute(location.url(), "DELETE FROM resources WHERE id = 'other-from-elsewhere'");
        assertThat(listed(registry)).containsExactly(Map.entry("api", 1), Map.entry("idle", 0), Map.entry("web", 3));

        registry.service().unregisterProject(web.id());
        assertThat(listed(registry)).containsExactly(Map.entry("api", 1), Map.entry("idle", 0));
        assertThat(Sql.rows(location.url(), "SELECT count(*) AS n FROM resource_counts WHERE project_id = '"
                + web.id() + "'").get(0).get("n")).asString().isEqualTo("0");
    }

    @RegistryTest
    void aRegistryFromBeforeTheCountsIsCountedWhenItIsOpened(Registry registry, BothDatabases.Location location,
            Backend backend) {
        RegistryProject web = project(registry, "web");
        deployed(registry, web, ResourceType.CONTAINER, "app", "main", null);
        project(registry, "idle");
        registry.close();
        // back to version 3: no counts table, no triggers; then another tool adds a resource
        if (backend == Backend.SQLITE) {
            Sql.execute(location.url(), "DROP TRIGGER resource_counts_insert", "DROP TRIGGER resource_counts_delete",
                    "DROP TRIGGER resource_counts_move", "DROP TRIGGER resource_counts_forget", "DROP TABLE resource_counts", "PRAGMA user_version = 3");
        } else {
            Sql.execute(location.url(), "DROP TRIGGER resource_counts_maintained ON resources",
                    "DROP TRIGGER resource_counts_forget ON projects", "DROP FUNCTION stacksolo_count_resources()",
                    "DROP FUNCTION stacksolo_forget_resource_count()", "DROP TABLE resource_counts",
                    "UPDATE stacksolo_schema SET version = 3");
        }
        insertByAnotherTool(location, web, "from-elsewhere");

        try (Registry reopened = Registry.open(location.url())) {
            assertThat(listed(reopened)).containsExactly(Map.entry("idle", 0), Map.entry("web", 2));
            deployed(reopened, web, ResourceType.BUCKET, "assets", null, null);
            assertThat(listed(reopened)).containsEntry("web", 3);
        }
        assertThat(Sql.rows(location.url(), backend == Backend.SQLITE ? "PRAGMA user_version"
                : "SELECT max(version) AS v FROM stacksolo_schema").get(0).values().iterator().next())
                .asString().isEqualTo(String.valueOf(Schema.CURRENT_VERSION));
    }

    @RegistryTest
    void doctorFindsCountsOutOfStepAndFixCountsAgain(Registry registry, BothDatabases.Location location) {
        RegistryProject web = project(registry, "web");
        deployed(registry, web, ResourceType.CONTAINER, "app", "main", null);
        project(registry, "idle");
        assertThat(registry.doctor().check()).filteredOn(finding -> finding.check() == Finding.Check.RESOURCE_COUNTS)
                .singleElement().satisfies(finding -> assertThat(finding.problem()).isFalse());

        Sql.execute(location.url(), "UPDATE resource_counts SET n = 7", "DELETE FROM resource_counts WHERE n = 0");
        Sql.execute(location.url(), "INSERT INTO resource_counts (project_id, n) SELECT id, 5 FROM projects"
                + " WHERE name = 'idle'");
        assertThat(listed(registry)).containsExactly(Map.entry("idle", 5), Map.entry("web", 7));

        assertThat(registry.doctor().check()).filteredOn(finding -> finding.check() == Finding.Check.RESOURCE_COUNTS)
                .singleElement().satisfies(finding -> {
                    assertThat(finding.problem()).isTrue();
                    assertThat(finding.summary()).contains("2 project(s)");
                    assertThat(finding.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("count"));
                });
        assertThat(registry.doctor().fix()).contains("counted the resources of every project again");

        assertThat(listed(registry)).containsExactly(Map.entry("idle", 0), Map.entry("web", 1));
        assertThat(registry.doctor().check()).filteredOn(finding -> finding.check() == Finding.Check.RESOURCE_COUNTS)
                .singleElement().satisfies(finding -> assertThat(finding.problem()).isFalse());
    }
}
