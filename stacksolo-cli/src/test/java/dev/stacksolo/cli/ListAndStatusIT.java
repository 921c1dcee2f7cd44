package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code list} and {@code status}: tables for people, JSON for scripts, secrets masked. */
class ListAndStatusIT {

    static final List<String> PROJECT_KEYS = List.of("id", "name", "gcpProjectId", "region", "configPath",
            "configHash", "status", "lastDeployedAt", "createdAt", "updatedAt");
    static final List<String> RESOURCE_KEYS = List.of("id", "projectId", "type", "name", "network", "resourceType",
            "config", "outputs", "status", "pulumiUrn", "lastDeployedAt", "createdAt", "updatedAt");
    static final List<String> DEPLOYMENT_KEYS = List.of("id", "projectId", "action", "status", "configSnapshot",
            "logPath", "error", "startedAt", "completedAt");
    static final String ISO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    Path webapp;

    @BeforeEach
    void twoProjects() {
        stacksolo = StackSoloProcess.in(home);
        webapp = stacksolo.project("webapp", "webapp-with-db.json");
        stacksolo.cwd(webapp).ok("sync");
        stacksolo.cwd(stacksolo.project("site", "static-site.json")).ok("sync");
        stacksolo.cwd(home).ok("outputs", "set", "@webapp/main/main",
                "connectionString=postgresql://app:s3cret@10.0.0.5:5432/app", "password=s3cret", "host=10.0.0.5",
                "apiKey=abc123", "authString=auth-xyz", "secretValue=shh", "token=tok-1");
    }

    @Test
    void anEmptyRegistrySaysHowToRegisterAProject() {
        StackSoloProcess empty = StackSoloProcess.in(home.resolve("empty"));
        dev.stacksolo.registry.Registry.open(empty.defaultRegistry()).close();

        StackSoloProcess.Result result = empty.run("list");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("No projects registered").contains("stacksolo register");
        assertThat(empty.ok("list", "--json").json()).isEqualTo(List.of());
    }

    @Test
    void noRegistryYetSaysSoAndCreatesNothing() {
        StackSoloProcess none = StackSoloProcess.in(home.resolve("none"));

        StackSoloProcess.Result result = none.run("list");
        StackSoloProcess.Result json = none.run("list", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).startsWith("No registry at " + none.defaultRegistry() + " yet")
                .contains("stacksolo register");
        assertThat(json.exitCode()).isZero();
        assertThat(json.json()).isEqualTo(List.of());
        assertThat(json.stderr()).isEmpty();
        assertThat(none.defaultRegistry().getParent()).doesNotExist();
    }

    @Test
    void listShowsEveryProjectWithItsResourceCountInAlignedColumns() {
        StackSoloProcess.Result result = stacksolo.ok("list");

        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.get(0)).contains("NAME").contains("GCP PROJECT").contains("STATUS").contains("LAST DEPLOY")
                .contains("RESOURCES");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("static-site ").endsWith("1");
        assertThat(lines.get(2)).startsWith("webapp ");
        int statusColumn = lines.get(0).indexOf("STATUS");
        assertThat(lines.get(1).indexOf("pending")).isEqualTo(statusColumn);
        assertThat(lines.get(2).indexOf("pending")).isEqualTo(statusColumn);
    }

    @Test
    void listJsonPrintsTheProjectsWithTheFormatsKeysAndResourceCounts() {
        List<Map<String, Object>> projects = stacksolo.ok("list", "--json").jsonArray();

        assertThat(projects).extracting(p -> p.get("name")).containsExactly("static-site", "webapp");
        assertThat(projects.get(0).keySet()).containsAll(PROJECT_KEYS);
        assertThat((String) projects.get(0).get("createdAt")).matches(ISO);
        assertThat(projects.get(1).get("resourceCount")).isEqualTo(2);
    }

    @Test
    void listOfOneProjectShowsItsResourcesWithSecretsMasked() {
        StackSoloProcess.Result result = stacksolo.ok("list", "webapp");

        assertThat(result.stdout()).contains("webapp").contains("RESOURCE").contains("main").contains("database")
                .contains("postgresql://app:****@10.0.0.5:5432/app")
                .doesNotContain("s3cret").doesNotContain("abc123").doesNotContain("auth-xyz").doesNotContain("shh")
                .doesNotContain("tok-1");
    }

    @Test
    void listJsonOfOneProjectIsProjectAndResourcesWithSecretsMaskedUnlessAsked() {
        Map<String, Object> view = stacksolo.ok("list", "webapp", "--json").jsonObject();

        assertThat(view.keySet()).containsExactly("project", "resources");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> resources = (List<Map<String, Object>>) view.get("resources");
        assertThat(resources).allSatisfy(r -> assertThat(r.keySet()).containsAll(RESOURCE_KEYS));
        Map<String, Object> db = resources.stream().filter(r -> r.get("name").equals("main")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> outputs = (Map<String, Object>) db.get("outputs");
        assertThat(outputs).containsEntry("host", "10.0.0.5")
                .containsEntry("connectionString", "postgresql://app:****@10.0.0.5:5432/app");
        for (String secret : List.of("password", "apiKey", "authString", "secretValue", "token")) {
            assertThat(outputs.get(secret)).as(secret).isEqualTo("****");
        }

        String shown = stacksolo.ok("list", "webapp", "--json", "--show-secrets").stdout();
        assertThat(shown).contains("s3cret").contains("abc123").contains("auth-xyz").contains("tok-1");
    }

    @Test
    void statusShowsTheCurrentFoldersProjectAndMasksSecrets() {
        StackSoloProcess.Result result = stacksolo.cwd(webapp).ok("status");

        assertThat(result.stdout()).contains("webapp").contains("web").contains("No deployments recorded")
                .doesNotContain("s3cret");
        Map<String, Object> view = stacksolo.cwd(webapp).ok("status", "--json").jsonObject();
        assertThat(view.keySet()).containsExactly("project", "resources", "deployment");
        assertThat(view.get("deployment")).isNull();
        assertThat(stacksolo.cwd(webapp).ok("status", "--json").stdout()).doesNotContain("s3cret");
        assertThat(stacksolo.cwd(webapp).ok("status", "--json", "--show-secrets").stdout()).contains("s3cret");
    }

    @Test
    void statusJsonIncludesTheLatestDeploymentWithTheFormatsKeys() {
        String id = stacksolo.cwd(webapp).ok("deployment", "start").stdout().trim();

        Map<String, Object> view = stacksolo.cwd(webapp).ok("status", "--json").jsonObject();

        @SuppressWarnings("unchecked")
        Map<String, Object> deployment = (Map<String, Object>) view.get("deployment");
        assertThat(deployment.keySet()).containsAll(DEPLOYMENT_KEYS);
        assertThat(deployment.get("id")).isEqualTo(id);
        assertThat(deployment.get("status")).isEqualTo("running");
    }

    @Test
    void statusOutsideAProjectFolderSaysWhatToDo() {
        StackSoloProcess.Result result = stacksolo.cwd(home).run("status");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).startsWith("error: ").contains("stacksolo.config.json");
    }

    @Test
    void outputHasNoColourWhenPipedOrUnderNoColor() {
        assertThat(stacksolo.ok("list").stdout()).doesNotContain("\u001b[");
        assertThat(stacksolo.env("NO_COLOR", "1").ok("list", "webapp").stdout()).doesNotContain("\u001b[");
        assertThat(stacksolo.cwd(webapp).ok("status").stdout()).doesNotContain("\u001b[");
    }

    @Test
    void anUnknownProjectSuggestsStacksoloList() {
        StackSoloProcess.Result result = stacksolo.run("list", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("nope").contains("stacksolo list").doesNotContain("Exception");
    }

    @Test
    void aDeploymentErrorAnotherToolStoredRawIsMaskedInEveryViewEvenWithShowSecrets() throws Exception {
        String id = stacksolo.cwd(webapp).ok("deployment", "start", "--log", "/tmp/deploy.log").stdout().trim();
        stacksolo.ok("deployment", "finish", id, "--status", "failed", "--error", "boom");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + stacksolo.defaultRegistry());
                java.sql.Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE deployments SET error = 'psql failed: PGPASSWORD=RawErr9 postgresql://a:RawErr8@h/db',"
                    + " log_path = '/tmp/deploy.log?token=RawLog7'");
        }

        List<StackSoloProcess.Result> views = List.of(stacksolo.run("history", "webapp"),
                stacksolo.run("history", "webapp", "--show-secrets"), stacksolo.run("history", "webapp", "--json", "--show-secrets"), stacksolo.run("status", "--show-secrets"),
                stacksolo.run("status", "--json", "--show-secrets"));

        for (StackSoloProcess.Result view : views) {
            assertThat(view.exitCode()).as(view.toString()).isZero();
            assertThat(view.stdout()).as(view.toString()).doesNotContain("RawErr9").doesNotContain("RawErr8")
                    .doesNotContain("RawLog7").contains("PGPASSWORD=****");
        }
    }

    @Test
    void everyTableViewFitsATerminalOfAnyWidthWithColouredCellsAndUnresolvedReferences() {
        Path reader = stacksolo.projectWithConfig("reader", "{\"project\": {\"name\": \"reader\", \"gcpProjectId\": \"g-reader\","
                + " \"region\": \"us-central1\", \"networks\": [{\"name\": \"main\", \"containers\": [{\"name\": \"web\","
                + " \"image\": \"x\", \"env\": {\"A\": \"@other/main/x.url\", \"B\": \"@webapp/main/main.host\"}}]}]}}");
        stacksolo.cwd(reader).ok("sync");
        String succeeded = stacksolo.cwd(webapp).ok("deployment", "start").stdout().strip();
        stacksolo.ok("deployment", "finish", succeeded, "--status", "succeeded");
        String failed = stacksolo.ok("deployment", "start").stdout().strip();
        stacksolo.ok("deployment", "finish", failed, "--status", "failed", "--error",
                "the provider refused the change because the quota for this region is exhausted");
        List<List<String>> views = List.of(List.of("list"), List.of("list", "webapp"), List.of("status"),
                List.of("history", "webapp"), List.of("refs"), List.of("outputs", "list", "@webapp/main/main"),
                List.of("outputs", "history", "@webapp/main/main"), List.of("events", "list"), List.of("events", "show"),
                List.of("dependents", "webapp"));
        // prose (headings, summaries) wraps as any text does; the tables must fit
        java.util.function.Predicate<String> prose = line -> line.startsWith("Latest deployment")
                || line.startsWith("Session ") || line.startsWith("  project ") || line.matches("\\d+ references?, .*");

        for (List<String> view : views) {
            stacksolo.cwd(view.equals(List.of("status")) ? webapp : reader);
            for (int width : new int[] {20, 30, 40, 45, 50, 80, 200}) {
                StackSoloProcess.Result result = stacksolo.env("COLUMNS", String.valueOf(width))
                        .runInTerminal("", view.toArray(String[]::new));
                String shown = view + " at " + width + " columns:\n" + result;

                assertThat(result.exitCode()).as(shown).isZero();
                assertThat(result.stdout()).as(shown).doesNotContain("unexpected failure").doesNotContainPattern("(?m)^error:")
                        .contains("\u001b[1m");
                for (String line : result.stdout().lines().toList()) {
                    String plain = line.replaceAll("\u001b\\[[0-9;]*m", "");
                    if (!prose.test(plain)) {
                        assertThat(plain.codePointCount(0, plain.length())).as(shown).isLessThanOrEqualTo(width);
                    }
                    assertThat(plain).as("a coloured cell never runs into the next: " + shown)
                            .doesNotContainPattern("(succeeded|deployed|failed|ready)[^ ,.…]");
                    int resets = line.split("\u001b\\[0m", -1).length - 1;
                    assertThat(line.split("\u001b\\[", -1).length - 1).as("every colour ends on its line: " + shown)
                            .isEqualTo(2 * resets);
                }
            }
        }
        stacksolo.env("COLUMNS", null);
    }
}
