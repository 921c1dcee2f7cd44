package dev.stacksolo.registry.service;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.DeploymentNotFoundException;
import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeployResult;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceStatus;
import dev.stacksolo.registry.types.ResourceType;
import java.util.List;
import java.util.Map;

/** Deployments: recording runs, their statuses and whole deploy results (on SQLite and PostgreSQL). */
class DeploymentServiceTest {

    private static RegistryDeployment record(Registry registry, RegistryProject project, DeploymentAction action) {
        return registry.service().recordDeployment(CreateDeploymentInput.builder().projectId(project.id())
                .action(action).configSnapshot(Map.of("project", Map.of("name", project.name()))).build());
    }

    @RegistryTest
    void recordDeploymentStartsPendingWithItsSnapshot(Registry registry) {
        RegistryProject project = project(registry, "app");

        RegistryDeployment deployment = registry.service().recordDeployment(CreateDeploymentInput.builder()
                .projectId(project.id()).action(DeploymentAction.PREVIEW).logPath("/tmp/deploy.log")
                .configSnapshot(Map.of("project", Map.of("name", "app"))).build());

        assertThat(deployment.projectId()).isEqualTo(project.id());
        assertThat(deployment.action()).isEqualTo(DeploymentAction.PREVIEW);
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.PENDING);
        assertThat(deployment.configSnapshot()).isEqualTo(Map.of("project", Map.of("name", "app")));
        assertThat(deployment.logPath()).contains("/tmp/deploy.log");
        assertThat(deployment.error()).isEmpty();
        assertThat(deployment.completedAt()).isEmpty();
        assertThat(registry.service().findDeploymentById(deployment.id())).contains(deployment);
    }

    @RegistryTest
    void deploymentsOfAMissingProjectAreRefused(Registry registry) {
        assertThatThrownBy(() -> registry.service().recordDeployment(CreateDeploymentInput.builder()
                .projectId("missing").action(DeploymentAction.DEPLOY).configSnapshot(Map.of()).build()))
                .isInstanceOf(ProjectNotFoundException.class);
    }

    @RegistryTest
    void findDeploymentsByProjectIsNewestFirstEvenWithinOneMillisecond(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryDeployment first = record(registry, project, DeploymentAction.DEPLOY);
        RegistryDeployment second = record(registry, project, DeploymentAction.PREVIEW);
        RegistryDeployment third = record(registry, project, DeploymentAction.DESTROY);
        record(registry, project(registry, "other"), DeploymentAction.DEPLOY);

        assertThat(registry.service().findDeploymentsByProject(project.id())).containsExactly(third, second, first);
        assertThat(registry.service().findDeploymentsByProject(project.id(), 2)).containsExactly(third, second);
        assertThat(registry.service().findLatestDeployment(project.id())).contains(third);
        assertThat(third.startedAt()).isAfter(second.startedAt());
    }

    @RegistryTest
    void aProjectWithoutDeploymentsHasNoLatest(Registry registry) {
        RegistryProject project = project(registry, "app");

        assertThat(registry.service().findLatestDeployment(project.id())).isEmpty();
        assertThat(registry.service().findDeploymentsByProject(project.id())).isEmpty();
        assertThatThrownBy(() -> registry.service().findDeploymentsByProject(project.id(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @RegistryTest
    void statusChangesAndCompletion(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryDeployment deployment = record(registry, project, DeploymentAction.DEPLOY);

        RegistryDeployment running = registry.service().markDeploymentRunning(deployment.id());
        assertThat(running.status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(running.completedAt()).isEmpty();

        RegistryDeployment succeeded = registry.service().markDeploymentSucceeded(deployment.id());
        assertThat(succeeded.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(succeeded.completedAt()).hasValueSatisfying(at -> assertThat(at).isAfterOrEqualTo(deployment.startedAt()));

        RegistryDeployment other = record(registry, project, DeploymentAction.DEPLOY);
        RegistryDeployment failed = registry.service().markDeploymentFailed(other.id(), "quota exceeded");
        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.error()).contains("quota exceeded");
        assertThat(failed.completedAt()).isPresent();

        // a finished deployment never changes (issue 14): it was moved back to running here before
        assertThatThrownBy(() -> registry.service().updateDeploymentStatus(other.id(), DeploymentStatus.RUNNING))
                .isInstanceOf(dev.stacksolo.registry.DeploymentTransitionException.class);
        assertThat(registry.service().findDeploymentById(other.id())).contains(failed);
    }

    /**
     * Issue 15: a deploy tool's error text and a log path are stored masked (the PostgreSQL reader
     * may SELECT both columns, and SQLite files and exports carry them): read back, no secret.
     */
    @RegistryTest
    void errorsAndLogPathsAreStoredMasked(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryDeployment started = registry.service().recordDeployment(CreateDeploymentInput.builder()
                .projectId(project.id()).action(DeploymentAction.DEPLOY).configSnapshot(Map.of())
                .logPath("/tmp/log?password=LOGPW1").build());
        assertThat(started.logPath()).contains("/tmp/log?password=****");

        registry.service().markDeploymentFailed(started.id(),
                "https://u:ERRPW1@h failed; DB_PASSWORD=ERRPW2; Authorization: Basic ERR_PW3");
        RegistryDeployment failed = registry.service().recordDeployResult(DeployResult.failed(project.id(),
                "apply failed: PGPASSWORD=ERRPW4").action(DeploymentAction.DEPLOY).build());

        for (RegistryDeployment stored : registry.service().findDeploymentsByProject(project.id())) {
            assertThat(stored.toString()).doesNotContain("LOGPW1", "ERRPW1", "ERRPW2", "ERR_PW3", "ERRPW4");
        }
        assertThat(registry.service().findDeploymentById(started.id()).orElseThrow().error())
                .contains("https://u:****@h failed; DB_PASSWORD=****; Authorization: Basic ****");
        assertThat(failed.error()).contains("apply failed: PGPASSWORD=****");
    }

    @RegistryTest
    void statusChangesOfAMissingDeploymentFail(Registry registry) {
        assertThatThrownBy(() -> registry.service().markDeploymentRunning("missing"))
                .isInstanceOf(DeploymentNotFoundException.class);
        assertThatThrownBy(() -> registry.service().markDeploymentSucceeded("missing"))
                .isInstanceOf(DeploymentNotFoundException.class);
        assertThatThrownBy(() -> registry.service().markDeploymentFailed("missing", "x"))
                .isInstanceOf(DeploymentNotFoundException.class);
        assertThatThrownBy(() -> registry.service().updateDeploymentStatus("missing", DeploymentStatus.FAILED))
                .isInstanceOf(DeploymentNotFoundException.class);
    }

    @RegistryTest
    void recordDeployResultWritesOutputsDeploymentAndProjectStatusTogether(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main", null);
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", null);

        RegistryDeployment recorded = registry.service().recordDeployResult(DeployResult.succeeded(project.id())
                .action(DeploymentAction.DEPLOY).configSnapshot(Map.of("v", 1)).logPath("/tmp/log")
                .outputs(db.id(), Map.of("connectionString", "postgres://db"))
                .outputs(api.id(), Map.of("url", "https://api"))
                .build());

        assertThat(recorded.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(recorded.completedAt()).isPresent();
        assertThat(registry.service().findLatestDeployment(project.id())).contains(recorded);
        assertThat(registry.service().findResourceById(db.id()).orElseThrow().outputs())
                .contains(Map.of("connectionString", "postgres://db"));
        assertThat(registry.service().findResourceById(api.id()).orElseThrow().status()).isEqualTo(ResourceStatus.READY);
        RegistryProject after = registry.service().findProjectById(project.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(ProjectStatus.DEPLOYED);
        assertThat(after.lastDeployedAt()).isPresent();
    }

    @RegistryTest
    void aFailedOrDestroyResultSetsTheProjectStatusAccordingly(Registry registry) {
        RegistryProject project = project(registry, "app");

        RegistryDeployment failed = registry.service().recordDeployResult(
                DeployResult.failed(project.id(), "terraform apply failed").action(DeploymentAction.DEPLOY).build());
        assertThat(failed.error()).contains("terraform apply failed");
        assertThat(registry.service().findProjectById(project.id()).orElseThrow().status()).isEqualTo(ProjectStatus.FAILED);

        registry.service().recordDeployResult(DeployResult.succeeded(project.id()).action(DeploymentAction.DESTROY).build());
        assertThat(registry.service().findProjectById(project.id()).orElseThrow().status())
                .isEqualTo(ProjectStatus.DESTROYED);

        registry.service().recordDeployResult(DeployResult.succeeded(project.id()).action(DeploymentAction.PREVIEW).build());
        assertThat(registry.service().findProjectById(project.id()).orElseThrow().status())
                .isEqualTo(ProjectStatus.DESTROYED);
    }

    @RegistryTest
    void aDeployResultNamingAnotherProjectsResourceWritesNothing(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource mine = deployed(registry, project, ResourceType.DATABASE, "db", "main", null);
        RegistryResource theirs = deployed(registry, project(registry, "other"), ResourceType.DATABASE, "db", "main", null);

        assertThatThrownBy(() -> registry.service().recordDeployResult(DeployResult.succeeded(project.id())
                .action(DeploymentAction.DEPLOY)
                .outputs(mine.id(), Map.of("connectionString", "x"))
                .outputs(theirs.id(), Map.of("connectionString", "y")).build()))
                .isInstanceOf(ResourceNotFoundException.class);

        assertThat(registry.service().findResourceById(mine.id()).orElseThrow().outputs()).isEmpty();
        assertThat(registry.service().findDeploymentsByProject(project.id())).isEmpty();
        assertThat(registry.service().findProjectById(project.id()).orElseThrow().status()).isEqualTo(ProjectStatus.PENDING);
        assertThat(List.of(mine.id(), theirs.id())).doesNotHaveDuplicates();
    }
}
