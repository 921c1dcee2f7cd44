package dev.stacksolo.registry.storage;

import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.DeployResult;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.UpdateResourceInput;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The masked copy of outputs that a PostgreSQL reader role reads ({@code resources.public_outputs}):
 * written with every write of outputs on PostgreSQL, by every path (create, upsert, update, the
 * outputs alone, several at once, an import); never on SQLite, whose files keep the TypeScript
 * registry's columns.
 */
class PublicOutputsTest {

    private static final String SECRET = "pw-9f3a";

    private static Map<String, Object> outputs(String host) {
        return Map.of("host", host, "password", SECRET, "url", "postgresql://app:" + SECRET + "@" + host + "/db");
    }

    private static Map<String, String> copies(BothDatabases.Location location) {
        Map<String, String> copies = new TreeMap<>();
        for (Map<String, Object> row : Sql.rows(location.url(), "SELECT name, public_outputs FROM resources")) {
            copies.put((String) row.get("name"), (String) row.get("public_outputs"));
        }
        return copies;
    }

    private static boolean postgres(BothDatabases.Location location) {
        return location.url().startsWith("jdbc:postgresql:");
    }

    @RegistryTest
    void everyWriteOfOutputsKeepsItsMaskedCopyOnPostgresOnly(Registry registry, BothDatabases.Location location) {
        RegistryProject app = project(registry, "app");
        registry.service().createResource(resource(ResourceType.DATABASE, "created", "main").projectId(app.id())
                .outputs(outputs("10.0.0.1")).build());
        registry.service().upsertResources(app.id(), List.of(resource(ResourceType.DATABASE, "upserted", "main")
                .outputs(outputs("10.0.0.2")).build()));
        RegistryResource updated = registry.service().createResource(resource(ResourceType.DATABASE, "updated", "main")
                .projectId(app.id()).build());
        registry.service().updateResource(updated.id(), UpdateResourceInput.builder().outputs(outputs("10.0.0.3")).build());
        RegistryResource set = registry.service().createResource(resource(ResourceType.DATABASE, "set", "main")
                .projectId(app.id()).build());
        registry.service().updateResourceOutputs(set.id(), outputs("10.0.0.4"));
        registry.service().createResource(resource(ResourceType.BUCKET, "none", null).projectId(app.id()).build());
        RegistryResource merged = registry.service().createResource(resource(ResourceType.DATABASE, "merged", "main")
                .projectId(app.id()).build());
        registry.service().mergeResourceOutputs(merged.id(), outputs("10.0.0.6"), java.util.Set.of());
        registry.service().createResource(resource(ResourceType.DATABASE, "marked", "main").projectId(app.id())
                .outputs(outputs("10.0.0.5")).sensitiveOutputs(java.util.Set.of("host")).build());
        RegistryResource secret = registry.service().createResource(resource(ResourceType.SECRET, "secret", null)
                .projectId(app.id()).build());
        registry.service().updateResourceOutputs(secret.id(), Map.of("value", "plain-looking"));
        // several at once (a deploy result): each copy made with its own row's marks and type
        RegistryResource batch = registry.service().createResource(resource(ResourceType.DATABASE, "batch", "main")
                .projectId(app.id()).build());
        RegistryResource batchMarked = registry.service().createResource(resource(ResourceType.DATABASE,
                "batch-marked", "main").projectId(app.id()).sensitiveOutputs(java.util.Set.of("host")).build());
        RegistryResource batchSecret = registry.service().createResource(resource(ResourceType.SECRET,
                "batch-secret", null).projectId(app.id()).build());
        registry.service().recordDeployResult(DeployResult.succeeded(app.id()).outputs(batch.id(), outputs("10.0.0.7"))
                .outputs(batchMarked.id(), outputs("10.0.0.8"))
                .outputs(batchSecret.id(), Map.of("value", "plain-looking")).build());

        if (!postgres(location)) {
            assertThat(Sql.rows(location.url(), "PRAGMA table_info(resources)")).extracting(row -> row.get("name"))
                    .as("a SQLite file keeps the TypeScript registry's columns").doesNotContain("public_outputs");
            return;
        }
        Map<String, String> copies = copies(location);
        assertThat(copies).containsKeys("created", "upserted", "updated", "set").containsEntry("none", null);
        assertThat(copies.get("marked")).as("a key marked sensitive").contains("\"host\":\"<sensitive>\"")
                .doesNotContain("\"host\":\"10.0.0.5\"").doesNotContain(SECRET);
        assertThat(copies.get("secret")).as("every output of a secret resource").isEqualTo("{\"value\":\"<sensitive>\"}");
        assertThat(copies.get("batch-marked")).as("a key marked sensitive, outputs of a deploy result")
                .contains("\"host\":\"<sensitive>\"").doesNotContain("\"host\":\"10.0.0.8\"").doesNotContain(SECRET);
        assertThat(copies.get("batch-secret")).as("a secret resource's outputs of a deploy result")
                .isEqualTo("{\"value\":\"<sensitive>\"}");
        for (String name : List.of("created", "upserted", "updated", "set", "merged", "batch")) {
            assertThat(copies.get(name)).as(name).doesNotContain(SECRET).contains("\"password\":\"****\"")
                    .contains("postgresql://app:****@10.0.0.").contains("\"host\":\"10.0.0.");
        }

        // an import carries the outputs only: the copies are written again
        Map<String, Object> export = registry.transfer().exportDocument();
        Sql.execute(location.url(), "UPDATE resources SET public_outputs = NULL");
        registry.transfer().importDocument(export, true);
        assertThat(copies(location)).isEqualTo(copies);
    }

    @RegistryTest
    void aKeyHoldingAPasswordIsMaskedInTheCopy(Registry registry, BothDatabases.Location location) {
        RegistryProject app = project(registry, "app");
        RegistryResource written = registry.service().createResource(resource(ResourceType.FUNCTION, "api", "main")
                .projectId(app.id()).build());
        // another tool (or this one before keys were checked) wrote a connection string as a key
        registry.service().updateResourceOutputs(written.id(), Map.of("postgresql://app:SEKRETkeypw@h/db?sslmode", "require"));

        if (postgres(location)) {
            assertThat(copies(location).get("api")).contains("postgresql://app:****@h/db?sslmode")
                    .doesNotContain("SEKRETkeypw");
        }
        assertThat(registry.service().findResourceById(written.id()).orElseThrow().outputs().orElseThrow())
                .as("the outputs themselves are kept as written").containsKey("postgresql://app:SEKRETkeypw@h/db?sslmode");
    }
}
