package dev.stacksolo.registry.concurrency;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two readers and one writer on one SQLite file, each with its own connection, in the patterns
 * that make DEFERRED transactions fail with SQLITE_BUSY at once: a reader that reads and then
 * writes (resolve a reference, then record outputs), and a writer whose transactions read before
 * they write (an upsert looks up the existing resources first). None of their calls may fail.
 */
class ReadersAndWriterTest {

    private static final int ROUNDS = 150;

    @TempDir
    Path folder;

    @RepeatedTest(3)
    void readThenWriteFromThreeConnectionsNeverSurfacesBusy() throws Exception {
        String location = folder.resolve("registry.db").toString();
        try (Registry setup = Registry.open(location)) {
            RegistryProject shared = project(setup, "shared");
            deployed(setup, shared, ResourceType.DATABASE, "db", "main", Map.of("connectionString", "postgres://db"));
            project(setup, "app");
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread writer = new Thread(() -> run(location, start, failures, registry -> {
            RegistryProject app = registry.service().findProjectByName("app").orElseThrow();
            for (int i = 0; i < ROUNDS; i++) {
                registry.service().upsertResources(app.id(), List.of(
                        resource(ResourceType.CONTAINER, "api-" + (i % 20), "main").build(),
                        resource(ResourceType.BUCKET, "bucket-" + i, null).build()));
                calls.incrementAndGet();
            }
        }));
        List<Thread> readers = List.of(1, 2).stream().map(n -> new Thread(() -> run(location, start, failures, registry -> {
            RegistryProject shared = registry.service().findProjectByName("shared").orElseThrow();
            RegistryResource db = registry.service().findResourceByRef(shared.id(), "db").orElseThrow();
            for (int i = 0; i < ROUNDS; i++) {
                String value = registry.references().resolve("@shared/main/db.connectionString");
                registry.service().listProjectSummaries();
                registry.service().updateResourceOutputs(db.id(), Map.of("connectionString", value, "reader", n));
                calls.addAndGet(3);
            }
        }))).toList();
        writer.start();
        readers.forEach(Thread::start);
        start.countDown();
        writer.join();
        for (Thread reader : readers) {
            reader.join();
        }

        System.out.printf("readers and writer: %d calls from 3 connections on one file, %d failed%n",
                calls.get(), failures.size());
        assertThat(failures).as("calls that failed").isEmpty();
        try (Registry check = Registry.open(location)) {
            RegistryProject app = check.service().findProjectByName("app").orElseThrow();
            assertThat(check.service().findResourcesByProject(app.id())).hasSize(20 + ROUNDS);
        }
    }

    private interface Work {
        void run(Registry registry);
    }

    private static void run(String location, CountDownLatch start, ConcurrentLinkedQueue<Throwable> failures, Work work) {
        try (Registry registry = Registry.open(location)) {
            start.await();
            work.run(registry);
        } catch (Throwable e) {
            failures.add(e);
        }
    }
}
