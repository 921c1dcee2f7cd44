package dev.stacksolo.registry.references;

import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.ProjectInUseException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.types.ProjectDependency;
import dev.stacksolo.registry.types.RegistryProject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The graph between projects: references recorded from configs, dependents, and the check before removal. */
class ProjectGraphTest {

    /** A config whose api container reads two values of shared-infra, and one of its own database. */
    static Map<String, Object> apiConfig() {
        return Map.of("project", Map.of("name", "api", "networks", List.of(Map.of("name", "main",
                "containers", List.of(Map.of("name", "api", "env", Map.of(
                        "DATABASE_URL", "@shared-infra/main/users-db.connectionString",
                        "REDIS_HOST", "@shared-infra/sessions",
                        "OWN_DB", "@database/local.connectionString",
                        "PLAIN", "not a reference")))))));
    }

    @RegistryTest
    void registeringAConfigRecordsItsCrossProjectReferencesOnly(Registry registry) {
        RegistryProject api = project(registry, "api");

        registry.references().recordReferences(api.id(), apiConfig());

        assertThat(registry.references().dependencies(api.id()))
                .extracting(ProjectDependency::from, ProjectDependency::to, ProjectDependency::network,
                        ProjectDependency::resource, ProjectDependency::property, ProjectDependency::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("api", "shared-infra", Optional.of("main"), "users-db",
                                Optional.of("connectionString"), "project.networks[0].containers[0].env.DATABASE_URL"),
                        org.assertj.core.groups.Tuple.tuple("api", "shared-infra", Optional.empty(), "sessions",
                                Optional.empty(), "project.networks[0].containers[0].env.REDIS_HOST"));
        assertThat(registry.references().dependents("shared-infra")).hasSize(2)
                .extracting(ProjectDependency::label).containsExactly("main/users-db.connectionString", "sessions");
        assertThat(registry.references().dependents("database")).isEmpty();
    }

    @RegistryTest
    void recordingAgainReplacesWhatTheConfigNoLongerSays(Registry registry) {
        RegistryProject api = project(registry, "api");
        registry.references().recordReferences(api.id(), apiConfig());

        registry.references().recordReferences(api.id(), Map.of("project", Map.of("name", "api",
                "env", Map.of("QUEUE", "@jobs/main/work.name"))));

        assertThat(registry.references().allDependencies()).extracting(ProjectDependency::reference)
                .containsExactly("@jobs/main/work.name");
        assertThat(registry.references().dependents("shared-infra")).isEmpty();
    }

    @RegistryTest
    void aProjectOthersReadFromCannotBeRemovedWithoutSayingWhoReadsIt(Registry registry) {
        RegistryProject shared = project(registry, "shared-infra");
        RegistryProject api = project(registry, "api");
        registry.references().recordReferences(api.id(), apiConfig());

        assertThatThrownBy(() -> registry.references().requireNoDependents("shared-infra", "destroy"))
                .isInstanceOf(ProjectInUseException.class)
                .hasMessageContaining("refusing to destroy 'shared-infra'")
                .hasMessageContaining("api reads @shared-infra/main/users-db.connectionString, @shared-infra/sessions")
                .hasMessageContaining("--force")
                .satisfies(e -> assertThat(((ProjectInUseException) e).dependents()).hasSize(2));
        registry.references().requireNoDependents("api", "unregister"); // nobody reads api

        registry.service().unregisterProject(api.id());

        assertThat(registry.references().dependents("shared-infra")).as("the reader's references go with it").isEmpty();
        registry.references().requireNoDependents("shared-infra", "destroy");
        assertThat(registry.service().findProjectById(shared.id())).isPresent();
    }

    @RegistryTest
    void aReferenceAProjectMakesToItselfDoesNotBlockIt(Registry registry) {
        RegistryProject shared = project(registry, "shared-infra");
        registry.references().recordReferences(shared.id(), Map.of("project", Map.of("name", "shared-infra",
                "env", Map.of("SELF", "@shared-infra/main/users-db"))));

        registry.references().requireNoDependents("shared-infra", "unregister");
    }
}
