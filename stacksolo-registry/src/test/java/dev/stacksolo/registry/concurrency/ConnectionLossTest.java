package dev.stacksolo.registry.concurrency;

import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.Backend;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.PostgresScratch;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.NewSession;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL server ends a registry's session (pg_terminate_backend, as an administrator, a
 * restart or a pooler does): the registry replaces the connection instead of failing on it for
 * ever. A read runs again on a new connection, a transaction cut before its COMMIT runs again once
 * (and lands once), and after a failed write the next call (the audit's end) works. Failure
 * messages say read or write, drop the driver's Where/Position lines, and say nothing was changed.
 */
class ConnectionLossTest {

    @Test
    void aReadAfterTheServerEndedTheSessionRunsOnANewConnection() {
        try (PostgresScratch scratch = PostgresScratch.create(); Session session = Session.open(scratch)) {
            project(session.registry, "app");
            session.terminate();

            assertThat(session.registry.service().findProjectByName("app")).isPresent();
        }
    }

    @Test
    void aTransactionCutBeforeItsCommitRunsOnceMoreAndLandsOnce() {
        try (PostgresScratch scratch = PostgresScratch.create(); Session session = Session.open(scratch)) {
            RegistryProject app = project(session.registry, "app");
            AtomicInteger runs = new AtomicInteger();

            session.registry.inTransaction(r -> {
                r.service().createResource(resource(ResourceType.CONTAINER, "api", "main").projectId(app.id()).build());
                if (runs.incrementAndGet() == 1) {
                    session.terminate(); // the first run's connection ends mid-transaction
                }
                return r.service().findResourcesByProject(app.id(), row -> { });
            });

            assertThat(runs).hasValue(2);
            assertThat(Sql.rows(scratch.url(), "SELECT name FROM resources")).hasSize(1);
        }
    }

    @Test
    void afterAWriteLostWithItsConnectionTheAuditSessionStillEnds() {
        try (PostgresScratch scratch = PostgresScratch.create(); Session session = Session.open(scratch)) {
            LogSession started = session.registry.events().startSession(NewSession.of("sync"));
            RegistryProject app = project(session.registry, "app");
            Throwable failed = catchThrowable(() -> session.registry.inTransaction(r -> {
                r.service().createResource(resource(ResourceType.CONTAINER, "api", "main").projectId(app.id()).build());
                session.terminate(); // every run loses its connection: the second attempt fails too
                return r.service().findResourcesByProject(app.id(), row -> { });
            }));

            assertThat(failed).isInstanceOf(DatabaseException.class);
            assertThat(failed.getMessage()).contains("cannot write to the registry", "connection to it was lost",
                    "nothing was changed").doesNotContain("\n");
            // the command's end is recorded on a new connection: the session is closed, not abandoned
            assertThat(session.registry.events().endSession(started.id(), 1)).isPresent();
            assertThat(Sql.rows(scratch.url(), "SELECT exit_code FROM sessions").get(0).get("exit_code"))
                    .hasToString("1");
            assertThat(Sql.rows(scratch.url(), "SELECT name FROM resources")).isEmpty();
        }
    }

    @RegistryTest
    void aRefusedWriteSaysWhatFailedInOneLineAndThatNothingChanged(Registry registry, BothDatabases.Location location,
            Backend backend) {
        RegistryProject app = project(registry, "app");
        Sql.refuseResourceNamed(location.url(), backend, "api");

        Throwable refused = catchThrowable(() -> registry.service().createResource(
                resource(ResourceType.CONTAINER, "api", "main").projectId(app.id()).build()));

        assertThat(refused).isInstanceOf(DatabaseException.class);
        assertThat(refused.getMessage()).startsWith("cannot write to the registry").contains("refused by test trigger",
                "nothing was changed").doesNotContain("\n", "Where:", "Position:");
    }

    /** A registry whose connections carry a name of their own, so the test ends only those. */
    private static final class Session implements AutoCloseable {
        final Registry registry;
        final String baseUrl;
        final String name;

        private Session(Registry registry, String baseUrl, String name) {
            this.registry = registry;
            this.baseUrl = baseUrl;
            this.name = name;
        }

        static Session open(PostgresScratch scratch) {
            String name = "stacksolo-loss-" + UUID.randomUUID().toString().substring(0, 8);
            return new Session(Registry.open(scratch.url() + "&ApplicationName=" + name), scratch.url(), name);
        }

        /** Ends this registry's server sessions, as pg_terminate_backend by an administrator does. */
        void terminate() {
            List<Map<String, Object>> ended = Sql.rows(baseUrl, "SELECT pg_terminate_backend(pid) AS ended"
                    + " FROM pg_stat_activity WHERE application_name = '" + name + "'");
            assertThat(ended).isNotEmpty();
            // pg_terminate_backend only signals: wait until the server process is gone
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Sql.rows(baseUrl, "SELECT pid FROM pg_stat_activity WHERE application_name = '" + name + "'")
                    .isEmpty()) {
                assertThat(System.nanoTime()).as("the terminated session ended").isLessThan(deadline);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public void close() {
            registry.close();
        }
    }
}
