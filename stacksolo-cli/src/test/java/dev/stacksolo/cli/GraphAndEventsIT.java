package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graph between projects ({@code refs}, {@code graph}, {@code dependents}, the refusal to remove
 * a project others read from) and the event log of the CLI's own changes ({@code events}).
 * {@code api} reads {@code @shared-infra/main/users-db.connectionString} and {@code @shared-infra/sessions}.
 */
class GraphAndEventsIT {

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    Path api;
    Path shared;

    @BeforeEach
    void twoProjectsOneReadingTheOther() {
        stacksolo = StackSoloProcess.in(home);
        shared = stacksolo.project("shared-infra", "shared-infra.json");
        api = stacksolo.project("api", "api.json");
        stacksolo.cwd(shared).ok("sync");
        stacksolo.cwd(api).ok("sync");
    }

    @Test
    void refsShowsEachReferenceResolvedWithSecretsMaskedOrWhyNot() {
        stacksolo.ok("outputs", "set", "@shared-infra/main/users-db", "connectionString=postgresql://app:s3cret@10.0.0.5/users");

        StackSoloProcess.Result table = stacksolo.cwd(api).ok("refs");
        StackSoloProcess.Result check = stacksolo.cwd(api).run("refs", "--check");
        List<Map<String, Object>> json = stacksolo.cwd(api).ok("refs", "--json").jsonArray();

        assertThat(table.stdout()).contains("@shared-infra/main/users-db.connectionString")
                .contains("postgresql://app:****@10.0.0.5/users").doesNotContain("s3cret")
                .contains("does not resolve: resource 'sessions' of project 'shared-infra' has no outputs yet")
                .contains("2 references, 1 does not resolve.");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(json).extracting(r -> r.get("reference"), r -> r.get("resolved"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("@shared-infra/main/users-db.connectionString", true),
                        org.assertj.core.groups.Tuple.tuple("@shared-infra/sessions", false));
        assertThat(json.get(0).get("path")).isEqualTo("project.networks[0].containers[0].env.DATABASE_URL");

        stacksolo.ok("outputs", "set", "@shared-infra/main/sessions", "host=10.0.0.9");
        assertThat(stacksolo.cwd(api).run("refs", "--check").exitCode()).isZero();
    }

    @Test
    void aProjectWithOnlySameProjectReferencesHasNone() {
        Path webapp = stacksolo.project("webapp", "webapp-with-db.json");
        stacksolo.cwd(webapp).ok("sync");

        assertThat(stacksolo.cwd(webapp).ok("refs").stdout()).startsWith("No cross-project references in");
        assertThat(stacksolo.ok("dependents", "webapp").stdout()).isEqualTo("No project reads from webapp.\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"full-stack.json", "webapp-with-db.json", "simple-api.json", "static-site.json",
        "background-jobs.json", "simple-api-k8s.json"})
    void theFixtureConfigsMakeNoCrossProjectReferences(String fixture) {
        Path folder = stacksolo.project("fixture-" + fixture.replace(".json", ""), fixture);
        stacksolo.cwd(folder).okAllowingWarnings("sync");

        List<Map<String, Object>> refs = stacksolo.cwd(folder).ok("refs", "--json").jsonArray();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> edges = (List<Map<String, Object>>) stacksolo.ok("graph", "--format", "json")
                .jsonObject().get("edges");

        assertThat(refs).as("same-project references such as @database/db are not cross-project").isEmpty();
        assertThat(edges).extracting(e -> e.get("from")).containsOnly("api");
    }

    @Test
    void graphShowsProjectsAndTheirReferencesInEachFormat() {
        String text = stacksolo.ok("graph").stdout();
        String mermaid = stacksolo.ok("graph", "--format", "mermaid").stdout();
        String dot = stacksolo.ok("graph", "--format", "dot").stdout();
        Map<String, Object> json = stacksolo.ok("graph", "--format", "json").jsonObject();

        assertThat(text).isEqualTo("""
                api (pending)
                  └─▶ shared-infra: main/users-db.connectionString, sessions
                shared-infra (pending)
                """);
        assertThat(mermaid).startsWith("graph LR\n").contains("p0[\"api<br/><small>pending</small>\"]")
                .contains("p0 -->|\"main/users-db.connectionString, sessions\"| p1");
        assertThat(dot).startsWith("digraph stacksolo {")
                .contains("\"api\" -> \"shared-infra\" [label=\"main/users-db.connectionString\\nsessions\"];");
        assertThat(json.get("nodes")).asList().hasSize(2);
        assertThat(json.get("edges")).asList().hasSize(2);
    }

    @Test
    void theDotOutputIsAcceptedByGraphviz() throws Exception {
        boolean hasDot = Files.isExecutable(Path.of("/usr/bin/dot"));
        if (!hasDot && "1".equals(System.getenv("STACKSOLO_TEST_DOT_REQUIRED"))) {
            throw new AssertionError("Graphviz's dot is required (STACKSOLO_TEST_DOT_REQUIRED=1) but /usr/bin/dot is missing");
        }
        Assumptions.assumeTrue(hasDot, "Graphviz's dot is not installed (apt-get install graphviz; .ci/run installs it)");
        Path dotFile = Files.writeString(home.resolve("graph.dot"), stacksolo.ok("graph", "--format", "dot").stdout());

        Process dot = new ProcessBuilder("/usr/bin/dot", "-Tsvg", dotFile.toString()).redirectErrorStream(true).start();
        String svg = new String(dot.getInputStream().readAllBytes());
        assertThat(dot.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(dot.exitValue()).as(svg).isZero();
        assertThat(svg).contains("<svg").contains("shared&#45;infra").contains("users&#45;db.connectionString");
    }

    @Test
    void aProjectOthersReadFromIsNotUnregisteredOrDestroyedWithoutForce() {
        StackSoloProcess.Result dependents = stacksolo.ok("dependents", "shared-infra");
        StackSoloProcess.Result unregister = stacksolo.run("unregister", "shared-infra", "--yes");
        StackSoloProcess.Result destroy = stacksolo.cwd(shared).run("deployment", "start", "--action", "destroy");

        assertThat(dependents.stdout()).contains("api").contains("@shared-infra/main/users-db.connectionString")
                .contains("@shared-infra/sessions");
        assertThat(unregister.exitCode()).isEqualTo(1);
        assertThat(unregister.stderr()).isEqualTo("error: refusing to unregister 'shared-infra': api reads"
                + " @shared-infra/main/users-db.connectionString, @shared-infra/sessions; change those projects first,"
                + " or pass --force to unregister it anyway\n");
        assertThat(destroy.exitCode()).isEqualTo(1);
        assertThat(destroy.stderr()).contains("refusing to destroy 'shared-infra'").contains("api reads");
        assertThat(stacksolo.ok("list", "--json").jsonArray()).hasSize(2);

        String destroying = stacksolo.cwd(shared).ok("deployment", "start", "--action", "destroy", "--force").stdout();
        assertThat(destroying).matches("[0-9a-f-]{36}\n");
        // not while the destroy runs: its deployment would go with the project
        assertThat(stacksolo.run("unregister", "shared-infra", "--yes", "--force").stderr())
                .contains("is being deployed: deployment " + destroying.trim() + " (destroy");
        stacksolo.ok("deployment", "finish", destroying.trim(), "--status", "succeeded");
        assertThat(stacksolo.ok("unregister", "shared-infra", "--yes", "--force").stdout()).contains("Unregistered");
        assertThat(stacksolo.ok("graph").stdout()).contains("shared-infra (not registered)");
    }

    @Test
    void everyChangeTheCliMakesIsLoggedWithWhoMadeItAndNoSecrets() {
        stacksolo.ok("outputs", "set", "@shared-infra/main/users-db", "password=hunter2",
                "connectionString=postgresql://app:hunter2@10.0.0.5/users");
        StackSoloProcess.Result failed = stacksolo.run("unlock", "shared-infra");

        List<Map<String, Object>> sessions = stacksolo.ok("events", "list", "--json").jsonArray();
        String list = stacksolo.ok("events", "list").stdout();
        Map<String, Object> latest = stacksolo.ok("events", "show", "--json").jsonObject();
        String allEvents = sessions.stream().map(s -> stacksolo.ok("events", "show", (String) s.get("id"), "--json").stdout())
                .reduce("", String::concat);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(sessions).extracting(s -> s.get("command"))
                .containsExactly("unlock", "outputs set", "sync", "sync");
        assertThat(sessions).extracting(s -> s.get("exitCode")).containsExactly(1, 0, 0, 0);
        assertThat(sessions).allSatisfy(s -> {
            assertThat(s.get("user")).isEqualTo(System.getProperty("user.name"));
            assertThat(s.get("host")).isNotNull();
        });
        assertThat(list).contains("SESSION").contains("outputs set").contains("shared-infra")
                .contains(System.getProperty("user.name") + "@");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) latest.get("events");
        assertThat(events).extracting(e -> e.get("eventType")).containsExactly("session_start", "command_failed", "session_end");
        assertThat(events).extracting(e -> e.get("seq")).containsExactly(1, 2, 3);
        assertThat(allEvents).contains("outputs_set").contains("\"keys\" : [ \"password\", \"connectionString\" ]")
                .contains("password=****").doesNotContain("hunter2");
    }

    @Test
    void showFiltersTheTimelineAndPruneDeletesOldSessions() throws Exception {
        String sync = ((List<Map<String, Object>>) stacksolo.ok("events", "list", "--json").jsonArray()).get(0)
                .get("id").toString();

        String timeline = stacksolo.ok("events", "show", sync).stdout();
        List<?> internal = (List<?>) stacksolo.ok("events", "show", sync, "-c", "internal", "-n", "2", "--json")
                .jsonObject().get("events");
        List<?> terraform = (List<?>) stacksolo.ok("events", "show", sync, "-c", "terraform", "--json")
                .jsonObject().get("events");
        StackSoloProcess.Result unknown = stacksolo.run("events", "show", "no-such-session");

        assertThat(timeline).startsWith("Session " + sync + ": sync").contains("by ")
                .contains("AT").contains("session_start").contains("resources_synced").contains("session_end");
        assertThat(internal).hasSize(2);
        assertThat(terraform).isEmpty();
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("no session has id 'no-such-session'").contains("stacksolo events list");

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + stacksolo.defaultRegistry());
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE events SET timestamp = '2020-01-01T00:00:00.000Z' WHERE session_id = '" + sync + "'");
            statement.execute("UPDATE sessions SET started_at = '2020-01-01T00:00:00.000Z' WHERE id = '" + sync + "'");
        }
        StackSoloProcess.Result pruned = stacksolo.ok("events", "prune", "--older-than", "30d");

        assertThat(pruned.stdout()).isEqualTo("Deleted 3 events and 1 session older than 30 days.\n");
        assertThat(stacksolo.ok("events", "list", "--json").jsonArray()).extracting(s -> s.get("id")).doesNotContain(sync);
        assertThat(stacksolo.run("events", "prune", "--older-than", "soon").exitCode()).isEqualTo(2);
    }

    @Test
    void everyOptionTakingADurationTakesTheSameForms() {
        for (String duration : List.of("2w", "P30D", "PT12H", "90d", "45s")) {
            assertThat(stacksolo.ok("events", "prune", "--older-than", duration, "--json").jsonObject())
                    .containsKey("events");
            assertThat(stacksolo.ok("outputs", "prune", "--older-than", duration, "--dry-run").exitCode()).isZero();
        }
        for (List<String> args : List.of(List.of("events", "prune", "--older-than", "soon"),
                List.of("outputs", "prune", "--older-than", "-PT1H"), List.of("deployment", "start", "--lease", "3y"))) {
            StackSoloProcess.Result result = stacksolo.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).as(result.toString()).contains("is not a duration; write a number and a unit"
                    + " (45s, 30m, 12h, 90d, 2w) or ISO-8601 (P90D, PT12H)");
        }
        StackSoloProcess.Result noLease = stacksolo.run("deployment", "start", "--lease", "0s");
        assertThat(noLease.exitCode()).isEqualTo(2);
        assertThat(noLease.stderr()).contains("'0s' is not a duration of more than nothing");
    }

    @Test
    void countsOutOfRangeSayTheRange() {
        StackSoloProcess.Result tooMany = stacksolo.run("events", "list", "-n", "2147483648");

        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.stderr()).contains("'2147483648' is not a count; write a whole number of at least 1 and at"
                + " most 2147483647");
    }

    @Test
    void aCountThatIsNotAtLeastOneIsAUsageError() {
        for (List<String> args : List.of(List.of("events", "list", "-n", "0"), List.of("events", "show", "-n", "-3"),
                List.of("events", "list", "-n", "many"))) {
            StackSoloProcess.Result result = stacksolo.run(args.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).as(result.toString()).contains("is not a count").doesNotContain("Exception");
            assertThat(result.stdout()).isEmpty();
        }
    }
}
