package dev.stacksolo.registry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.SessionNotFoundException;
import dev.stacksolo.registry.service.EventLogService;
import dev.stacksolo.registry.service.EventLogService.PruneResult;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.EventCategory;
import dev.stacksolo.registry.types.EventFilter;
import dev.stacksolo.registry.types.LogEvent;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.NewEvent;
import dev.stacksolo.registry.types.NewSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The event log: sessions, events, filters, helpers, pruning and masking (on SQLite and PostgreSQL). */
class EventLogTest {

    private static LogSession deploySession(Registry registry) {
        return registry.events().startSession(NewSession.of("deploy").withArgs(List.of("--yes"))
                .withProject("app", "app-gcp").withConfigHash("abc123"));
    }

    @RegistryTest
    void aSessionRecordsItsCommandProjectAndWhoRanItAndEndsWithItsExitCode(Registry registry) {
        LogSession started = deploySession(registry);

        assertThat(started.command()).isEqualTo("deploy");
        assertThat(started.args()).containsExactly("--yes");
        assertThat(started.projectName()).contains("app");
        assertThat(started.gcpProjectId()).contains("app-gcp");
        assertThat(started.configHash()).contains("abc123");
        assertThat(started.exitCode()).isEmpty();
        LogEvent first = registry.events().getSessionEvents(started.id()).get(0);
        assertThat(first.eventType()).isEqualTo("session_start");
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.data()).containsKeys("host", "user", "pid", "cwd");

        LogSession ended = registry.events().endSession(started.id(), 3).orElseThrow();

        assertThat(ended.exitCode()).contains(3);
        assertThat(ended.finishedAt()).isPresent();
        assertThat(registry.events().getSession(started.id())).contains(ended);
        assertThat(registry.events().getSessionEvents(started.id())).last()
                .satisfies(last -> assertThat(last.eventType()).isEqualTo("session_end"))
                .satisfies(last -> assertThat(last.data()).containsEntry("exitCode", 3));
        assertThat(registry.events().endSession("no-such-session", 0)).isEmpty();
    }

    @RegistryTest
    void sessionsAreListedNewestFirst(Registry registry) throws Exception {
        LogSession first = deploySession(registry);
        Thread.sleep(5);
        LogSession second = registry.events().startSession(NewSession.of("destroy"));

        assertThat(registry.events().listSessions(10)).extracting(LogSession::id).containsExactly(second.id(), first.id());
        assertThat(registry.events().listSessions(1)).extracting(LogSession::id).containsExactly(second.id());
        assertThat(registry.events().getLatestSession()).map(LogSession::id).contains(second.id());
        assertThatThrownBy(() -> registry.events().listSessions(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @RegistryTest
    void anEventKeepsEveryFieldAndGetsTheNextSequenceNumber(Registry registry) {
        LogSession session = deploySession(registry);
        LogEvent parent = registry.events().phaseStart(session.id(), "apply");

        LogEvent event = registry.events().logEvent(session.id(), NewEvent.of(EventCategory.TERRAFORM, "resource_create")
                .withProject("app").withResource("container", "api").withTerraformAddress("google_cloud_run_service.api")
                .withData(Map.of("action", "create", "seconds", 12)).withParent(parent.id()).withCorrelationId("c-1"));

        assertThat(event.seq()).isEqualTo(parent.seq() + 1);
        assertThat(registry.events().getSessionEvents(session.id(), EventFilter.all().withEventType("resource_create")))
                .singleElement().isEqualTo(event);
        assertThat(event.project()).contains("app");
        assertThat(event.resourceType()).contains("container");
        assertThat(event.resourceName()).contains("api");
        assertThat(event.terraformAddress()).contains("google_cloud_run_service.api");
        assertThat(event.data()).isEqualTo(Map.of("action", "create", "seconds", 12));
        assertThat(event.parentEventId()).contains(parent.id());
        assertThat(event.correlationId()).contains("c-1");
        assertThat(registry.events().getEventCount(session.id())).isEqualTo(3);
    }

    @RegistryTest
    void eventsCanBeFilteredByCategoryTypeResourceTimeAndLimit(Registry registry) throws Exception {
        LogSession session = deploySession(registry);
        EventLogService events = registry.events();
        LogEvent build = events.dockerBuildStart(session.id(), "gcr.io/app/api:1");
        events.dockerBuildEnd(session.id(), build, true);
        Thread.sleep(5);
        Instant later = Instant.now();
        Thread.sleep(5);
        events.terraformResource(session.id(), "create", "google_storage_bucket.uploads", "bucket", "uploads", Map.of());
        events.terraformResource(session.id(), "create", "google_cloud_run_service.api", "container", "api", Map.of());

        assertThat(events.getSessionEvents(session.id(), EventFilter.all().withCategory(EventCategory.DOCKER)))
                .extracting(LogEvent::eventType).containsExactly("build_start", "build_end");
        assertThat(events.getSessionEvents(session.id(), EventFilter.all().withResourceName("api")))
                .extracting(LogEvent::terraformAddress).containsExactly(java.util.Optional.of("google_cloud_run_service.api"));
        assertThat(events.getSessionEvents(session.id(), EventFilter.all().since(later)))
                .extracting(LogEvent::resourceName).containsExactly(java.util.Optional.of("uploads"), java.util.Optional.of("api"));
        assertThat(events.getSessionEvents(session.id(), EventFilter.all().withLimit(2)))
                .extracting(LogEvent::seq).containsExactly(1L, 2L);
        assertThat(events.getEventsByResource("uploads", 10)).singleElement()
                .satisfies(e -> assertThat(e.eventType()).isEqualTo("resource_create"));
    }

    @RegistryTest
    void anEndHelperIsTiedToItsStartAndCarriesItsDuration(Registry registry) throws Exception {
        LogSession session = deploySession(registry);
        LogEvent start = registry.events().terraformApplyStart(session.id());
        Thread.sleep(20);

        LogEvent end = registry.events().terraformApplyEnd(session.id(), start, 0);

        assertThat(end.category()).isEqualTo(EventCategory.TERRAFORM);
        assertThat(end.eventType()).isEqualTo("apply_end");
        assertThat(end.correlationId()).isPresent().isEqualTo(start.correlationId());
        assertThat(end.parentEventId()).contains(start.id());
        assertThat(((Number) end.data().get("durationMs")).longValue()).isGreaterThanOrEqualTo(20);
    }

    @RegistryTest
    void secretsNeverReachTheLog(Registry registry, BothDatabases.Location location) {
        LogSession session = registry.events().startSession(NewSession.of("outputs set")
                .withArgs(List.of("@db/main/pg", "password=hunter2", "url=postgresql://app:hunter2@10.0.0.5/db")));
        registry.events().logEvent(session.id(), NewEvent.of(EventCategory.INTERNAL, "outputs_set")
                .withData(Map.of("password", "hunter2", "connectionString", "postgresql://app:hunter2@10.0.0.5/db",
                        "nested", Map.of("apiToken", "hunter2"))));
        registry.events().userResponse(session.id(), registry.events().userPrompt(session.id(), "Database URL?"),
                "postgresql://app:hunter2@10.0.0.5/db");

        assertThat(Sql.rows(location.url(), "SELECT args FROM sessions").toString()).doesNotContain("hunter2")
                .contains("password=****").contains("app:****@");
        assertThat(Sql.rows(location.url(), "SELECT data FROM events").toString()).doesNotContain("hunter2")
                .contains("****");
    }

    @RegistryTest
    void loggingIntoAMissingSessionIsRefused(Registry registry) {
        assertThatThrownBy(() -> registry.events().logEvent("no-such-session", NewEvent.of(EventCategory.INTERNAL, "x")))
                .isInstanceOf(SessionNotFoundException.class).hasMessageContaining("stacksolo events list");
    }

    @RegistryTest
    void pruningDeletesOldEventsAndTheFinishedSessionsLeftEmpty(Registry registry, BothDatabases.Location location) {
        LogSession old = deploySession(registry);
        registry.events().endSession(old.id(), 0);
        LogSession recent = deploySession(registry);
        Sql.execute(location.url(), "UPDATE events SET timestamp = '2020-01-01T00:00:00.000Z' WHERE session_id = '" + old.id() + "'",
                "UPDATE sessions SET started_at = '2020-01-01T00:00:00.000Z' WHERE id = '" + old.id() + "'");

        PruneResult pruned = registry.events().pruneEvents(Duration.ofDays(30));

        assertThat(pruned.events()).isEqualTo(2);
        assertThat(pruned.sessions()).isEqualTo(1);
        assertThat(registry.events().getSession(old.id())).isEmpty();
        assertThat(registry.events().getSession(recent.id())).isPresent();
        assertThat(registry.events().getEventCount(recent.id())).isEqualTo(1);
    }

    @RegistryTest
    void aSessionIsFoundByItsIdOrAUniquePrefixOfAtLeastFourInEitherCaseAndAnAmbiguousPrefixNamesTheCandidates(
            Registry registry, BothDatabases.Location location) {
        LogSession one = registry.events().startSession(NewSession.of("sync"));
        registry.events().startSession(NewSession.of("sync"));
        // a second session whose id shares the first eight characters of one's (as another tool's could)
        String twin = one.id().substring(0, 8) + "-0000-4000-8000-000000000000";
        Sql.execute(location.url(), "INSERT INTO sessions (id, started_at, command) VALUES ('" + twin
                + "', '2026-01-01T00:00:00.000Z', 'sync')");

        assertThat(registry.events().getSessionByIdOrPrefix(one.id())).contains(one);
        assertThat(registry.events().getSessionByIdOrPrefix(one.id().substring(0, 13))).contains(one);
        assertThat(registry.events().getSessionByIdOrPrefix(one.id().substring(0, 13).toUpperCase(java.util.Locale.ROOT)))
                .as("letters in either case").contains(one);
        assertThat(registry.events().getSessionByIdOrPrefix(one.id().toUpperCase(java.util.Locale.ROOT))).contains(one);
        assertThatThrownBy(() -> registry.events().getSessionByIdOrPrefix(one.id().substring(0, 6)))
                .isInstanceOfSatisfying(dev.stacksolo.registry.AmbiguousSessionIdException.class, e -> {
                    assertThat(e.candidates()).contains(one.id(), twin);
                    assertThat(e.getMessage()).contains("give more of the id");
                });
        assertThat(registry.events().getSessionByIdOrPrefix(one.id().substring(0, 3))).as("shorter than four").isEmpty();
        assertThat(registry.events().getSessionByIdOrPrefix("zzzz")).isEmpty();
        assertThat(registry.events().getSessionByIdOrPrefix("")).isEmpty();
    }
}
