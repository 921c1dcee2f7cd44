package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 from the command line: {@code outputs history}, {@code output --at}, {@code outputs diff},
 * {@code outputs prune} and the versions line of {@code doctor}, run as the real {@code bin/stacksolo}.
 */
class OutputVersionsIT {

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    Path webapp;
    String deployment;
    Instant beforeDeploy;

    /** web: v1 by hand, v2 by a deployment (with the database's password), v3 by hand after it. */
    @BeforeEach
    void aProjectWithHistory() throws Exception {
        stacksolo = StackSoloProcess.in(home);
        webapp = stacksolo.project("webapp", "webapp-with-db.json");
        stacksolo.cwd(webapp).ok("sync");
        stacksolo.cwd(home).ok("outputs", "set", "@webapp/main/web", "url=https://v1.example.com");
        stacksolo.ok("outputs", "set", "@webapp/main/main", "password=first-pass", "host=10.0.0.5", "--sensitive",
                "password");
        Thread.sleep(5);
        beforeDeploy = Instant.now();
        Thread.sleep(5);
        deployment = stacksolo.cwd(webapp).ok("deployment", "start").stdout().trim();
        stacksolo.cwd(home).ok("outputs", "set", "@webapp/main/web", "url=https://v2.example.com", "--deployment",
                deployment);
        stacksolo.ok("outputs", "set", "@webapp/main/main", "password=second-pass", "--deployment", deployment);
        stacksolo.cwd(webapp).ok("deployment", "finish", deployment, "--status", "succeeded");
        stacksolo.cwd(home).ok("outputs", "set", "@webapp/main/web", "url=https://v3.example.com");
    }

    @Test
    void historyListsEveryVersionNewestFirstWithWhoAndWhichDeployment() {
        List<Map<String, Object>> history = stacksolo.ok("outputs", "history", "@webapp/main/web", "--json").jsonArray();

        assertThat(history).extracting(v -> (Object) ((Map<?, ?>) v.get("outputs")).get("url"))
                .containsExactly("https://v3.example.com", "https://v2.example.com", "https://v1.example.com");
        assertThat(history.get(0).keySet()).containsExactly("version", "outputs", "recordedAt", "deploymentId", "by");
        assertThat(history).extracting(v -> v.get("deploymentId")).containsExactly(null, deployment, null);
        assertThat(history).allSatisfy(v -> assertThat((String) v.get("by")).matches("[^@\\s]+@[^@\\s]+"));
        assertThat(stacksolo.ok("outputs", "history", "@webapp/main/web", "-n", "1", "--json").jsonArray()).hasSize(1);
        assertThat(stacksolo.ok("outputs", "history", "@webapp/main/web", "-n", "1").stdout())
                .endsWith("\n2 older versions are not shown; -n 3 shows all 3.\n");
        assertThat(stacksolo.ok("outputs", "history", "@webapp/main/web", "-n", "2").stdout())
                .endsWith("\n1 older version is not shown; -n 3 shows all 3.\n");
        assertThat(stacksolo.ok("outputs", "history", "@webapp/main/web", "-n", "3").stdout()).doesNotContain("not shown");

        String text = stacksolo.ok("outputs", "history", "@webapp/main/main").stdout();
        assertThat(text).contains("VERSION").contains("password=<sensitive>").contains(deployment)
                .doesNotContain("first-pass").doesNotContain("second-pass");
        List<Map<String, Object>> masked = stacksolo.ok("outputs", "history", "@webapp/main/main", "--json").jsonArray();
        assertThat(masked.toString()).doesNotContain("first-pass").doesNotContain("second-pass");
        assertThat(stacksolo.ok("outputs", "history", "@webapp/main/main", "--json", "--show-secrets").stdout())
                .contains("first-pass").contains("second-pass");
    }

    @Test
    void outputAtADeploymentOrATimeGivesTheValueAsItStoodThen() {
        assertThat(stacksolo.ok("output", "@webapp/main/web", "--at", deployment).stdout())
                .isEqualTo("https://v2.example.com\n");
        assertThat(stacksolo.ok("output", "@webapp/main/web", "--at", beforeDeploy.toString()).stdout())
                .isEqualTo("https://v1.example.com\n");
        assertThat(stacksolo.ok("output", "@webapp/main/web").stdout()).isEqualTo("https://v3.example.com\n");
        assertThat(stacksolo.ok("output", "@webapp/main/main.password", "--at", deployment).stdout())
                .as("output prints the value itself, as without --at").isEqualTo("second-pass\n");
        assertThat(stacksolo.ok("output", "@webapp/main/web", "--at", "+10000-01-01T00:00:00Z").stdout())
                .as("a time after now means now").isEqualTo("https://v3.example.com\n");
        assertThat(stacksolo.ok("output", "@webapp/main/web", "--at", "9999-12-31").stdout()).isEqualTo("https://v3.example.com\n");
        // a time as the views show it (2026-11-30 08:24:52 +05:30), and without its offset: local time
        java.time.format.DateTimeFormatter shown = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");
        Instant now = Instant.now().plusSeconds(1);
        assertThat(stacksolo.ok("output", "@webapp/main/web", "--at", shown.format(now.atZone(java.time.ZoneId.of("Asia/Kolkata"))))
                .stdout()).isEqualTo("https://v3.example.com\n");
        StackSoloProcess.Result anHourAgo = stacksolo.run("output", "@webapp/main/web", "--at",
                shown.format(now.minusSeconds(3600).atZone(java.time.ZoneId.of("Asia/Kolkata"))));
        assertThat(anHourAgo.stderr()).as("an hour before the registry existed").contains("had no outputs recorded as of");
        String newYorkClock = shown.format(now.atZone(java.time.ZoneId.of("America/New_York"))).substring(0, 19);
        assertThat(stacksolo.env("TZ", "America/New_York").ok("output", "@webapp/main/web", "--at", newYorkClock).stdout())
                .isEqualTo("https://v3.example.com\n");
        StackSoloProcess.Result readInUtc = stacksolo.env("TZ", "UTC").run("output", "@webapp/main/web", "--at", newYorkClock);
        assertThat(readInUtc.stderr()).as("the same clock time in UTC is hours before the registry existed")
                .contains("had no outputs recorded as of");
        Map<String, Object> json = stacksolo.ok("output", "@webapp/main/web", "--at", deployment, "--json").jsonObject();
        assertThat(json).containsEntry("value", "https://v2.example.com").containsEntry("at", deployment)
                .containsEntry("deploymentId", deployment);
    }

    @Test
    void unknownDeploymentsTimesAndReferencesSayWhatToDo() {
        StackSoloProcess.Result unknown = stacksolo.run("output", "@webapp/main/web", "--at", "no-such-deployment");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("no deployment has id 'no-such-deployment'").contains("stacksolo history")
                .doesNotContain("Exception").doesNotContain("\tat ");

        StackSoloProcess.Result tooEarly = stacksolo.run("output", "@webapp/main/web", "--at", "2001-01-01");
        assertThat(tooEarly.exitCode()).isEqualTo(1);
        assertThat(tooEarly.stderr()).contains("had no outputs recorded as of 2001-01-01 00:00:00 +00:00")
                .contains("stacksolo outputs history @webapp/main/web");
        StackSoloProcess.Result inIndia = stacksolo.env("TZ", "Asia/Kolkata").run("output", "@webapp/main/web", "--at",
                "2001-01-01");
        stacksolo.env("TZ", "UTC");
        assertThat(inIndia.stderr()).as("messages show times as the views do, in the local zone")
                .contains("as of 2001-01-01 05:30:00 +05:30").containsPattern("history starts at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+05:30")
                .doesNotContainPattern("\\d\\dT\\d\\d:");

        for (String invalid : List.of("2026-13-45", "2026-02-30", "2026-11-30 25:00:00")) {
            StackSoloProcess.Result notATime = stacksolo.run("output", "@webapp/main/web", "--at", invalid);
            assertThat(notATime.exitCode()).as(notATime.toString()).isEqualTo(2);
            assertThat(notATime.stderr()).contains("'" + invalid + "' is not a valid time")
                    .contains("2026-11-20 10:15:30 +05:30").doesNotContain("no deployment has id");
        }
        for (String blank : List.of("", "  ")) {
            StackSoloProcess.Result nothing = stacksolo.run("output", "@webapp/main/web", "--at", blank);
            assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(2);
            assertThat(nothing.stderr()).contains("--at needs a deployment id or a time").doesNotContain("no deployment has id");
        }
        assertThat(unknown.stderr()).as("an id that names no deployment shows the forms of a time too")
                .contains("--at takes a deployment id or a time: 2026-11-20T10:15:30Z");

        StackSoloProcess.Result missing = stacksolo.run("outputs", "history", "@webapp/main/nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("nope");

        StackSoloProcess.Result property = stacksolo.run("outputs", "history", "@webapp/main/web.url");
        assertThat(property.exitCode()).isEqualTo(1);
        assertThat(property.stderr()).contains("name the resource alone (@webapp/main/web)");

        StackSoloProcess.Result badAge = stacksolo.run("outputs", "prune", "--older-than", "soon");
        assertThat(badAge.exitCode()).isEqualTo(2);
        assertThat(badAge.stderr()).contains("'soon' is not a duration");

        String running = stacksolo.cwd(webapp).ok("deployment", "start").stdout().trim();
        StackSoloProcess.Result notEnded = stacksolo.env("TZ", "Asia/Kolkata").run("output", "@webapp/main/web", "--at", running);
        stacksolo.env("TZ", "UTC");
        assertThat(notEnded.exitCode()).isEqualTo(1);
        assertThat(notEnded.stderr()).containsPattern("running since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+05:30")
                .containsPattern("--at '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+05:30'")
                .doesNotContainPattern("\\d\\dT\\d\\d:");
    }

    @Test
    void diffShowsWhatChangedSinceTheLastSucceededDeployWithMaskedValuesMarkedChanged() {
        StackSoloProcess.Result sinceLast = stacksolo.ok("outputs", "diff", "webapp");
        assertThat(sinceLast.stdout()).contains("from deployment " + deployment + " to now")
                .contains("@webapp/main/web").contains("~ url: https://v2.example.com -> https://v3.example.com")
                .doesNotContain("@webapp/main/main");

        String fromStart = stacksolo.ok("outputs", "diff", "webapp", "--to", deployment).stdout();
        assertThat(fromStart).contains("from the start").contains("+ password: <sensitive>")
                .doesNotContain("second-pass");

        // a diff across the deployment: the password changed, shown masked and marked
        String newId = stacksolo.cwd(webapp).ok("deployment", "start").stdout().trim();
        stacksolo.cwd(home).ok("outputs", "set", "@webapp/main/main", "password=third-pass", "--deployment", newId);
        stacksolo.cwd(webapp).ok("deployment", "finish", newId, "--status", "succeeded");
        String across = stacksolo.cwd(home).ok("outputs", "diff", "webapp", "--from", deployment, "--to", newId).stdout();
        assertThat(across).contains("~ password: <sensitive> (changed)").doesNotContain("third-pass");
        Map<String, Object> json = stacksolo.ok("outputs", "diff", "webapp", "--from", deployment, "--to", newId, "--json")
                .jsonObject();
        assertThat(json.toString()).doesNotContain("third-pass").contains("password");
        assertThat(stacksolo.ok("outputs", "diff", "webapp", "--from", deployment, "--to", newId, "--show-secrets")
                .stdout()).contains("second-pass -> third-pass");
    }

    @Test
    void pruneKeepsCurrentAndDeploymentEndsAndDoctorReportsTheSize() throws Exception {
        Thread.sleep(5);
        assertThat(stacksolo.ok("outputs", "prune", "--older-than", "0s", "--dry-run").stdout())
                .contains("Would remove 2 output versions");
        assertThat(stacksolo.ok("outputs", "history", "@webapp/main/web", "--json").jsonArray()).hasSize(3);

        assertThat(stacksolo.ok("outputs", "prune", "--older-than", "0s").stdout()).contains("Removed 2 output versions");

        assertThat(stacksolo.ok("outputs", "history", "@webapp/main/web", "--json").jsonArray())
                .extracting(v -> (Object) ((Map<?, ?>) v.get("outputs")).get("url"))
                .containsExactly("https://v3.example.com", "https://v2.example.com");
        assertThat(stacksolo.ok("output", "@webapp/main/web", "--at", deployment).stdout())
                .isEqualTo("https://v2.example.com\n");
        assertThat(stacksolo.ok("doctor").stdout()).contains("output versions: 3 version(s) of 2 resource(s)");
    }

    @Test
    void diffRefusesAnotherProjectsDeploymentNamingItsProject() {
        Path site = stacksolo.project("site", "static-site.json");
        stacksolo.cwd(site).ok("sync");
        String elsewhere = stacksolo.ok("deployment", "start").stdout().trim();
        stacksolo.ok("deployment", "finish", elsewhere, "--status", "succeeded");

        for (String option : List.of("--from", "--to")) {
            StackSoloProcess.Result result = stacksolo.cwd(home).run("outputs", "diff", "webapp", option, elsewhere);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).contains("deployment " + elsewhere + " is one of project 'static-site', not of 'webapp'")
                    .contains("stacksolo history webapp");
        }
    }
}
