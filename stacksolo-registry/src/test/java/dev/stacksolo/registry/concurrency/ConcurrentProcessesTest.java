package dev.stacksolo.registry.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.PostgresScratch;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.ResourceStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes (not threads) writing to one registry at once lose nothing and see no
 * "database is locked": every writer exits 0 and every row it wrote is there.
 */
class ConcurrentProcessesTest {

    private static final int WRITERS = 8;
    private static final int WRITES = 200;

    @TempDir
    Path folder;

    @Test
    void eightProcessesWritingToOneSqliteFileLoseNothing() throws Exception {
        String location = folder.resolve("registry.db").toString();
        Registry.open(location).close(); // create the schema first, as a deploy tool's first call would

        runWriters(location);

        assertEveryWriteIsPresent(location);
    }

    @Test
    void eightProcessesWritingToOnePostgresRegistryLoseNothing() throws Exception {
        try (PostgresScratch scratch = PostgresScratch.create()) {
            Registry.open(scratch.url()).close();

            runWriters(scratch.url());

            assertEveryWriteIsPresent(scratch.url());
        }
    }

    private static void runWriters(String location) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        for (int writer = 0; writer < WRITERS; writer++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ConcurrentWriter.class.getName(), location, String.valueOf(writer), String.valueOf(WRITES))
                    .redirectErrorStream(true).start());
        }
        List<String> failures = new ArrayList<>();
        for (Process process : processes) {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("writer finished in time").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                failures.add(output);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("concurrent writers: %d processes x %d writes on %s: %d ms, %d failed%n",
                WRITERS, WRITES, location.startsWith("jdbc:") ? "PostgreSQL" : "SQLite", ms, failures.size());
        assertThat(failures).as("writers that failed").isEmpty();
    }

    private static void assertEveryWriteIsPresent(String location) {
        try (Registry registry = Registry.open(location)) {
            // the counts `list` shows, kept by triggers while the writers raced
            java.util.Map<String, Integer> listed = new java.util.HashMap<>();
            registry.service().listProjectSummaries().forEach(s -> listed.put(s.project().name(), s.resourceCount()));
            int writes = 0;
            for (int writer = 0; writer < WRITERS; writer++) {
                RegistryProject project = registry.service().findProjectByName("writer-" + writer).orElseThrow();
                var resources = registry.service().findResourcesByProject(project.id());
                var deployments = registry.service().findDeploymentsByProject(project.id());
                int upserts = (WRITES + 2) / 3;
                int outputs = (WRITES + 1) / 3;
                int deploys = WRITES / 3;
                assertThat(resources).hasSize(upserts);
                assertThat(listed).containsEntry(project.name(), upserts);
                assertThat(resources.stream().filter(r -> r.status() == ResourceStatus.READY)).hasSize(outputs);
                assertThat(deployments).hasSize(deploys)
                        .allSatisfy(d -> assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCEEDED));
                writes += upserts + outputs + deploys;
            }
            assertThat(writes).isEqualTo(WRITERS * WRITES);
            System.out.printf("concurrent writers: %d writes present%n", writes);
        }
    }
}
