package dev.stacksolo.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.DeployResult;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's statement journals (a statement's undo log inside a transaction) stay in memory: a
 * writer of the registry creates no temporary file. Each inserted resource fires the
 * {@code resource_counts} trigger and may break the unique key of schema version 8, so SQLite keeps
 * a statement journal for every insert of an upsert; past 64 KiB it used to spill it to a file in
 * the temporary folder (created, unlinked, written page by page), which made the upsert phase of
 * the benchmark workload about a third slower (docs/performance.md, "Issue 14's batched deploys").
 *
 * <p>A child process runs the writes with {@code SQLITE_TMPDIR} set to a folder this test watches
 * (SQLite unlinks a temporary file at once, so only the creation event shows it).
 */
class TemporaryFilesTest {

    private static final int PROJECTS = 20;
    private static final int RESOURCES = 50;

    @TempDir
    Path folder;

    @Test
    void upsertsAndBatchedDeploysCreateNoTemporaryFile() throws Exception {
        Path temporary = Files.createDirectory(folder.resolve("tmp"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Writer.class.getName(), folder.resolve("registry.db").toString()).redirectErrorStream(true);
        builder.environment().put("SQLITE_TMPDIR", temporary.toString());
        List<String> created = new ArrayList<>();
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            temporary.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            Process writer = builder.start();
            String output = new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(writer.waitFor(5, TimeUnit.MINUTES)).as("the writer finished in time").isTrue();
            assertThat(writer.exitValue()).as("the writer's exit code; its output: %s", output).isZero();
            assertThat(output).contains("resources=" + PROJECTS * RESOURCES);
            WatchKey key;
            while ((key = watcher.poll(200, TimeUnit.MILLISECONDS)) != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    created.add(String.valueOf(event.context()));
                }
                key.reset();
            }
        }
        assertThat(created).as("temporary files SQLite created while the registry was written").isEmpty();
    }

    /** Registers {@value #PROJECTS} projects, upserts {@value #RESOURCES} resources into each, records a deploy result for each. */
    public static final class Writer {
        private Writer() {}

        /** Arguments: the registry file. */
        public static void main(String[] args) {
            ResourceType[] types = {ResourceType.CONTAINER, ResourceType.FUNCTION, ResourceType.DATABASE,
                ResourceType.CACHE, ResourceType.BUCKET};
            try (Registry registry = Registry.open(Path.of(args[0]))) {
                int count = 0;
                for (int p = 0; p < PROJECTS; p++) {
                    RegistryProject project = registry.service().registerProject(CreateProjectInput.builder()
                            .name("proj-" + p).gcpProjectId("gcp").region("us-central1").build());
                    List<CreateResourceInput> inputs = new ArrayList<>();
                    for (int r = 0; r < RESOURCES; r++) {
                        inputs.add(CreateResourceInput.builder().type(types[r % types.length]).name("res-" + r)
                                .network("main").resourceType("gcp-cdktf:cloud_run")
                                .config(Map.of("memory", "512Mi", "idx", r)).build());
                    }
                    DeployResult.Builder result = DeployResult.succeeded(project.id()).configSnapshot(Map.of());
                    for (RegistryResource resource : registry.service().upsertResources(project.id(), inputs)) {
                        result.outputs(resource.id(), Map.of("url", "https://" + resource.name() + ".example"));
                        count++;
                    }
                    registry.service().recordDeployResult(result.build());
                }
                System.out.println("resources=" + count);
            }
        }
    }
}
