package dev.stacksolo.registry.integrity;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.AmbiguousReferenceException;
import dev.stacksolo.registry.CorruptRowException;
import dev.stacksolo.registry.DeploymentTransitionException;
import dev.stacksolo.registry.DuplicateResourceException;
import dev.stacksolo.registry.InvalidInputException;
import dev.stacksolo.registry.InvalidNameException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.Finding;
import dev.stacksolo.registry.types.ProjectSummary;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 14, items 5-7 in the library: the deployment state machine and durations under clock skew,
 * one resource per (project, network, name) and addressing by type, validation with named errors
 * and unreadable rows named as their users know them. Both databases.
 */
class IntegrityTest {

    private static RegistryDeployment pending(Registry registry, RegistryProject project) {
        return registry.service().recordDeployment(CreateDeploymentInput.builder().projectId(project.id())
                .action(DeploymentAction.DEPLOY).configSnapshot(Map.of()).build());
    }

    // ---- item 5: state machine -----------------------------------------------------------------

    @RegistryTest
    void aFinishedDeploymentNeverChanges(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryDeployment deployment = pending(registry, project);
        registry.service().markDeploymentRunning(deployment.id());
        RegistryDeployment failed = registry.service().markDeploymentFailed(deployment.id(), "quota exceeded");

        for (DeploymentStatus next : DeploymentStatus.values()) {
            assertThatThrownBy(() -> registry.service().updateDeploymentStatus(deployment.id(), next))
                    .isInstanceOfSatisfying(DeploymentTransitionException.class, e -> {
                        assertThat(e.from()).isEqualTo("failed");
                        assertThat(e.getMessage()).contains("a finished deployment never changes");
                    });
        }
        assertThatThrownBy(() -> registry.service().markDeploymentFailed(deployment.id(), "again"))
                .isInstanceOf(DeploymentTransitionException.class);
        assertThat(registry.service().findDeploymentById(deployment.id())).contains(failed);
    }

    @RegistryTest
    void aDeploymentMovesOnlyForwardAndCanBeCancelled(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryDeployment deployment = pending(registry, project);
        registry.service().markDeploymentRunning(deployment.id());

        assertThatThrownBy(() -> registry.service().updateDeploymentStatus(deployment.id(), DeploymentStatus.PENDING))
                .isInstanceOfSatisfying(DeploymentTransitionException.class,
                        e -> assertThat(e.getMessage()).contains("moves only forward"));
        RegistryDeployment cancelled = registry.service().updateDeploymentStatus(deployment.id(), DeploymentStatus.CANCELLED);

        assertThat(cancelled.status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(cancelled.completedAt()).isPresent();
        // a deploy recorded after the fact may finish straight from pending
        RegistryDeployment other = pending(registry, project);
        assertThat(registry.service().markDeploymentSucceeded(other.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    @RegistryTest
    void aDeploymentStampedAYearAheadByAnotherHostNeverShowsANegativeDuration(Registry registry,
            BothDatabases.Location location) {
        RegistryProject project = project(registry, "app");
        RegistryDeployment ahead = pending(registry, project);
        Sql.execute(location.url(), "UPDATE deployments SET started_at = '2027-11-30T00:00:00.000Z' WHERE id = '"
                + ahead.id() + "'");
        RegistryDeployment later = pending(registry, project); // recorded after it: starts after it too
        RegistryDeployment finished = registry.service().markDeploymentSucceeded(later.id());

        assertThat(finished.completedAt().orElseThrow()).isAfterOrEqualTo(finished.startedAt());
        assertThat(finished.duration().orElseThrow().isNegative()).isFalse();
        // a row another tool wrote with its end before its start
        Sql.execute(location.url(), "UPDATE deployments SET started_at = '2027-11-30T00:00:00.000Z',"
                + " completed_at = '2026-11-30T00:00:00.000Z', status = 'failed' WHERE id = '" + ahead.id() + "'");
        RegistryDeployment skewed = registry.service().findDeploymentById(ahead.id()).orElseThrow();
        assertThat(skewed.duration()).contains(java.time.Duration.ZERO);
        assertThat(skewed.clockSkewed()).isTrue();
    }

    // ---- item 6: one resource per (project, network, name) -------------------------------------

    @RegistryTest
    void aSecondResourceOfOneNameInOneNetworkIsRefusedNamingTheReference(Registry registry) {
        RegistryProject project = project(registry, "shared-infra");
        RegistryResource first = deployed(registry, project, ResourceType.DATABASE, "users-db", "main", null);
        deployed(registry, project, ResourceType.DATABASE, "users-db", "other", null); // another network: fine
        deployed(registry, project, ResourceType.DATABASE, "assets", null, null);

        assertThatThrownBy(() -> registry.service().createResource(
                resource(ResourceType.CONTAINER, "users-db", "main").projectId(project.id()).build()))
                .isInstanceOfSatisfying(DuplicateResourceException.class, e -> {
                    assertThat(e.getMessage()).contains("@shared-infra/main/users-db").contains(first.id())
                            .doesNotContain("<project>");
                    assertThat(e.existingId()).isEqualTo(first.id());
                });
        assertThatThrownBy(() -> registry.service().createResource(
                resource(ResourceType.BUCKET, "assets", null).projectId(project.id()).build()))
                .isInstanceOf(DuplicateResourceException.class);
        assertThat(registry.service().findResourcesByProject(project.id())).hasSize(3);
    }

    @RegistryTest
    void aConfigWithAContainerAndAFunctionOfOneNameKeepsBothAddressableByType(Registry registry) {
        RegistryProject project = project(registry, "fullstack");
        registry.service().upsertResources(project.id(), List.of(
                resource(ResourceType.CONTAINER, "api", "main").build(),
                resource(ResourceType.FUNCTION, "api", "main").build()));

        assertThatThrownBy(() -> registry.service().findResourceByRef(project.id(), "api", "main"))
                .isInstanceOfSatisfying(AmbiguousReferenceException.class, e -> assertThat(e.getMessage())
                        .contains("@fullstack/main/api").contains("--type").doesNotContain("<project>"));
        assertThatThrownBy(() -> registry.service().findResourceByRef(project.id(), "api"))
                .isInstanceOfSatisfying(AmbiguousReferenceException.class,
                        e -> assertThat(e.getMessage()).contains("@fullstack/api").doesNotContain("<project>"));
        // the suggested commands work: outputs set takes the resource, not a property
        assertThatThrownBy(() -> registry.references().resolve("@fullstack/main/api.url"))
                .isInstanceOfSatisfying(AmbiguousReferenceException.class, e -> assertThat(e.getMessage())
                        .contains("`stacksolo outputs set @fullstack/main/api --type container KEY=VALUE`")
                        .contains("`stacksolo list fullstack --type container`")
                        .doesNotContain("outputs set @fullstack/main/api.url"));
        Optional<RegistryResource> function = registry.service().findResourceByRef(project.id(), "api",
                Optional.of("main"), ResourceType.FUNCTION);
        Optional<RegistryResource> container = registry.service().findResourceByRef(project.id(), "api",
                Optional.empty(), ResourceType.CONTAINER);
        assertThat(function).hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(ResourceType.FUNCTION));
        assertThat(container).hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(ResourceType.CONTAINER));
        // syncing the same config again keeps two, not four
        registry.service().upsertResources(project.id(), List.of(
                resource(ResourceType.CONTAINER, "api", "main").build(),
                resource(ResourceType.FUNCTION, "api", "main").build()));
        assertThat(registry.service().findResourcesByProject(project.id())).hasSize(2);
    }

    @RegistryTest
    void duplicatesWrittenByAnotherToolAreRefusedByTheIndexAndReportedByDoctor(Registry registry,
            BothDatabases.Location location) {
        RegistryProject project = project(registry, "app");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main", null);
        String copy = "INSERT INTO resources (id, project_id, type, name, network, resource_type, config, status,"
                + " created_at, updated_at) SELECT 'b7c1f0d2-0000-4000-8000-000000000001', project_id, type, name,"
                + " network, resource_type, config, status, created_at, updated_at FROM resources WHERE id = '"
                + db.id() + "'";

        assertThatThrownBy(() -> Sql.execute(location.url(), copy)).hasMessageContaining("nique");

        // a file made before the index (or by a tool without it) may hold them: doctor names them
        Sql.execute(location.url(), "DROP INDEX idx_resources_unique_key", copy);
        List<Finding> findings = registry.doctor().check();
        assertThat(findings).filteredOn(f -> f.check() == Finding.Check.DUPLICATE_RESOURCES).singleElement()
                .satisfies(f -> {
                    assertThat(f.problem()).isTrue();
                    assertThat(f.summary()).contains("app/main/db (database, 2 rows)");
                });
    }

    // ---- item 7: validation ------------------------------------------------------------------

    @RegistryTest
    void nanInfinityAndNullKeysAreRefusedNamingTheKey(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main", null);
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");

        assertThatThrownBy(() -> registry.service().updateResourceOutputs(db.id(), Map.of("port", Double.NaN)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage())
                        .contains("'port'").contains("NaN is not a JSON number"));
        assertThatThrownBy(() -> registry.service().updateResourceOutputs(db.id(),
                Map.of("limits", Map.of("cpu", Double.POSITIVE_INFINITY))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getMessage()).contains("'limits.cpu'").contains("Infinity"));
        assertThatThrownBy(() -> registry.service().updateResourceOutputs(db.id(), nullKey))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("null key"));
        assertThatThrownBy(() -> resource(ResourceType.DATABASE, "x", null).config(Map.of("ratio", Float.NaN)).build())
                .isInstanceOf(InvalidInputException.class);
        assertThat(registry.service().findResourceById(db.id()).orElseThrow().outputs()).isEmpty();
        // finite doubles still go through
        registry.service().updateResourceOutputs(db.id(), Map.of("ratio", 0.5));
        assertThat(registry.service().findResourceById(db.id()).orElseThrow().outputs())
                .hasValueSatisfying(outputs -> assertThat(outputs).containsEntry("ratio", 0.5));
    }

    @RegistryTest
    void blankRequiredFieldsRelativePathsAndNamesStartingWithAHyphenAreRefused(Registry registry) {
        assertThatThrownBy(() -> CreateProjectInput.builder().name("app").gcpProjectId(" ").region("us-central1").build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("gcpProjectId"));
        assertThatThrownBy(() -> CreateProjectInput.builder().name("app").gcpProjectId("g").region("").build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("region"));
        assertThatThrownBy(() -> CreateProjectInput.builder().name("app").gcpProjectId("g").region("r")
                .configPath("app/.stacksolo/stacksolo.config.json").build())
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getMessage()).contains("configPath").contains("not absolute"));
        assertThatThrownBy(() -> CreateProjectInput.builder().name("-lead").gcpProjectId("g").region("r").build())
                .isInstanceOfSatisfying(InvalidNameException.class,
                        e -> assertThat(e.getMessage()).contains("starts with a hyphen"));
        assertThatThrownBy(() -> registry.service().createResource(resource(ResourceType.DATABASE, "db", null).build()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("projectId"));

        RegistryProject normalized = registry.service().registerProject(CreateProjectInput.builder().name("app")
                .gcpProjectId("g").region("r").configPath("/work/app/./x/../.stacksolo/stacksolo.config.json").build());
        assertThat(normalized.configPath()).contains("/work/app/.stacksolo/stacksolo.config.json");
        assertThat(registry.service().findProjectByPath("/work/app/.stacksolo/stacksolo.config.json")).isPresent();
        assertThat(registry.service().listProjects()).hasSize(1);
    }

    @RegistryTest
    void aGarbageTimestampFromAnotherToolHidesOnlyItsRowNamedAsItsUserKnowsIt(Registry registry,
            BothDatabases.Location location) {
        RegistryProject shared = project(registry, "shared-infra");
        RegistryProject api = project(registry, "api");
        RegistryResource usersDb = deployed(registry, shared, ResourceType.DATABASE, "users-db", "main",
                Map.of("connectionString", "postgresql://db"));
        Sql.execute(location.url(), "UPDATE projects SET last_deployed_at = 'garbage' WHERE id = '" + api.id() + "'",
                "UPDATE resources SET last_deployed_at = 'garbage' WHERE id = '" + usersDb.id() + "'");

        List<CorruptRowException> skipped = new ArrayList<>();
        List<ProjectSummary> listed = registry.service().listProjectSummaries(skipped::add);
        List<RegistryResource> resources = registry.service().findResourcesByProject(shared.id(), skipped::add);

        assertThat(listed).extracting(s -> s.project().name()).containsExactly("shared-infra");
        assertThat(resources).isEmpty();
        assertThat(skipped).extracting(Throwable::getMessage).satisfiesExactly(
                m -> assertThat(m).startsWith("project api (projects row " + api.id() + ") has an unreadable"
                        + " last_deployed_at: 'garbage'"),
                m -> assertThat(m).startsWith("resource shared-infra/main/users-db (resources row " + usersDb.id() + ")"));
        assertThatThrownBy(() -> registry.references().resolveWithResource("@shared-infra/main/users-db"))
                .hasMessageContaining("resource shared-infra/main/users-db (resources row " + usersDb.id() + ")");
        Finding unreadable = registry.doctor().check().stream()
                .filter(f -> f.check() == Finding.Check.UNREADABLE_ROWS).findFirst().orElseThrow();
        assertThat(unreadable.problem()).isTrue();
        assertThat(unreadable.summary()).startsWith("2 row(s)").contains("project api (projects row " + api.id())
                .contains("resource shared-infra/main/users-db (resources row " + usersDb.id());
    }

    @RegistryTest
    void doctorNamesBadJsonAndNamesRegisterRefusesByProjectNetworkAndResourceFirst(Registry registry,
            BothDatabases.Location location) {
        RegistryProject shared = project(registry, "shared-infra");
        RegistryResource usersDb = deployed(registry, shared, ResourceType.DATABASE, "users-db", "main",
                Map.of("connectionString", "postgresql://db"));
        RegistryResource cache = deployed(registry, shared, ResourceType.CACHE, "cache", "main", Map.of("host", "h"));
        Sql.execute(location.url(), "UPDATE resources SET outputs = '{broken' WHERE id = '" + usersDb.id() + "'",
                "UPDATE resources SET name = '' WHERE id = '" + cache.id() + "'",
                "UPDATE projects SET name = '-lead', config_path = 'rel/x.json' WHERE id = '" + shared.id() + "'");

        List<Finding> findings = registry.doctor().check();

        Finding json = findings.stream().filter(f -> f.check() == Finding.Check.INVALID_JSON).findFirst().orElseThrow();
        assertThat(json.summary()).contains("resource -lead/main/users-db (resources row " + usersDb.id() + ", outputs)");
        Finding names = findings.stream().filter(f -> f.check() == Finding.Check.INVALID_NAMES).findFirst().orElseThrow();
        assertThat(names.problem()).isTrue();
        assertThat(names.summary()).startsWith("3 name(s) or path(s) `stacksolo register` refuses")
                .contains("project -lead (projects row " + shared.id() + "): project name '-lead' starts with a hyphen")
                .contains("config path 'rel/x.json' is not absolute")
                .contains("resource -lead/main/ (resources row " + cache.id() + "): resource name is empty");
    }

    @RegistryTest
    void doctorFindsNoUnreadableRowsInAHealthyRegistry(Registry registry) {
        RegistryProject project = project(registry, "app");
        deployed(registry, project, ResourceType.DATABASE, "db", "main", new LinkedHashMap<>(Map.of("host", "h")));
        assertThat(registry.doctor().check()).filteredOn(f -> f.check() == Finding.Check.UNREADABLE_ROWS
                || f.check() == Finding.Check.DUPLICATE_RESOURCES).allSatisfy(f -> assertThat(f.problem()).isFalse());
    }
}
