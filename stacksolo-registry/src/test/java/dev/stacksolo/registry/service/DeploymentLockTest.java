package dev.stacksolo.registry.service;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.DeploymentNotRunningException;
import dev.stacksolo.registry.ProjectLockedException;
import dev.stacksolo.registry.ProjectNotLockedException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.LockHolder;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Deployment locks: one deploy or destroy of a project at a time, stale holders, unlock (on SQLite and PostgreSQL). */
class DeploymentLockTest {

    private static CreateDeploymentInput deploy(RegistryProject project) {
        return CreateDeploymentInput.builder().projectId(project.id()).action(DeploymentAction.DEPLOY)
                .configSnapshot(Map.of("project", Map.of("name", project.name()))).build();
    }

    /** A holder on this host whose process has ended. */
    private static LockHolder goneHolder() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return new LockHolder(LockHolder.localHost(), process.pid(), Optional.empty(), "someone");
    }

    /** A holder on another host, which only its lease can show gone. */
    private static LockHolder remoteHolder() {
        return new LockHolder("build-agent-7", 4242, Optional.empty(), "ci");
    }

    @RegistryTest
    void startingADeployRecordsItRunningAndLocksTheProject(Registry registry) {
        RegistryProject project = project(registry, "app");

        LockedDeployment deploy = registry.deployments().start(deploy(project));

        assertThat(deploy.deployment().status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(registry.service().findProjectById(project.id()).orElseThrow().status()).isEqualTo(ProjectStatus.DEPLOYING);
        DeploymentLock lock = registry.deployments().findLock(project.id()).orElseThrow();
        assertThat(lock.lockId()).isEqualTo(deploy.id());
        assertThat(lock.action()).isEqualTo(DeploymentAction.DEPLOY);
        assertThat(lock.holder().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(lock.holder().host()).isEqualTo(LockHolder.localHost());
        assertThat(lock.isStale()).isFalse();
    }

    @RegistryTest
    void aSecondDeployOfALockedProjectFailsAtOnceNamingTheHolderAndWritesNothing(Registry registry) {
        RegistryProject project = project(registry, "app");
        LockedDeployment first = registry.deployments().start(deploy(project));

        assertThatThrownBy(() -> registry.deployments().start(CreateDeploymentInput.builder().projectId(project.id())
                .action(DeploymentAction.DESTROY).build()))
                .isInstanceOf(ProjectLockedException.class)
                .hasMessageContaining("project 'app' is locked")
                .hasMessageContaining(first.id())
                .hasMessageContaining("process " + ProcessHandle.current().pid())
                .hasMessageContaining(LockHolder.localHost())
                .satisfies(e -> assertThat(((ProjectLockedException) e).lock().lockId()).isEqualTo(first.id()));

        assertThat(registry.service().findDeploymentsByProject(project.id())).extracting(RegistryDeployment::id)
                .containsExactly(first.id());
    }

    @RegistryTest
    void locksAreForEachProjectAndAPreviewTakesNone(Registry registry) {
        RegistryProject app = project(registry, "app");
        RegistryProject other = project(registry, "other");
        registry.deployments().start(deploy(app));

        LockedDeployment otherDeploy = registry.deployments().start(deploy(other));
        LockedDeployment preview = registry.deployments().start(CreateDeploymentInput.builder()
                .projectId(app.id()).action(DeploymentAction.PREVIEW).build());

        assertThat(registry.deployments().findLock(other.id())).map(DeploymentLock::lockId).contains(otherDeploy.id());
        assertThat(preview.deployment().status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(registry.deployments().listLocks()).hasSize(2);
    }

    @RegistryTest
    void finishingReleasesTheLockAndSetsTheProjectStatus(Registry registry) {
        RegistryProject project = project(registry, "app");
        LockedDeployment deploy = registry.deployments().start(deploy(project));

        RegistryDeployment finished = deploy.succeed();

        assertThat(finished.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(finished.completedAt()).isPresent();
        assertThat(registry.deployments().findLock(project.id())).isEmpty();
        RegistryProject after = registry.service().findProjectById(project.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(ProjectStatus.DEPLOYED);
        assertThat(after.lastDeployedAt()).isPresent();
        assertThat(registry.deployments().start(deploy(project)).deployment().status()).isEqualTo(DeploymentStatus.RUNNING);
    }

    @RegistryTest
    void aDeployClosedWithoutAResultIsRecordedFailedAndReleased(Registry registry) {
        RegistryProject project = project(registry, "app");
        String id;
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            id = deploy.id();
        }

        RegistryDeployment recorded = registry.service().findDeploymentById(id).orElseThrow();
        assertThat(recorded.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(recorded.error()).contains("the deploy ended without reporting its result");
        assertThat(registry.deployments().findLock(project.id())).isEmpty();
        assertThat(registry.service().findProjectById(project.id()).orElseThrow().status()).isEqualTo(ProjectStatus.FAILED);
    }

    @RegistryTest
    void aLockWhoseProcessIsGoneIsStaleAndStillBlocksUntilUnlocked(Registry registry) throws Exception {
        RegistryProject project = project(registry, "app");
        LockedDeployment dead = registry.deployments().start(deploy(project), goneHolder(), Duration.ofHours(1));

        DeploymentLock lock = registry.deployments().findLock(project.id()).orElseThrow();
        assertThat(lock.staleReason()).hasValueSatisfying(why -> assertThat(why).contains("is not running"));
        assertThatThrownBy(() -> registry.deployments().start(deploy(project)))
                .isInstanceOf(ProjectLockedException.class)
                .hasMessageContaining("its holder looks gone")
                .hasMessageContaining("stacksolo unlock app");

        DeploymentLock broken = registry.deployments().unlock(project.id(), Optional.empty());

        assertThat(broken.lockId()).isEqualTo(dead.id());
        RegistryDeployment failed = registry.service().findDeploymentById(dead.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error)
                .contains("lock broken by").contains("is not running"));
        assertThat(registry.service().findProjectById(project.id()).orElseThrow().status()).isEqualTo(ProjectStatus.FAILED);
        assertThat(registry.deployments().start(deploy(project)).deployment().status()).isEqualTo(DeploymentStatus.RUNNING);
    }

    @RegistryTest
    void aLiveHolderOnThisHostIsNeverStaleWhateverItsClockOrLeaseSay(Registry registry,
            dev.stacksolo.registry.testing.BothDatabases.Location location) throws Exception {
        RegistryProject project = project(registry, "app");
        LockHolder me = LockHolder.thisProcess();
        assertThat(me.processKey()).as("boot id and start ticks on Linux").hasValueSatisfying(
                key -> assertThat(key).matches("[0-9a-f-]{36}:[0-9]+"));
        registry.deployments().start(deploy(project), me, Duration.ofMillis(1));
        // stamped by a clock 3 hours behind: heartbeat, lease and start instant all long past
        String past = Instant.now().minus(Duration.ofHours(3)).toString();
        dev.stacksolo.registry.testing.Sql.execute(location.url(), "UPDATE deployment_locks SET heartbeat_at = '"
                + past + "', expires_at = '" + past + "', acquired_at = '" + past + "', holder_started_at = '" + past + "'");
        Thread.sleep(20);

        DeploymentLock lock = registry.deployments().findLock(project.id()).orElseThrow();

        assertThat(lock.isStale()).isFalse();
        assertThatThrownBy(() -> registry.deployments().unlock(project.id(), Optional.empty()))
                .isInstanceOf(ProjectLockedException.class).hasMessageContaining("still holds the lock");
    }

    @RegistryTest
    void aHolderWhosePidNowBelongsToAnotherProcessIsStale(Registry registry,
            dev.stacksolo.registry.testing.BothDatabases.Location location) throws Exception {
        RegistryProject project = project(registry, "app");
        registry.deployments().start(deploy(project), LockHolder.thisProcess(), Duration.ofHours(1));
        dev.stacksolo.registry.testing.Sql.execute(location.url(),
                "UPDATE deployment_locks SET holder_process_key = '00000000-0000-4000-8000-000000000000:1'");

        assertThat(registry.deployments().findLock(project.id()).orElseThrow().staleReason())
                .hasValueSatisfying(why -> assertThat(why).contains("belongs to another process"));
    }

    @RegistryTest
    void aLockOnAnotherHostIsStaleOnlyWhenItsLeaseRunsOut(Registry registry) throws Exception {
        RegistryProject live = project(registry, "live");
        RegistryProject expired = project(registry, "expired");
        registry.deployments().start(deploy(live), remoteHolder(), Duration.ofHours(1));
        registry.deployments().start(deploy(expired), remoteHolder(), Duration.ofMillis(1));
        Thread.sleep(20);

        assertThat(registry.deployments().findLock(live.id()).orElseThrow().isStale()).isFalse();
        assertThat(registry.deployments().findLock(expired.id()).orElseThrow().staleReason())
                .hasValueSatisfying(why -> assertThat(why).startsWith("no heartbeat since"));
    }

    @RegistryTest
    void aLiveLockIsBrokenOnlyWithItsId(Registry registry) {
        RegistryProject project = project(registry, "app");
        LockedDeployment live = registry.deployments().start(deploy(project));

        assertThatThrownBy(() -> registry.deployments().unlock(project.id(), Optional.empty()))
                .isInstanceOf(ProjectLockedException.class)
                .hasMessageContaining("still holds the lock")
                .hasMessageContaining("--lock-id " + live.id());
        assertThatThrownBy(() -> registry.deployments().unlock(project.id(), Optional.of("not-the-id")))
                .isInstanceOf(ProjectLockedException.class)
                .hasMessageContaining("has id " + live.id() + ", not not-the-id");
        assertThat(registry.deployments().findLock(project.id())).isPresent();
        assertThat(registry.service().findDeploymentById(live.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.RUNNING);

        registry.deployments().unlock(project.id(), Optional.of(live.id()));

        assertThat(registry.deployments().findLock(project.id())).isEmpty();
        assertThat(registry.service().findDeploymentById(live.id()).orElseThrow().error())
                .hasValueSatisfying(error -> assertThat(error).contains("forced with its lock id"));
    }

    @RegistryTest
    void unlockingAProjectThatIsNotLockedSaysSo(Registry registry) {
        RegistryProject project = project(registry, "app");

        assertThatThrownBy(() -> registry.deployments().unlock(project.id(), Optional.empty()))
                .isInstanceOf(ProjectNotLockedException.class).hasMessageContaining("'app' is not locked");
    }

    @RegistryTest
    void writesOnBehalfOfADeployThatLostItsLockAreRefusedAndChangeNothing(Registry registry) {
        RegistryProject project = project(registry, "app");
        RegistryResource api = deployed(registry, project, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://old"));
        LockedDeployment deploy = registry.deployments().start(deploy(project));
        deploy.updateResourceOutputs(api.id(), Map.of("url", "https://new"));
        registry.deployments().unlock(project.id(), Optional.of(deploy.id()));
        LockedDeployment next = registry.deployments().start(deploy(project));

        assertThatThrownBy(() -> deploy.updateResourceOutputs(api.id(), Map.of("url", "https://stale")))
                .isInstanceOf(DeploymentNotRunningException.class).hasMessageContaining("lock broken by");
        assertThatThrownBy(() -> deploy.upsertResources(List.of(resource(ResourceType.BUCKET, "late", null).build())))
                .isInstanceOf(DeploymentNotRunningException.class);
        assertThatThrownBy(deploy::succeed).isInstanceOf(DeploymentNotRunningException.class);
        assertThatThrownBy(deploy::refresh).isInstanceOf(DeploymentNotRunningException.class);

        assertThat(registry.service().findResourceById(api.id()).orElseThrow().outputs())
                .contains(Map.of("url", "https://new"));
        assertThat(registry.service().findResourceByRef(project.id(), "late")).isEmpty();
        assertThat(registry.deployments().findLock(project.id())).map(DeploymentLock::lockId).contains(next.id());
    }

    @RegistryTest
    void aDeployWritesOnlyItsOwnProjectsResources(Registry registry) {
        RegistryProject app = project(registry, "app");
        RegistryProject other = project(registry, "other");
        RegistryResource foreign = deployed(registry, other, ResourceType.CONTAINER, "api", "main", null);
        LockedDeployment deploy = registry.deployments().start(deploy(app));

        assertThatThrownBy(() -> deploy.updateResourceOutputs(foreign.id(), Map.of("url", "x")))
                .isInstanceOf(dev.stacksolo.registry.InvalidInputException.class)
                .hasMessageContaining("deploys project 'app', not 'other'");
        assertThat(deploy.upsertResources(List.of(resource(ResourceType.BUCKET, "bucket", null).build())))
                .singleElement().satisfies(r -> assertThat(r.projectId()).isEqualTo(app.id()));
    }

    @RegistryTest
    void keepAliveRefreshesTheLeaseWhileTheDeployRuns(Registry registry) throws Exception {
        RegistryProject project = project(registry, "app");
        try (LockedDeployment deploy = registry.deployments()
                .start(deploy(project), remoteHolder(), Duration.ofMillis(300)).keepAlive()) {
            Instant first = registry.deployments().findLock(project.id()).orElseThrow().heartbeatAt();
            Thread.sleep(1000);

            DeploymentLock lock = registry.deployments().findLock(project.id()).orElseThrow();
            assertThat(lock.heartbeatAt()).isAfter(first);
            assertThat(lock.isStale()).isFalse();
            deploy.succeed();
        }
        assertThat(registry.deployments().findLock(project.id())).isEmpty();
    }

    @RegistryTest
    void twoRegistriesRacingToStartOneProjectLetExactlyOneWin(BothDatabases.Location location) throws Exception {
        try (Registry setup = Registry.open(location.url())) {
            project(setup, "app");
        }
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Callable<String>> starts = new java.util.ArrayList<>();
            for (int i = 0; i < racers; i++) {
                starts.add(() -> {
                    try (Registry own = Registry.open(location.url())) {
                        RegistryProject project = own.service().findProjectByName("app").orElseThrow();
                        return own.deployments().start(deploy(project)).id();
                    } catch (ProjectLockedException locked) {
                        return "locked";
                    }
                });
            }
            List<String> outcomes = new java.util.ArrayList<>();
            for (Future<String> outcome : pool.invokeAll(starts)) {
                outcomes.add(outcome.get());
            }
            assertThat(outcomes).filteredOn(o -> !o.equals("locked")).hasSize(1);
            try (Registry check = Registry.open(location.url())) {
                RegistryProject project = check.service().findProjectByName("app").orElseThrow();
                assertThat(check.service().findDeploymentsByProject(project.id())).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
