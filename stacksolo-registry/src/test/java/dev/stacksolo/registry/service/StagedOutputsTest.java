package dev.stacksolo.registry.service;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.DeploymentNotRunningException;
import dev.stacksolo.registry.InvalidInputException;
import dev.stacksolo.registry.ProjectLockedException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.Backend;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeployResult;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.Finding;
import dev.stacksolo.registry.types.LockHolder;
import dev.stacksolo.registry.types.OutputsView;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceStatus;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.StagedOutputs;
import dev.stacksolo.registry.types.UpdateResourceInput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes on behalf of a running deployment are staged: every reader sees the published outputs
 * until the deployment ends, however it ends, and then all of its writes at once; a live read sees
 * them before; a write not made on its behalf is refused while it holds the lock.
 */
class StagedOutputsTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path folder;

    private static CreateDeploymentInput deploy(RegistryProject project) {
        return CreateDeploymentInput.builder().projectId(project.id()).action(DeploymentAction.DEPLOY)
                .configSnapshot(Map.of()).build();
    }

    private static Map<String, Object> published(Registry registry, RegistryResource resource) {
        return registry.service().findResourceById(resource.id()).orElseThrow().outputs().orElse(Map.of());
    }

    /** A holder on this host whose process has ended: its lock is stale at once. */
    private static LockHolder goneHolder() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return new LockHolder(LockHolder.localHost(), process.pid(), Optional.empty(), "someone");
    }

    @RegistryTest
    void writesOnBehalfOfADeployAreSeenByReadersOnlyWhenItSucceedsAllAtOnce(Registry registry,
            BothDatabases.Location location) {
        RegistryProject project = project(registry, "shared");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main",
                Map.of("connectionString", "postgresql://old", "port", 5432));
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));

        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            deploy.updateResourceOutputs(db.id(), Map.of("connectionString", "postgresql://new"));
            deploy.mergeResourceOutputs(api.id(), Map.of("url", "https://new"));

            // every reader: the published values, as before the deploy
            assertThat(published(registry, db)).containsEntry("connectionString", "postgresql://old");
            assertThat(registry.references().resolve("@shared/main/db")).isEqualTo("postgresql://old");
            assertThat(registry.references().resolve("@shared/main/api.url")).isEqualTo("https://old");
            assertThat(registry.service().findResourcesByProject(project.id()))
                    .allSatisfy(r -> assertThat(r.outputs().orElseThrow().values().toString()).contains("old"));
            // what the TypeScript registry reads: the column itself
            assertThat(Sql.rows(location.url(), "SELECT outputs FROM resources WHERE id = '" + api.id() + "'"))
                    .singleElement().satisfies(row -> assertThat(row.get("outputs").toString()).contains("https://old"));
            // a live read: what the deploy wrote
            assertThat(registry.references().resolve("@shared/main/db", OutputsView.LIVE)).isEqualTo("postgresql://new");
            assertThat(registry.references().resolve("@shared/main/api.url", OutputsView.LIVE)).isEqualTo("https://new");
            assertThat(deploy.stagedOutputs()).extracting(StagedOutputs::resourceId)
                    .containsExactlyInAnyOrder(db.id(), api.id());

            deploy.succeed();
        }

        // replaced whole (updateResourceOutputs), merged (mergeResourceOutputs)
        assertThat(published(registry, db)).isEqualTo(Map.of("connectionString", "postgresql://new"));
        assertThat(published(registry, api)).isEqualTo(Map.of("url", "https://new"));
        assertThat(registry.service().findResourceById(db.id()).orElseThrow().status()).isEqualTo(ResourceStatus.READY);
        assertThat(registry.references().resolve("@shared/main/db", OutputsView.LIVE)).isEqualTo("postgresql://new");
        assertThat(Sql.rows(location.url(), "SELECT count(*) AS n FROM staged_outputs").get(0).get("n").toString())
                .isEqualTo("0");
    }

    @RegistryTest
    void thePublicationIsOneVersionPerResourceAttributedToTheDeploymentAndItsMarkSeesIt(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        LockedDeployment deploy = registry.deployments().start(deploy(project));
        deploy.mergeResourceOutputs(api.id(), Map.of("url", "https://one"));
        deploy.mergeResourceOutputs(api.id(), Map.of("url", "https://two", "port", 8080));
        assertThat(registry.versions().history(api.id(), 10)).as("nothing versioned while staged").hasSize(1);

        deploy.succeed();

        List<dev.stacksolo.registry.types.OutputVersion> history = registry.versions().history(api.id(), 10);
        assertThat(history).hasSize(2);
        assertThat(history.get(0).outputs()).isEqualTo(Map.of("url", "https://two", "port", 8080));
        assertThat(history.get(0).deploymentId()).contains(deploy.id());
        assertThat(history.get(0).by()).as("who ran the deploy").hasValueSatisfying(by -> assertThat(by).contains("@"));
        assertThat(registry.versions().resolveAsOf("@shared/main/api",
                dev.stacksolo.registry.types.AsOf.deployment(deploy.id())).resolved().text()).isEqualTo("https://two");
    }

    @RegistryTest
    void aMergeBuildsOnWhatTheDeployStagedThenOnThePublishedOutputs(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main",
                Map.of("connectionString", "postgresql://old", "host", "10.0.0.5"));
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            assertThat(deploy.mergeResourceOutputs(db.id(), Map.of("host", "10.0.0.6")))
                    .isEqualTo(Map.of("connectionString", "postgresql://old", "host", "10.0.0.6"));
            assertThat(deploy.mergeResourceOutputs(db.id(), Map.of("port", 5432)))
                    .isEqualTo(Map.of("connectionString", "postgresql://old", "host", "10.0.0.6", "port", 5432));
            assertThat(published(registry, db)).doesNotContainKey("port").containsEntry("host", "10.0.0.5");
            deploy.succeed();
        }
        assertThat(published(registry, db))
                .isEqualTo(Map.of("connectionString", "postgresql://old", "host", "10.0.0.6", "port", 5432));
    }

    @RegistryTest
    void aFailedDeployPublishesWhatItWroteSinceItDescribesWhatExists(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        LockedDeployment deploy = registry.deployments().start(deploy(project));
        deploy.updateResourceOutputs(api.id(), Map.of("url", "https://half"));

        deploy.fail("terraform apply failed half way");

        assertThat(published(registry, api)).containsEntry("url", "https://half");
        assertThat(registry.service().findDeploymentById(deploy.id()).orElseThrow().status())
                .isEqualTo(DeploymentStatus.FAILED);
    }

    @RegistryTest
    void aDeployClosedWithoutAResultOrCancelledPublishesToo(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            deploy.updateResourceOutputs(api.id(), Map.of("url", "https://closed"));
        }
        assertThat(published(registry, api)).containsEntry("url", "https://closed");

        // a preview holds no lock and deploys nothing: it records no outputs (they would land over a real
        // deploy's at its end); cancelled through the library's status call, it publishes nothing
        LockedDeployment preview = registry.deployments().start(CreateDeploymentInput.builder().projectId(project.id())
                .action(DeploymentAction.PREVIEW).configSnapshot(Map.of()).build());
        assertThatThrownBy(() -> preview.updateResourceOutputs(api.id(), Map.of("url", "https://cancelled")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is a preview, which deploys nothing");
        registry.service().updateDeploymentStatus(preview.id(), DeploymentStatus.CANCELLED);

        assertThat(published(registry, api)).containsEntry("url", "https://closed");
        assertThatThrownBy(() -> preview.updateResourceOutputs(api.id(), Map.of("url", "https://late")))
                .isInstanceOf(DeploymentNotRunningException.class);
    }

    @RegistryTest
    void breakingTheLockOfADeadDeployPublishesItsWritesWithUnlockAndWithDoctorFix(Registry registry) throws Exception {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        LockedDeployment killed = registry.deployments().start(deploy(project), goneHolder(), Duration.ofHours(1));
        killed.updateResourceOutputs(api.id(), Map.of("url", "https://by-the-killed-deploy"));
        assertThat(published(registry, api)).containsEntry("url", "https://old");

        registry.deployments().unlock(project.id(), Optional.empty());

        assertThat(published(registry, api)).containsEntry("url", "https://by-the-killed-deploy");
        assertThat(registry.service().findDeploymentById(killed.id()).orElseThrow().status())
                .isEqualTo(DeploymentStatus.FAILED);

        LockedDeployment again = registry.deployments().start(deploy(project), goneHolder(), Duration.ofHours(1));
        again.mergeResourceOutputs(api.id(), Map.of("url", "https://by-the-second"));

        assertThat(registry.doctor().fix()).anySatisfy(line -> assertThat(line).contains("broke the stale lock"));

        assertThat(published(registry, api)).containsEntry("url", "https://by-the-second");
        assertThat(registry.deployments().findLock(project.id())).isEmpty();
    }

    @RegistryTest
    void stagedWritesOfADeploymentAnotherToolFinishedArePublishedByDoctorFix(Registry registry,
            BothDatabases.Location location) {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        LockedDeployment deploy = registry.deployments().start(deploy(project));
        deploy.updateResourceOutputs(api.id(), Map.of("url", "https://new"));
        // another tool (the TypeScript registry) finishes it without knowing the staged rows
        Sql.execute(location.url(), "UPDATE deployments SET status = 'succeeded', completed_at = '2026-01-01T00:00:00.000Z'"
                + " WHERE id = '" + deploy.id() + "'", "DELETE FROM deployment_locks");

        assertThat(registry.doctor().check()).filteredOn(f -> f.check() == Finding.Check.STALE_DEPLOYMENTS)
                .anySatisfy(f -> assertThat(f.summary()).contains(deploy.id()).contains("never published"));
        assertThat(registry.references().resolve("@shared/main/api", OutputsView.LIVE)).isEqualTo("https://old");

        assertThat(registry.doctor().fix()).anySatisfy(line -> assertThat(line).contains("published the outputs"));
        assertThat(published(registry, api)).containsEntry("url", "https://new");
        assertThat(registry.doctor().check()).filteredOn(f -> f.check() == Finding.Check.STALE_DEPLOYMENTS)
                .allSatisfy(f -> assertThat(f.problem()).isFalse());
    }

    @RegistryTest
    void writesNotMadeOnBehalfOfTheDeployHoldingTheLockAreRefusedAndChangeNothing(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryProject other = project(registry, "other");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        RegistryResource elsewhere = deployed(registry, other, ResourceType.CONTAINER, "api", "main", null);
        LockedDeployment deploy = registry.deployments().start(deploy(project));

        List<Runnable> plainWrites = List.of(
                () -> registry.service().updateResourceOutputs(api.id(), Map.of("url", "https://plain")),
                () -> registry.service().updateResourceOutputs(api.id(), Map.of("url", "https://plain"), Set.of("url")),
                () -> registry.service().mergeResourceOutputs(api.id(), Map.of("url", "https://plain")),
                () -> registry.service().updateResource(api.id(), UpdateResourceInput.builder()
                        .outputs(Map.of("url", "https://plain")).build()),
                () -> registry.service().upsertResources(project.id(), List.of(resource(ResourceType.CONTAINER, "api", "main")
                        .outputs(Map.of("url", "https://plain")).build())),
                () -> registry.service().createResource(resource(ResourceType.BUCKET, "new", null).projectId(project.id())
                        .outputs(Map.of("name", "plain")).build()),
                () -> registry.service().recordDeployResult(DeployResult.succeeded(project.id())
                        .action(DeploymentAction.DEPLOY).configSnapshot(Map.of())
                        .outputs(api.id(), Map.of("url", "https://plain")).build()));
        for (Runnable write : plainWrites) {
            assertThatThrownBy(write::run).isInstanceOf(ProjectLockedException.class)
                    .hasMessageContaining("project 'shared' is being deployed").hasMessageContaining(deploy.id())
                    .hasMessageContaining("--deployment " + deploy.id()).hasMessageContaining("stacksolo unlock shared")
                    .hasMessageContaining("nothing was changed")
                    .satisfies(e -> assertThat(((ProjectLockedException) e).lock().lockId()).isEqualTo(deploy.id()));
        }
        assertThat(published(registry, api)).isEqualTo(Map.of("url", "https://old"));
        assertThat(registry.service().findResourceByRef(project.id(), "new")).isEmpty();
        assertThat(registry.service().findDeploymentsByProject(project.id())).hasSize(1);
        // what is not outputs goes on: the config, and the other project's outputs
        registry.service().upsertResources(project.id(), List.of(resource(ResourceType.CONTAINER, "api", "main")
                .config(Map.of("memory", "1Gi")).build()));
        registry.service().updateResourceOutputs(elsewhere.id(), Map.of("url", "https://other"));
        assertThat(published(registry, elsewhere)).containsEntry("url", "https://other");

        deploy.succeed();
        registry.service().mergeResourceOutputs(api.id(), Map.of("url", "https://plain"));
        assertThat(published(registry, api)).containsEntry("url", "https://plain");
    }

    @RegistryTest
    void aResourceCreatedByTheDeploysUpsertIsThereAtOnceWithItsOutputsStaged(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            List<RegistryResource> upserted = deploy.upsertResources(List.of(
                    resource(ResourceType.CONTAINER, "api", "main").outputs(Map.of("url", "https://new")).build(),
                    resource(ResourceType.DATABASE, "db", "main").outputs(Map.of("connectionString", "postgresql://app:pw@h/db",
                            "password", "pw")).sensitiveOutputs(Set.of("password")).build()));

            RegistryResource db = registry.service().findResourceByRef(project.id(), "db").orElseThrow();
            assertThat(upserted.get(1).id()).isEqualTo(db.id());
            assertThat(db.outputs()).isEmpty();
            assertThat(db.status()).isEqualTo(ResourceStatus.PENDING);
            assertThat(db.sensitiveOutputs()).containsExactly("password");
            assertThat(published(registry, api)).containsEntry("url", "https://old");
            assertThatThrownBy(() -> registry.references().resolve("@shared/main/db"))
                    .isInstanceOf(dev.stacksolo.registry.ResourceNotDeployedException.class);
            assertThat(registry.references().resolve("@shared/main/db.password", OutputsView.LIVE)).isEqualTo("pw");
            assertThat(registry.references().resolveWithResource("@shared/main/db", OutputsView.LIVE).resource()
                    .sensitiveOutputs()).containsExactly("password");
            deploy.succeed();
        }
        RegistryResource db = registry.service().findResourceByRef(project.id(), "db").orElseThrow();
        assertThat(db.outputs()).contains(Map.of("connectionString", "postgresql://app:pw@h/db", "password", "pw"));
        assertThat(db.sensitiveOutputs()).containsExactly("password");
        assertThat(db.status()).isEqualTo(ResourceStatus.READY);
        assertThat(published(registry, api)).containsEntry("url", "https://new");
    }

    @RegistryTest
    void marksStagedWithTheOutputsArePublishedWithThem(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main", Map.of("host", "h"));
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            deploy.mergeResourceOutputs(db.id(), Map.of("token", "t0k"), Set.of("token"));
            assertThat(registry.service().findResourceById(db.id()).orElseThrow().sensitiveOutputs())
                    .as("a mark is there at once; the value at the end").containsExactly("token");
            assertThat(published(registry, db)).doesNotContainKey("token");
            deploy.mergeResourceOutputs(db.id(), Map.of("port", 1)); // keeps what was staged, marks included
            deploy.succeed();
        }
        RegistryResource after = registry.service().findResourceById(db.id()).orElseThrow();
        assertThat(after.outputs()).contains(Map.of("host", "h", "token", "t0k", "port", 1));
        assertThat(after.sensitiveOutputs()).containsExactly("token");
    }

    @RegistryTest
    void aKeyTheDeployMarksSensitiveIsHiddenInThePublishedOutputsAtOnceEvenIfTheDeployFails(Registry registry,
            BothDatabases.Location location, Backend backend) {
        RegistryProject project = project(registry, "shared");
        RegistryResource db = deployed(registry, project, ResourceType.DATABASE, "db", "main",
                Map.of("host", "h", "password", "old-hunter2"));
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            deploy.mergeResourceOutputs(db.id(), Map.of("password", "new-hunter3"), Set.of("password"));

            RegistryResource during = registry.service().findResourceById(db.id()).orElseThrow();
            assertThat(during.outputs().orElseThrow()).as("the published value until the end")
                    .containsEntry("password", "old-hunter2");
            assertThat(during.sensitiveOutputs()).as("what list and status mask").containsExactly("password");
            assertThat(registry.versions().history(db.id(), 10)).as("a mark is not a new version").hasSize(1);
            if (backend == Backend.POSTGRESQL) {
                // what the reader role reads: the masked copy follows the mark
                assertThat(Sql.rows(location.url(), "SELECT public_outputs FROM resources WHERE id = '" + db.id() + "'")
                        .get(0).get("public_outputs").toString()).doesNotContain("old-hunter2").contains("\"host\":\"h\"");
            }
            deploy.fail("provider error");
        }
        RegistryResource after = registry.service().findResourceById(db.id()).orElseThrow();
        assertThat(after.outputs().orElseThrow()).containsEntry("password", "new-hunter3");
        assertThat(after.sensitiveOutputs()).containsExactly("password");
    }

    @RegistryTest
    void aResourceDeletedDuringTheDeployTakesItsStagedOutputsWithIt(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        RegistryResource web = deployed(registry, project, ResourceType.CONTAINER, "web", "main", Map.of("url", "https://old"));
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            deploy.updateResourceOutputs(Map.of(api.id(), Map.of("url", "https://new"), web.id(), Map.of("url", "https://new")));
            registry.service().deleteResource(web.id());
            assertThat(deploy.stagedOutputs()).extracting(StagedOutputs::resourceId).containsExactly(api.id());
            deploy.succeed();
        }
        assertThat(published(registry, api)).containsEntry("url", "https://new");
        assertThat(registry.service().findResourceById(web.id())).isEmpty();
    }

    @RegistryTest
    void aResourceAnotherToolDeletesWithoutForeignKeysIsNotCountedAsStagedNorPublished(Registry registry,
            BothDatabases.Location location, Backend backend) {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        RegistryResource web = deployed(registry, project, ResourceType.CONTAINER, "web", "main", Map.of("url", "https://old"));
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            deploy.updateResourceOutputs(Map.of(api.id(), Map.of("url", "https://new"), web.id(), Map.of("url", "https://new")));
            // what a tool that leaves SQLite's foreign keys off does (PostgreSQL cascades anyway)
            Sql.execute(location.url(), "DELETE FROM resources WHERE id = '" + web.id() + "'");
            assertThat(registry.deployments().stagedResourceCount(deploy.deployment().id()))
                    .as("what status reports as staged").isEqualTo(1);
            deploy.succeed();
        }
        assertThat(published(registry, api)).containsEntry("url", "https://new");
        assertThat(registry.service().findResourceById(web.id())).isEmpty();
        assertThat(Sql.rows(location.url(), "SELECT count(*) AS n FROM staged_outputs").get(0).get("n")).asString()
                .as("nothing left behind").isEqualTo("0");
    }

    @RegistryTest
    void aBatchNamingAnotherProjectsResourceStagesNothing(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryProject other = project(registry, "other");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        RegistryResource foreign = deployed(registry, other, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://x"));
        LockedDeployment deploy = registry.deployments().start(deploy(project));

        assertThatThrownBy(() -> deploy.updateResourceOutputs(Map.of(api.id(), Map.of("url", "https://new"),
                foreign.id(), Map.of("url", "https://stolen")))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deploys project 'shared', not 'other'");
        assertThatThrownBy(() -> deploy.mergeResourceOutputs(foreign.id(), Map.of("url", "https://stolen")))
                .isInstanceOf(InvalidInputException.class);

        assertThat(deploy.stagedOutputs()).isEmpty();
        deploy.succeed();
        assertThat(published(registry, api)).containsEntry("url", "https://old");
        assertThat(published(registry, foreign)).containsEntry("url", "https://x");
    }

    @RegistryTest
    void aLiveReadWithNothingStagedIsThePublishedValue(Registry registry) {
        RegistryProject project = project(registry, "shared");
        deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://published"));
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            assertThat(registry.references().resolve("@shared/main/api", OutputsView.LIVE)).isEqualTo("https://published");
        }
        assertThat(registry.references().resolve("@shared/main/api", OutputsView.LIVE)).isEqualTo("https://published");
    }

    /** A config whose one container reads {@code reference} (a cross-project reference). */
    private static Map<String, Object> reading(String project, String reference) {
        return Map.of("project", Map.of("name", project, "networks", List.of(Map.of("name", "main",
                "containers", List.of(Map.of("name", "api", "env", Map.of("DB", reference)))))));
    }

    @RegistryTest
    void aReaderOfTheDeployedProjectTurnsStaleOnlyAtThePublicationNamingTheDeployment(Registry registry) {
        RegistryProject shared = project(registry, "shared");
        RegistryProject app = project(registry, "app");
        RegistryResource db = deployed(registry, shared, ResourceType.DATABASE, "db", "main",
                Map.of("connectionString", "postgresql://old"));
        deployed(registry, app, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://app"));
        registry.references().recordReferences(app.id(), reading("app", "@shared/main/db.connectionString"));
        registry.deployments().start(deploy(app)).succeed();
        assertThat(registry.references().stale(app.id())).isEmpty();

        LockedDeployment deploy = registry.deployments().start(deploy(shared));
        deploy.updateResourceOutputs(db.id(), Map.of("connectionString", "postgresql://new"));
        assertThat(registry.references().stale(app.id())).as("app still reads the published value").isEmpty();

        deploy.succeed();

        assertThat(registry.references().stale(app.id())).singleElement().satisfies(stale -> {
            assertThat(stale.reference()).isEqualTo("@shared/main/db.connectionString");
            assertThat(stale.changedByDeployment()).contains(deploy.id());
            assertThat(stale.changedBy()).isPresent();
        });
    }

    @RegistryTest
    void aSucceededDeployThatStagedWritesRecordsItsBaselinesAfterPublishingThem(Registry registry) {
        RegistryProject shared = project(registry, "shared");
        RegistryProject app = project(registry, "app");
        deployed(registry, shared, ResourceType.DATABASE, "db", "main", Map.of("connectionString", "postgresql://db"));
        RegistryResource api = deployed(registry, app, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        registry.references().recordReferences(app.id(), reading("app", "@shared/main/db.connectionString"));
        registry.service().markProjectDeployed(app.id()); // deployed by another tool: no baselines yet
        assertThat(registry.references().stale().untracked()).contains("app");

        LockedDeployment deploy = registry.deployments().start(deploy(app));
        deploy.updateResourceOutputs(api.id(), Map.of("url", "https://new"));
        deploy.succeed();

        assertThat(registry.references().stale().untracked()).as("its baselines were recorded").doesNotContain("app");
        assertThat(registry.references().stale(app.id())).isEmpty();
        assertThat(published(registry, api)).containsEntry("url", "https://new");
    }

    @RegistryTest
    void aKilledDeploysPublicationByUnlockIsVersionedAsItsAndItsMarkSeesIt(Registry registry) throws Exception {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        LockedDeployment killed = registry.deployments().start(deploy(project), goneHolder(), Duration.ofHours(1));
        killed.updateResourceOutputs(api.id(), Map.of("url", "https://by-the-killed-deploy"));
        assertThat(registry.versions().history(api.id(), 10)).as("nothing versioned while staged").hasSize(1);

        registry.deployments().unlock(project.id(), Optional.empty());

        assertThat(registry.versions().history(api.id(), 10)).first().satisfies(version -> {
            assertThat(version.outputs()).isEqualTo(Map.of("url", "https://by-the-killed-deploy"));
            assertThat(version.deploymentId()).contains(killed.id());
        });
        assertThat(registry.versions().resolveAsOf("@shared/main/api",
                dev.stacksolo.registry.types.AsOf.deployment(killed.id())).resolved().text())
                .isEqualTo("https://by-the-killed-deploy");
    }

    @RegistryTest
    void anExportOrMigrationDuringADeployCarriesThePublishedValuesNotTheStagedOnes(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            deploy.updateResourceOutputs(api.id(), Map.of("url", "https://staged"));

            String document = dev.stacksolo.registry.db.Json.write(registry.transfer().exportDocument());
            assertThat(document).contains("https://old").doesNotContain("https://staged").doesNotContain("staged_outputs");
            try (Registry copy = Registry.open(folder.resolve("copy.db"))) {
                registry.transfer().migrateTo(copy.transfer(), false);
                assertThat(copy.references().resolve("@shared/main/api", OutputsView.LIVE)).isEqualTo("https://old");
            }
            deploy.succeed();
        }
        assertThat(published(registry, api)).containsEntry("url", "https://staged");
    }
}
