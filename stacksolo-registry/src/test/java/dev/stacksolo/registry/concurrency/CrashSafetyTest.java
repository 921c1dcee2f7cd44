package dev.stacksolo.registry.concurrency;

import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.LogEvent;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL at random moments, 50 times, leaves a registry file that
 * passes SQLite's integrity and foreign-key checks, where every upsert of 1,000 resources and every
 * deploy's outputs are all there or all absent, every event-log session is numbered 1..n without
 * gaps, and a deploy left running by the killed process holds a lock that is found stale (its
 * process is gone).
 */
class CrashSafetyTest {

    private static final int RUNS = 50;

    @TempDir
    Path folder;

    @Test
    void aWriterKilledAtRandomMomentsLeavesEveryOperationCompleteOrAbsent() throws Exception {
        String location = folder.resolve("registry.db").toString();
        try (Registry registry = Registry.open(location)) {
            project(registry, "crash");
        }
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int killedMidDeploy = 0;
        int cycles = 0;
        Path log = folder.resolve("writer.log");
        for (int run = 0; run < RUNS; run++) {
            Process writer = new ProcessBuilder(java, "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    CrashingWriter.class.getName(), location, String.valueOf(run))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            // the kill is timed from what the writer reported, not from its start: on a loaded machine a
            // JVM may take seconds to start. Even runs are killed 0-2.2 s after the registry opened (the
            // first cycle, or the open itself, is cut); odd runs only after a first whole cycle, so that
            // later cycles, over rows already there, are cut too however slow the machine is
            awaitLine(writer, log, run % 2 == 0 ? "started" : "cycle 0", run);
            long delay = random.nextInt(2200);
            boolean ended = writer.waitFor(delay, TimeUnit.MILLISECONDS);
            assertThat(ended).as("the writer is still writing when it is killed (run %d): %s", run,
                    ended ? Files.readString(log) : "").isFalse();
            writer.destroyForcibly(); // SIGKILL on Unix
            writer.waitFor();
            cycles += (int) Files.readString(log).lines().filter(line -> line.startsWith("cycle ")).count();

            assertThat(Sql.rows(location, "PRAGMA integrity_check")).extracting(row -> row.values().iterator().next())
                    .as("integrity_check after run %d (seed %d)", run, seed).containsExactly("ok");
            assertThat(Sql.rows(location, "PRAGMA foreign_key_check")).as("foreign_key_check after run %d", run).isEmpty();
            assertThat(Sql.rows(location, "SELECT p.name FROM projects p LEFT JOIN resource_counts c ON c.project_id = p.id"
                    + " WHERE coalesce(c.n, 0) <> (SELECT count(*) FROM resources r WHERE r.project_id = p.id)"))
                    .as("projects whose kept resource count differs from their resources after run %d", run).isEmpty();
            killedMidDeploy += assertAllOrNothingAndBreakStaleLock(location, run, seed);
        }
        System.out.printf("crash test: %d runs killed with SIGKILL (seed %d), %d whole cycles written before the kills,"
                + " %d killed while a deploy held the lock (found stale every time); integrity, foreign keys"
                + " and resource counts ok after every run%n", RUNS, seed, cycles, killedMidDeploy);
        assertThat(cycles).as("every odd run was killed after a whole cycle").isGreaterThanOrEqualTo(RUNS / 2);
    }

    /** Waits (up to 3 minutes, for a very slow machine) until the writer printed {@code line}. */
    private static void awaitLine(Process writer, Path log, String line, int run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.readString(log).lines().anyMatch(line::equals)) {
            assertThat(writer.isAlive()).as("the writer runs until killed (run %d): %s", run, Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime()).as("the writer printed '%s' within 3 minutes (run %d)", line, run)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Checks every cycle's rows; returns 1 when the killed run left a deploy running (its lock then broken). */
    private static int assertAllOrNothingAndBreakStaleLock(String location, int run, long seed) {
        try (Registry registry = Registry.open(location)) {
            RegistryProject project = registry.service().findProjectByName("crash").orElseThrow();
            Map<String, List<RegistryResource>> byCycle = registry.service().findResourcesByProject(project.id()).stream()
                    .collect(Collectors.groupingBy(r -> r.name().substring(0, r.name().indexOf('-') + 1),
                            TreeMap::new, Collectors.toList()));
            Map<String, RegistryDeployment> deployments = registry.service().findDeploymentsByProject(project.id())
                    .stream().collect(Collectors.toMap(d -> (String) d.configSnapshot().get("cycle"), d -> d));
            byCycle.forEach((prefix, resources) -> {
                assertThat(resources).as("upsert %s (run %d, seed %d) is all or nothing", prefix, run, seed)
                        .hasSize(CrashingWriter.RESOURCES);
                long withOutputs = resources.stream().filter(r -> r.outputs().isPresent()).count();
                assertThat(withOutputs).as("outputs of %s are all or nothing", prefix).isIn(0L, (long) CrashingWriter.RESOURCES);
                resources.stream().filter(r -> r.outputs().isPresent()).forEach(r ->
                        assertThat(r.outputs().get()).containsEntry("cycle", prefix));
                RegistryDeployment deployment = deployments.get(prefix);
                if (deployment != null && deployment.status() == DeploymentStatus.SUCCEEDED) {
                    assertThat(withOutputs).as("a succeeded deploy of %s has all its outputs", prefix)
                            .isEqualTo(CrashingWriter.RESOURCES);
                }
                if (withOutputs > 0) {
                    assertThat(deployment).as("outputs of %s were written by its deploy", prefix).isNotNull();
                }
                // issue 16: a version is written with its outputs or not at all, whenever the kill came
                resources.forEach(r -> assertThat(registry.versions().history(r.id(), 1).stream()
                        .map(v -> v.outputs()).findFirst()).as("the newest version of %s is its outputs (run %d)",
                                r.name(), run).isEqualTo(r.outputs()));
            });
            for (LogSession session : registry.events().listSessions(1000)) {
                List<Long> seqs = registry.events().getSessionEvents(session.id()).stream().map(LogEvent::seq).toList();
                assertThat(seqs).as("session %s's events are numbered 1..n without gaps (run %d)", session.id(), run)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().toList());
                if (session.exitCode().isPresent()) {
                    assertThat(seqs).as("an ended session has all its events").hasSize(CrashingWriter.EVENTS + 4);
                }
            }
            Optional<DeploymentLock> lock = registry.deployments().findLock(project.id());
            if (lock.isEmpty()) {
                assertThat(deployments.values()).as("no deployment is left running without its lock")
                        .noneMatch(d -> d.status() == DeploymentStatus.RUNNING);
                return 0;
            }
            assertThat(lock.get().staleReason()).as("the killed writer's lock is stale")
                    .hasValueSatisfying(why -> assertThat(why).contains("is not running"));
            // the deploy's outputs call staged all 1,000 or none; unlock publishes them, all together
            int staged = registry.deployments().stagedOutputs(lock.get().lockId()).size();
            assertThat(staged).as("the killed deploy staged all its outputs or none (run %d)", run)
                    .isIn(0, CrashingWriter.RESOURCES);
            String cycle = (String) registry.service().findDeploymentById(lock.get().lockId()).orElseThrow()
                    .configSnapshot().get("cycle");
            registry.deployments().unlock(project.id(), Optional.empty());
            assertThat(registry.service().findDeploymentById(lock.get().lockId()).orElseThrow().status())
                    .isEqualTo(DeploymentStatus.FAILED);
            if (staged > 0) {
                assertThat(registry.service().findResourcesByProject(project.id()))
                        .filteredOn(r -> r.name().startsWith(cycle))
                        .as("unlock published the killed deploy's outputs (run %d)", run).hasSize(CrashingWriter.RESOURCES)
                        .allSatisfy(r -> assertThat(r.outputs()).hasValueSatisfying(o -> assertThat(o).containsEntry("cycle", cycle)));
            }
            return 1;
        }
    }
}
