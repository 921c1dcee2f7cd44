package dev.stacksolo.registry.versions;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.service.LockedDeployment;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.types.AsOf;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.OutputVersion;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export, import and migrate carry output versions (history) and each deployment's mark: a copy
 * answers {@code output --at} and {@code outputs history} as the source does, even when its ids
 * had to be renumbered after the target's own; an export made before versions existed still imports.
 */
class VersionsTransferTest {

    @TempDir
    Path folder;

    /** A laptop registry: web changed three times, the second by a succeeded deployment. */
    private static RegistryDeployment history(Registry laptop) {
        RegistryProject app = project(laptop, "app");
        RegistryResource web = deployed(laptop, app, ResourceType.CONTAINER, "web", null, Map.of("url", "v1"));
        RegistryDeployment deployment;
        try (LockedDeployment deploy = laptop.deployments().start(CreateDeploymentInput.builder().projectId(app.id())
                .action(DeploymentAction.DEPLOY).configSnapshot(Map.of()).build())) {
            deploy.updateResourceOutputs(web.id(), Map.of("url", "v2"));
            deployment = deploy.succeed();
        }
        laptop.service().updateResourceOutputs(web.id(), Map.of("url", "v3"));
        return deployment;
    }

    private static List<String> urls(List<OutputVersion> versions) {
        return versions.stream().map(v -> v.outputs().get("url") + "/" + v.deploymentId().orElse("-") + "/"
                + v.by().orElse("?")).toList();
    }

    @RegistryTest
    void anImportIntoARegistryWithItsOwnHistoryAnswersAsTheSourceDid(Registry registry) throws Exception {
        RegistryProject own = project(registry, "billing");
        RegistryResource invoices = deployed(registry, own, ResourceType.CONTAINER, "invoices", null, Map.of("url", "b1"));
        registry.service().updateResourceOutputs(invoices.id(), Map.of("url", "b2"));
        List<OutputVersion> ownBefore = registry.versions().history(invoices.id(), 10);
        Map<String, Object> document;
        RegistryDeployment deployment;
        List<OutputVersion> sourceHistory;
        String webId;
        try (Registry laptop = Registry.open(folder.resolve("laptop.db"))) {
            deployment = history(laptop);
            webId = laptop.service().findResourceByRef(laptop.service().findProjectByName("app").orElseThrow().id(), "web")
                    .orElseThrow().id();
            sourceHistory = laptop.versions().history(webId, 10);
            document = Json.readObject(Json.write(laptop.transfer().exportDocument()));
        }

        registry.transfer().importDocument(document, false);
        var again = registry.transfer().importDocument(document, false);

        assertThat(again.get("output_versions").inserted()).isZero();
        assertThat(urls(registry.versions().history(webId, 10))).isEqualTo(urls(sourceHistory));
        assertThat(registry.versions().history(webId, 10).get(2).version())
                .isGreaterThan(ownBefore.get(0).version());
        assertThat(registry.versions().resolveAsOf("@app/web", AsOf.deployment(deployment.id())).resolved().text())
                .isEqualTo("v2");
        assertThat(registry.versions().history(invoices.id(), 10)).isEqualTo(ownBefore);
        assertThat(registry.references().resolve("@app/web")).isEqualTo("v3");
    }

    @RegistryTest
    void aMigrationCopiesTheHistoryAndVerifiesIt(Registry registry) {
        try (Registry laptop = Registry.open(folder.resolve("laptop.db"))) {
            RegistryDeployment deployment = history(laptop);
            var report = laptop.transfer().migrateTo(registry.transfer(), false);

            assertThat(report.rowCounts()).containsEntry("output_versions", 3L);
            assertThat(registry.transfer().checksum()).isEqualTo(laptop.transfer().checksum());
            assertThat(registry.versions().resolveAsOf("@app/web", AsOf.deployment(deployment.id())).resolved().text())
                    .isEqualTo("v2");
        }
    }

    @SuppressWarnings("unchecked")
    @RegistryTest
    void anExportMadeBeforeVersionsImportsAndItsOutputsStartTheirHistory(Registry registry) throws Exception {
        Map<String, Object> document;
        try (Registry laptop = Registry.open(folder.resolve("laptop.db"))) {
            history(laptop);
            document = Json.readObject(Json.write(laptop.transfer().exportDocument()));
        }
        // as an export of schema version 8 was: no versions table, no marks
        Map<String, Object> tables = (Map<String, Object>) document.get("tables");
        tables.remove("output_versions");
        ((List<Map<String, Object>>) tables.get("deployments")).forEach(d -> d.remove("outputs_version_mark"));

        registry.transfer().importDocument(document, false);

        RegistryResource web = registry.service().findResourceByRef(
                registry.service().findProjectByName("app").orElseThrow().id(), "web").orElseThrow();
        assertThat(registry.versions().history(web.id(), 10)).singleElement().satisfies(v -> {
            assertThat(v.outputs()).containsEntry("url", "v3");
            assertThat(v.by()).isEmpty();
        });
    }
}
