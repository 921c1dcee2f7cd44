package dev.stacksolo.registry.concurrency;

import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.service.LockedDeployment;
import dev.stacksolo.registry.testing.Fixtures;
import dev.stacksolo.registry.testing.PostgresScratch;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceStatus;
import dev.stacksolo.registry.types.ResourceType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten processes merging twenty outputs each (one call per output, each writer its own keys) into
 * one resource at the same moment lose none: all 200 keys are there afterwards, on SQLite and on
 * PostgreSQL: once as plain writes, once on behalf of a running deployment (the lock check and the
 * staged row in the same transaction; readers see none of the 200 until the deployment succeeds).
 * Before issue 14 the merge read the outputs outside its write, and such a race kept one to three
 * keys of ten.
 */
class OutputsMergeAcrossProcessesTest {

    private static final int WRITERS = 10;
    private static final int KEYS = 20;

    @TempDir
    Path folder;

    @Test
    void tenProcessesMergingIntoOneSqliteResourceLoseNoKey() throws Exception {
        raceAndCheck(folder.resolve("registry.db").toString());
    }

    @Test
    void tenProcessesMergingIntoOnePostgresResourceLoseNoKey() throws Exception {
        if (PostgresScratch.skipReason().isPresent()) {
            org.junit.jupiter.api.Assumptions.abort(PostgresScratch.skipReason().get());
        }
        try (PostgresScratch scratch = PostgresScratch.create()) {
            raceAndCheck(scratch.url());
        }
    }

    private void raceAndCheck(String location) throws Exception {
        try (Registry registry = Registry.open(location)) {
            RegistryProject project = project(registry, "shared");
            RegistryResource db = Fixtures.deployed(registry, project, ResourceType.DATABASE, "db", "main",
                    Map.of("existing", "kept"));
            RegistryResource cache = Fixtures.deployed(registry, project, ResourceType.CACHE, "cache", "main",
                    Map.of("existing", "kept"));
            race(location, db.id(), null);
            assertAllKeys(registry, db);
            try (LockedDeployment deploy = registry.deployments().start(CreateDeploymentInput.builder()
                    .projectId(project.id()).action(DeploymentAction.DEPLOY).configSnapshot(Map.of()).build())) {
                race(location, cache.id(), deploy.id());
                assertThat(registry.service().findResourceById(cache.id()).orElseThrow().outputs())
                        .as("staged until the deployment ends").contains(Map.of("existing", "kept"));
                deploy.succeed();
            }
            assertAllKeys(registry, cache);

            // issue 16: every plain merge is one version, in the order the merges committed (each adds
            // one key, so oldest to newest the versions hold 1, 2, … 201 keys); the deployment's merges
            // were staged and are one version, published by its end and attributed to it
            List<dev.stacksolo.registry.types.OutputVersion> history = registry.versions().history(db.id(), 1000);
            assertThat(history).hasSize(WRITERS * KEYS + 1);
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).outputs()).as("version %d from the newest", i).hasSize(history.size() - i);
            }
            assertThat(history.get(0).outputs())
                    .isEqualTo(registry.service().findResourceById(db.id()).orElseThrow().outputs().orElseThrow());
            assertThat(history).noneMatch(v -> v.deploymentId().isPresent());
            List<dev.stacksolo.registry.types.OutputVersion> staged = registry.versions().history(cache.id(), 1000);
            assertThat(staged).hasSize(2);
            assertThat(staged.get(0).outputs()).hasSize(WRITERS * KEYS + 1);
            assertThat(staged.get(0).deploymentId()).isPresent();
        }
    }

    private static void assertAllKeys(Registry registry, RegistryResource resource) {
        RegistryResource after = registry.service().findResourceById(resource.id()).orElseThrow();
        Map<String, Object> outputs = after.outputs().orElseThrow();
        assertThat(outputs).hasSize(WRITERS * KEYS + 1).containsEntry("existing", "kept");
        for (int w = 0; w < WRITERS; w++) {
            for (int k = 1; k <= KEYS; k++) {
                assertThat(outputs).containsEntry("w" + w + "k" + k, "v" + k);
            }
        }
        assertThat(after.status()).isEqualTo(ResourceStatus.READY);
    }

    /** Races the writers on the resource: plain merges, or merges on behalf of {@code deploymentId} when not null. */
    private void race(String location, String resourceId, String deploymentId) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path go = folder.resolve("go-" + System.nanoTime());
        List<Process> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    MergingWriter.class.getName(), location, String.valueOf(w), String.valueOf(KEYS), resourceId,
                    go.toString()));
            if (deploymentId != null) {
                command.add(deploymentId);
            }
            writers.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        for (Process writer : writers) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).as("the writer opened the registry").isEqualTo("ready");
        }
        long start = System.nanoTime();
        Files.createFile(go);
        List<String> failures = new ArrayList<>();
        for (Process writer : writers) {
            assertThat(writer.waitFor(10, TimeUnit.MINUTES)).as("writer finished in time").isTrue();
            if (writer.exitValue() != 0) {
                failures.add(new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        System.out.printf("merging writers: %d processes x %d merges on %s%s: %d ms%n", WRITERS, KEYS,
                location.startsWith("jdbc:") ? "PostgreSQL" : "SQLite", deploymentId == null ? "" : ", staged",
                (System.nanoTime() - start) / 1_000_000);
        assertThat(failures).as("writers that failed").isEmpty();
    }
}
