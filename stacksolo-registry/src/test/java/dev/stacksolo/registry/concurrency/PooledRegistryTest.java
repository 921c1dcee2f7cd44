package dev.stacksolo.registry.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.PostgresScratch;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.ResourceType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry opened with a pool of connections, as a long-lived process would, shared by threads. */
class PooledRegistryTest {

    private static final int THREADS = 8;
    private static final int WRITES = 40;

    @TempDir
    Path folder;

    @Test
    void threadsSharingAPooledSqliteRegistryLoseNoWrite() throws Exception {
        try (Registry registry = Registry.open(folder.resolve("registry.db").toString(), 4)) {
            writeFromThreads(registry);
        }
    }

    @Test
    void threadsSharingAPooledPostgresRegistryLoseNoWrite() throws Exception {
        try (PostgresScratch scratch = PostgresScratch.create(); Registry registry = Registry.open(scratch.url(), 4)) {
            writeFromThreads(registry);
        }
    }

    @Test
    void aPoolNeedsAtLeastOneConnection() {
        assertThatThrownBy(() -> Registry.open(folder.resolve("registry.db").toString(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    private static void writeFromThreads(Registry registry) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int index = thread;
                futures.add(pool.submit(() -> {
                    RegistryProject project = registry.service().registerProject(CreateProjectInput.builder()
                            .name("thread-" + index).gcpProjectId("gcp").region("us-central1").build());
                    for (int i = 0; i < WRITES; i++) {
                        registry.service().upsertResources(project.id(), List.of(CreateResourceInput.builder()
                                .type(ResourceType.BUCKET).name("bucket-" + i).resourceType("gcp:storage_bucket")
                                .config(Map.of("i", i)).build()));
                        registry.references().isCrossProjectReference("@thread-" + index + "/bucket-" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(registry.service().listProjectSummaries())
                .hasSize(THREADS)
                .allSatisfy(summary -> assertThat(summary.resourceCount()).isEqualTo(WRITES));
    }
}
