package dev.stacksolo.registry.service;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.CorruptRowException;
import dev.stacksolo.registry.ProjectRegisteredElsewhereException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.Finding;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.NewSession;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceStatus;
import dev.stacksolo.registry.types.ResourceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Issue 14's library calls: outputs merged in one transaction, several calls as one with
 * {@link Registry#inTransaction}, a project found for a config only when it was registered from it,
 * and event-log sessions left by a process that is gone found abandoned and closed.
 */
class IntegrityTest {

    @RegistryTest
    void mergingOutputsKeepsTheOthersAddsMarksAndMakesTheResourceReady(Registry registry) {
        RegistryProject shared = project(registry, "shared");
        RegistryResource db = registry.service().createResource(
                resource(ResourceType.DATABASE, "db", "main").projectId(shared.id()).build());

        assertThat(registry.service().mergeResourceOutputs(db.id(), Map.of("host", "10.0.0.5")))
                .isEqualTo(Map.of("host", "10.0.0.5"));
        Map<String, Object> merged = registry.service().mergeResourceOutputs(db.id(),
                Map.of("host", "10.0.0.6", "password", "s3cret", "port", 5432), Set.of("password"));

        assertThat(merged).isEqualTo(Map.of("host", "10.0.0.6", "password", "s3cret", "port", 5432));
        RegistryResource after = registry.service().findResourceById(db.id()).orElseThrow();
        assertThat(after.outputs()).contains(merged);
        assertThat(after.status()).isEqualTo(ResourceStatus.READY);
        assertThat(after.lastDeployedAt()).isPresent();
        assertThat(after.sensitiveOutputs()).containsExactly("password");
        registry.service().mergeResourceOutputs(db.id(), Map.of("token", "t"), Set.of("token"));
        assertThat(registry.service().findResourceById(db.id()).orElseThrow().sensitiveOutputs())
                .containsExactlyInAnyOrder("password", "token");
    }

    @RegistryTest
    void mergingIntoAMissingResourceOrUnreadableOutputsIsRefusedAndChangesNothing(Registry registry,
            BothDatabases.Location location) {
        RegistryProject shared = project(registry, "shared");
        RegistryResource api = deployed(registry, shared, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://a"));
        Sql.execute(location.url(), "UPDATE resources SET outputs = '{\"url\": \"https://a' WHERE id = '" + api.id() + "'");

        assertThatThrownBy(() -> registry.service().mergeResourceOutputs("no-such-id", Map.of("a", "b")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> registry.service().mergeResourceOutputs(api.id(), Map.of("port", "80")))
                .isInstanceOf(CorruptRowException.class).hasMessageContaining(api.id()).hasMessageContaining("--from");
        assertThat(Sql.rows(location.url(), "SELECT outputs FROM resources WHERE id = '" + api.id() + "'"))
                .extracting(row -> row.values().iterator().next()).containsExactly("{\"url\": \"https://a");
    }

    @RegistryTest
    void workInATransactionIsWrittenWholeOrNotAtAll(Registry registry) {
        RegistryProject kept = project(registry, "kept");

        assertThatThrownBy(() -> registry.inTransaction(r -> {
            project(r, "half-done");
            r.service().upsertResources(kept.id(), List.of(resource(ResourceType.CONTAINER, "api", "main").build()));
            throw new IllegalStateException("killed here");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(registry.service().findProjectByName("half-done")).isEmpty();
        assertThat(registry.service().findResourcesByProject(kept.id())).isEmpty();
        String id = registry.inTransaction(r -> project(r, "whole").id());
        assertThat(registry.service().findProjectById(id)).isPresent();
    }

    @RegistryTest
    void aProjectIsFoundForTheConfigItWasRegisteredFromAndRefusedForAnother(Registry registry) throws Exception {
        Path folder = Files.createTempDirectory("stacksolo-config");
        Path config = folder.resolve(".stacksolo").resolve("stacksolo.config.json");
        registry.service().registerProject(CreateProjectInput.builder().name("shared-infra").gcpProjectId("g")
                .region("us-central1").configPath(config.toString()).build());
        String otherConfig = "/elsewhere/.stacksolo/stacksolo.config.json";

        assertThat(registry.service().findProjectForConfig("shared-infra", config.toString())).isPresent();
        // the same file written another way: absolute and normalized, it is the same
        assertThat(registry.service().findProjectForConfig("shared-infra",
                folder.resolve("x").resolve("..").resolve(".stacksolo/stacksolo.config.json").toString())).isPresent();
        assertThat(registry.service().findProjectForConfig("other", otherConfig)).isEmpty();
        assertThatThrownBy(() -> registry.service().findProjectForConfig("shared-infra", otherConfig))
                .isInstanceOf(ProjectRegisteredElsewhereException.class)
                .hasMessageContaining(config.toString()).hasMessageContaining(otherConfig)
                .hasMessageContaining("register --force");
    }

    @RegistryTest
    void aSessionWhoseProcessIsGoneIsAbandonedAndClosedByTheDoctor(Registry registry, BothDatabases.Location location) {
        LogSession live = registry.events().startSession(NewSession.of("sync").withProject("shared", "g"));
        LogSession killed = registry.events().startSession(NewSession.of("sync").withProject("shared", "g"));
        // as if another process on this host had started it and been killed: a pid that runs no process
        Sql.execute(location.url(), "UPDATE events SET data = '{\"host\":\"" + dev.stacksolo.registry.types.LockHolder
                .localHost() + "\",\"user\":\"u\",\"pid\":2147483600}' WHERE session_id = '" + killed.id() + "'");

        assertThat(registry.events().findAbandonedSessions()).singleElement().satisfies(abandoned -> {
            assertThat(abandoned.session().id()).isEqualTo(killed.id());
            assertThat(abandoned.reason()).contains("2147483600").contains("not running");
        });
        assertThat(registry.events().abandonedReason(live)).isEmpty();
        assertThat(registry.doctor().check()).filteredOn(f -> f.check() == Finding.Check.ABANDONED_SESSIONS)
                .singleElement().satisfies(f -> assertThat(f.problem()).isTrue());

        List<String> fixed = registry.doctor().fix();

        assertThat(fixed).anySatisfy(line -> assertThat(line).contains("closed the abandoned session " + killed.id()));
        assertThat(registry.events().getSession(killed.id()).orElseThrow().exitCode())
                .contains(EventLogService.ABANDONED_EXIT_CODE);
        assertThat(registry.events().getSessionEvents(killed.id())).last()
                .satisfies(event -> assertThat(event.eventType()).isEqualTo("session_abandoned"));
        assertThat(registry.events().getSession(live.id()).orElseThrow().exitCode()).isEqualTo(Optional.empty());
        assertThat(registry.doctor().check()).filteredOn(f -> f.check() == Finding.Check.ABANDONED_SESSIONS)
                .singleElement().satisfies(f -> assertThat(f.problem()).isFalse());
    }
}
