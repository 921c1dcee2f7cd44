package dev.stacksolo.registry.concurrency;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.PostgresScratch;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy's writes appear together, across processes, on SQLite and PostgreSQL: readers in other
 * processes sampling the project's resources (one query each) while a deploy stages its writes,
 * while it is killed with SIGKILL and while its lock is broken by {@code unlock}, see every resource
 * old or every resource new, never a mix; the killed deploy's writes are published by the unlock.
 * And two deployers taking turns, a plain writer and readers at once: readers never see a mix, the
 * plain writer is refused while a deploy holds the lock and loses no write it was told succeeded.
 * Readers that resolve a reference to every resource in one {@link Registry#inSnapshot} (as
 * {@code stacksolo output A B…}, {@code env}, {@code run} and {@code refs} do) never see a mix either.
 */
class StagedDeployAcrossProcessesTest {

    private static final int RESOURCES = 12;
    /**
     * How the reference readers read: {@code snapshot}; {@code -Dstacksolo.test.refreads=separate}
     * resolves each reference on its own, as the commands did before, to see this test fail.
     */
    private static final String READS = System.getProperty("stacksolo.test.refreads", "snapshot");

    @TempDir
    Path folder;

    @Test
    void aKilledDeploysWritesArePublishedByUnlockAndNeverSeenHalfOnSqlite() throws Exception {
        killAndUnlock(folder.resolve("registry.db").toString());
    }

    @Test
    void aKilledDeploysWritesArePublishedByUnlockAndNeverSeenHalfOnPostgres() throws Exception {
        onPostgres(this::killAndUnlock);
    }

    @Test
    void twoDeployersAPlainWriterAndReadersOnSqlite() throws Exception {
        deployersWriterAndReaders(folder.resolve("registry.db").toString());
    }

    @Test
    void twoDeployersAPlainWriterAndReadersOnPostgres() throws Exception {
        onPostgres(this::deployersWriterAndReaders);
    }

    private interface Scenario {
        void run(String location) throws Exception;
    }

    private void onPostgres(Scenario scenario) throws Exception {
        if (PostgresScratch.skipReason().isPresent()) {
            org.junit.jupiter.api.Assumptions.abort(PostgresScratch.skipReason().get());
        }
        try (PostgresScratch scratch = PostgresScratch.create()) {
            scenario.run(scratch.url());
        }
    }

    private static RegistryProject seed(String location, String gen) {
        try (Registry registry = Registry.open(location)) {
            RegistryProject project = project(registry, "shared");
            for (int i = 0; i < RESOURCES; i++) {
                deployed(registry, project, ResourceType.CONTAINER, "svc-" + i, "main",
                        Map.of("url", "https://svc-" + i, "gen", gen));
            }
            return project;
        }
    }

    private void killAndUnlock(String location) throws Exception {
        RegistryProject project = seed(location, "old");
        Path stop = folder.resolve("stop-" + System.nanoTime());
        List<Child> readers = List.of(start(location, "reader", "shared", stop.toString()),
                start(location, "reader", "shared", stop.toString()),
                start(location, "refreader", "shared", stop.toString(), READS));
        Child deploy = start(location, "hang", "shared", "new");
        String staged = awaitLine(deploy, "staged ");
        String deploymentId = staged.substring("staged ".length());
        Thread.sleep(300); // readers sample the staged deploy a while longer
        try (Registry registry = Registry.open(location)) {
            assertThat(registry.service().findResourcesByProject(project.id()))
                    .as("readers see the published outputs while the deploy runs")
                    .allSatisfy(r -> assertThat(r.outputs().orElseThrow()).containsEntry("gen", "old"));
            assertThat(registry.deployments().stagedOutputs(deploymentId)).hasSize(RESOURCES);

            deploy.process().destroyForcibly(); // SIGKILL
            deploy.process().waitFor();
            Thread.sleep(200);
            DeploymentLock lock = registry.deployments().findLock(project.id()).orElseThrow();
            assertThat(lock.staleReason()).as("the killed deploy's lock is stale").isPresent();
            assertThat(registry.service().findResourcesByProject(project.id()))
                    .as("a killed deploy publishes nothing by itself")
                    .allSatisfy(r -> assertThat(r.outputs().orElseThrow()).containsEntry("gen", "old"));

            registry.deployments().unlock(project.id(), Optional.empty());

            Thread.sleep(1000); // and after the unlock (long enough for three readers on two busy cores)
            assertThat(registry.service().findResourcesByProject(project.id())).as("unlock published every write")
                    .allSatisfy(r -> assertThat(r.outputs().orElseThrow()).containsEntry("gen", "new")
                            .containsKey("url"));
            assertThat(registry.service().findDeploymentById(deploymentId).orElseThrow().status())
                    .isEqualTo(DeploymentStatus.FAILED);
            assertThat(registry.deployments().stagedOutputs(deploymentId)).isEmpty();
        }
        Files.createFile(stop);
        for (Child reader : readers) {
            String summary = finish(reader, "reader ");
            System.out.println("staged deploy killed then unlocked on " + backend(location) + ": " + summary);
            assertThat(summary).as("no reader saw old and new values at once").contains(" mixed=0 ");
            assertThat(summary).as("the reader saw the old values, then the new ones").endsWith("gens=old,new");
        }
    }

    private void deployersWriterAndReaders(String location) throws Exception {
        RegistryProject project = seed(location, "seed");
        Path stop = folder.resolve("stop-" + System.nanoTime());
        List<Child> readers = List.of(start(location, "reader", "shared", stop.toString()),
                start(location, "refreader", "shared", stop.toString(), READS),
                start(location, "refreader", "shared", stop.toString(), READS));
        Child plain = start(location, "plain", "shared", "svc-0", stop.toString());
        int rounds = 4;
        List<Child> deployers = List.of(start(location, "deployer", "shared", "a", String.valueOf(rounds)),
                start(location, "deployer", "shared", "b", String.valueOf(rounds)));
        List<String> finished = new ArrayList<>();
        for (Child deployer : deployers) {
            String output = readRest(deployer);
            assertThat(deployer.process().waitFor(5, TimeUnit.MINUTES)).as("deployer finished in time").isTrue();
            assertThat(deployer.process().exitValue()).as("deployer output: %s", output).isZero();
            output.lines().filter(line -> line.startsWith("deployed ")).forEach(finished::add);
        }
        assertThat(finished).hasSize(2 * rounds);
        Thread.sleep(200); // the plain writer writes once more without a lock
        Files.createFile(stop);
        String plainSummary = finish(plain, "plain ");
        for (Child reader : readers) {
            String summary = finish(reader, "reader ");
            System.out.println("two deployers, a plain writer on " + backend(location) + ": " + summary + "; "
                    + plainSummary);
            assertThat(summary).as("no reader saw two deploys' values at once").contains(" mixed=0 ");
        }
        assertThat(plainSummary).as("the plain writer was refused while a deploy held the lock")
                .doesNotContain("refused=0");
        int last = Integer.parseInt(Arrays.stream(plainSummary.split(" ")).filter(w -> w.startsWith("last="))
                .findFirst().orElseThrow().substring(5));
        try (Registry registry = Registry.open(location)) {
            List<RegistryResource> resources = registry.service().findResourcesByProject(project.id());
            assertThat(resources).extracting(r -> r.outputs().orElseThrow().get("gen")).as("one deploy's values")
                    .containsOnly(resources.get(0).outputs().orElseThrow().get("gen"));
            RegistryResource first = registry.service().findResourceByRef(project.id(), "svc-0").orElseThrow();
            if (last > 0) {
                assertThat(first.outputs().orElseThrow()).as("the plain writer's last write is kept by the deploys after it")
                        .containsEntry("plain", "p" + last);
            }
            assertThat(registry.deployments().findLock(project.id())).isEmpty();
        }
    }

    private static String backend(String location) {
        return location.startsWith("jdbc:") ? "PostgreSQL" : "SQLite";
    }

    /** A child process and the one reader of its output (a second reader could lose what the first buffered). */
    private record Child(Process process, BufferedReader lines) {}

    private Child start(String location, String role, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                StagingProcess.class.getName(), role, location));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Child child = new Child(process, new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)));
        assertThat(child.lines().readLine()).as("the %s process opened the registry", role).isEqualTo("ready");
        return child;
    }

    /** Everything the child prints until it ends. */
    private static String readRest(Child child) throws Exception {
        StringBuilder output = new StringBuilder();
        for (String line = child.lines().readLine(); line != null; line = child.lines().readLine()) {
            output.append(line).append('\n');
        }
        return output.toString();
    }

    /** Reads the process's lines until one starts with {@code prefix}, and returns it. */
    private static String awaitLine(Child child, String prefix) throws Exception {
        BufferedReader lines = child.lines();
        List<String> seen = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.add(line);
        }
        throw new AssertionError("the process ended without printing '" + prefix + "…': " + seen);
    }

    /** Waits for the process to exit 0 and returns its line that starts with {@code prefix}. */
    private static String finish(Child child, String prefix) throws Exception {
        String output = readRest(child);
        Process process = child.process();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("process ended in time").isTrue();
        assertThat(process.exitValue()).as("process output: %s", output).isZero();
        return output.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "…' line in: " + output));
    }

}
