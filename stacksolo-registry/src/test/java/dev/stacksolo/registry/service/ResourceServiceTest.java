package dev.stacksolo.registry.service;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.AmbiguousReferenceException;
import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.InvalidNameException;
import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.testing.Backend;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceStatus;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.UpdateResourceInput;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resources: recording, finding, updating, upserting and deleting them (on SQLite and PostgreSQL). */
class ResourceServiceTest {

    @RegistryTest
    void createResourceStoresEveryFieldAndStartsPending(Registry registry) {
        RegistryProject project = project(registry, "app");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "users-db");
        config.put("tier", "db-f1-micro");
        config.put("flags", List.of(1, 2.5, true));
        config.put("nothing", null);

        RegistryResource created = registry.service().createResource(CreateResourceInput.builder()
                .projectId(project.id()).type(ResourceType.DATABASE).name("users-db").network("main")
                .resourceType("gcp-cdktf:cloud_sql").config(config).pulumiUrn("urn:pulumi:x").build());

        assertThat(created.projectId()).isEqualTo(project.id());
        assertThat(created.type()).isEqualTo(ResourceType.DATABASE);
        assertThat(created.name()).isEqualTo("users-db");
        assertThat(created.network()).contains("main");
        assertThat(created.resourceType()).isEqualTo("gcp-cdktf:cloud_sql");
        assertThat(created.config()).containsExactlyEntriesOf(config);
        assertThat(created.outputs()).isEmpty();
        assertThat(created.status()).isEqualTo(ResourceStatus.PENDING);
        assertThat(created.pulumiUrn()).contains("urn:pulumi:x");
        assertThat(created.lastDeployedAt()).isEmpty();
        assertThat(registry.service().findResourceById(created.id())).contains(created);
    }

    @RegistryTest
    void registerResourceIsTheSeedsNameForCreateResource(Registry registry) {
        RegistryProject project = project(registry, "app");

        RegistryResource registered = registry.service().registerResource(
                resource(ResourceType.BUCKET, "assets", null).projectId(project.id()).build());

        assertThat(registry.service().findResourcesByProject(project.id())).containsExactly(registered);
        assertThat(registered.network()).isEmpty();
    }

    @RegistryTest
    void resourcesOfAMissingProjectAreRefused(Registry registry) {
        assertThatThrownBy(() -> registry.service().createResource(
                resource(ResourceType.BUCKET, "assets", null).projectId("missing").build()))
                .isInstanceOf(ProjectNotFoundException.class);
        assertThatThrownBy(() -> registry.service().upsertResources("missing",
                List.of(resource(ResourceType.BUCKET, "assets", null).build())))
                .isInstanceOf(ProjectNotFoundException.class);
    }

    @RegistryTest
    void resourceAndNetworkNamesAreValidatedWhenWritten(Registry registry) {
        assertThatThrownBy(() -> resource(ResourceType.BUCKET, "My_Bucket", null).projectId("p").build())
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("lowercase letters, digits and hyphens");
        assertThatThrownBy(() -> resource(ResourceType.BUCKET, "ok", "Main Net").projectId("p").build())
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("Main Net");
    }

    @RegistryTest
    void findResourcesByProjectAndByNetwork(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", null);
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main", null);
        RegistryResource worker = deployed(registry, project, ResourceType.FUNCTION, "worker", "jobs", null);
        RegistryResource assets = deployed(registry, project, ResourceType.BUCKET, "assets", null, null);
        deployed(registry, project(registry, "other"), ResourceType.CONTAINER, "api", "main", null);

        assertThat(registry.service().findResourcesByProject(project.id()))
                .containsExactlyInAnyOrder(api, db, worker, assets);
        assertThat(registry.service().findResourcesByNetwork(project.id(), "main")).containsExactlyInAnyOrder(api, db);
        assertThat(registry.service().findResourcesByNetwork(project.id(), "nope")).isEmpty();
    }

    @RegistryTest
    void findResourceByRefWithAndWithoutNetwork(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", null);
        RegistryResource assets = deployed(registry, project, ResourceType.BUCKET, "assets", null, null);

        assertThat(registry.service().findResourceByRef(project.id(), "api", "main")).contains(api);
        assertThat(registry.service().findResourceByRef(project.id(), "api")).contains(api);
        assertThat(registry.service().findResourceByRef(project.id(), "assets")).contains(assets);
        assertThat(registry.service().findResourceByRef(project.id(), "api", "other")).isEmpty();
        assertThat(registry.service().findResourceByRef(project.id(), "missing")).isEmpty();
    }

    @RegistryTest
    void aNameInTwoNetworksWithoutANetworkIsAnErrorNamingBoth(Registry registry) {
        RegistryProject project = project(registry, "app");
        deployed(registry, project, ResourceType.DATABASE, "db", "blue", null);
        deployed(registry, project, ResourceType.DATABASE, "db", "green", null);

        assertThatThrownBy(() -> registry.service().findResourceByRef(project.id(), "db"))
                .isInstanceOf(AmbiguousReferenceException.class)
                .hasMessageContaining("blue").hasMessageContaining("green");
    }

    @RegistryTest
    void aProjectLevelResourceWinsOverNetworkOnesOfTheSameName(Registry registry) {
        RegistryProject project = project(registry, "app");
        deployed(registry, project, ResourceType.SECRET, "key", "main", null);
        RegistryResource projectLevel = deployed(registry, project, ResourceType.SECRET, "key", null, null);

        assertThat(registry.service().findResourceByRef(project.id(), "key")).contains(projectLevel);
    }

    @RegistryTest
    void updateResourceChangesOnlyTheGivenFields(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main", null);

        RegistryResource updated = registry.service().updateResource(db.id(), UpdateResourceInput.builder()
                .config(Map.of("tier", "db-custom")).pulumiUrn("urn:new").build());

        assertThat(updated.config()).containsExactlyEntriesOf(Map.of("tier", "db-custom"));
        assertThat(updated.pulumiUrn()).contains("urn:new");
        assertThat(updated.name()).isEqualTo("db");
        assertThat(updated.network()).contains("main");
        assertThat(updated.status()).isEqualTo(ResourceStatus.PENDING);
        assertThat(registry.service().findResourceById(db.id())).contains(updated);
    }

    @RegistryTest
    void updateResourceOutputsReplacesThemAndMarksTheResourceReady(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main",
                Map.of("connectionString", "old", "host", "10.0.0.1"));
        Instant before = Instant.now().minusSeconds(1);

        registry.service().updateResourceOutputs(db.id(), Map.of("connectionString", "new", "port", 5432));

        RegistryResource after = registry.service().findResourceById(db.id()).orElseThrow();
        assertThat(after.outputs()).contains(Map.of("connectionString", "new", "port", 5432));
        assertThat(after.status()).isEqualTo(ResourceStatus.READY);
        assertThat(after.lastDeployedAt()).hasValueSatisfying(at -> assertThat(at).isAfter(before));
    }

    @RegistryTest
    void updateResourceStatus(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main", null);

        registry.service().updateResourceStatus(db.id(), ResourceStatus.FAILED);

        assertThat(registry.service().findResourceById(db.id()).orElseThrow().status()).isEqualTo(ResourceStatus.FAILED);
    }

    @RegistryTest
    void updatesOfAMissingResourceFailWithResourceNotFound(Registry registry) {
        assertThatThrownBy(() -> registry.service().updateResource("missing", UpdateResourceInput.builder()
                .pulumiUrn("u").build())).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> registry.service().updateResourceOutputs("missing", Map.of()))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> registry.service().updateResourceStatus("missing", ResourceStatus.READY))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @RegistryTest
    void upsertResourcesCreatesNewOnesAndUpdatesExistingOnesKeepingIdAndOutputs(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main",
                Map.of("connectionString", "postgres://db"));

        List<RegistryResource> result = registry.service().upsertResources(project.id(), List.of(
                resource(ResourceType.DATABASE, "db", "main").config(Map.of("tier", "big")).build(),
                resource(ResourceType.CACHE, "sessions", "main").build(),
                resource(ResourceType.BUCKET, "assets", null).build()));

        assertThat(result).extracting(RegistryResource::name).containsExactly("db", "sessions", "assets");
        assertThat(result.get(0).id()).isEqualTo(db.id());
        assertThat(result.get(0).config()).isEqualTo(Map.of("tier", "big"));
        assertThat(result.get(0).outputs()).contains(Map.of("connectionString", "postgres://db"));
        assertThat(result.get(0).status()).isEqualTo(ResourceStatus.READY);
        assertThat(registry.service().findResourcesByProject(project.id())).hasSize(3);

        registry.service().upsertResources(project.id(), List.of(
                resource(ResourceType.DATABASE, "db", "main").build()));
        assertThat(registry.service().findResourcesByProject(project.id())).hasSize(3);
    }

    @RegistryTest
    void upsertResourcesIsAllOrNothing(Registry registry, Backend backend, BothDatabases.Location location) {
        RegistryProject project = project(registry, "app");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main", null);
        Sql.refuseResourceNamed(location.url(), backend, "assets");

        assertThatThrownBy(() -> registry.service().upsertResources(project.id(), List.of(
                resource(ResourceType.DATABASE, "db", "main").config(Map.of("tier", "changed")).build(),
                resource(ResourceType.CACHE, "sessions", "main").build(),
                resource(ResourceType.BUCKET, "assets", null).build())))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("refused by test trigger");

        assertThat(registry.service().findResourcesByProject(project.id())).containsExactly(db);
    }

    @RegistryTest
    void valuesThatAreNotJsonAreRefusedBeforeTheyReachTheDatabase(Registry registry) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("when", Instant.EPOCH);

        assertThatThrownBy(() -> resource(ResourceType.BUCKET, "assets", null).config(config).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON value").hasMessageContaining("java.time.Instant");
    }

    @RegistryTest
    void deleteResource(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main", null);

        assertThat(registry.service().deleteResource(db.id())).isTrue();
        assertThat(registry.service().findResourceById(db.id())).isEmpty();
        assertThat(registry.service().deleteResource(db.id())).isFalse();
    }

    @RegistryTest
    void everyLogicalTypeRoundTrips(Registry registry) {
        RegistryProject project = project(registry, "app");
        for (ResourceType type : ResourceType.values()) {
            deployed(registry, project, type, type.value() + "-1", "main", null);
        }

        assertThat(registry.service().findResourcesByProject(project.id())).extracting(RegistryResource::type)
                .containsExactlyInAnyOrder(ResourceType.values());
        assertThat(Arrays.stream(ResourceType.values()).map(ResourceType::value))
                .containsExactly("container", "function", "database", "cache", "bucket", "secret", "topic", "queue",
                        "network", "cron");
    }
}
