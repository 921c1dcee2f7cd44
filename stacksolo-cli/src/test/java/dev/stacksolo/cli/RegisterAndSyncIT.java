package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code register}, {@code sync} and {@code unregister}, from project folders holding the fixture configs. */
class RegisterAndSyncIT {

    @TempDir
    Path home;

    StackSoloProcess stacksolo;

    @BeforeEach
    void runner() {
        stacksolo = StackSoloProcess.in(home);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> resources(String project) {
        return (List<Map<String, Object>>) stacksolo.ok("list", project, "--json").jsonObject().get("resources");
    }

    @Test
    void registerRecordsTheFoldersProjectWithItsConfigHash() throws Exception {
        Path folder = stacksolo.project("webapp", "webapp-with-db.json");

        StackSoloProcess.Result result = stacksolo.cwd(folder).ok("register");

        assertThat(result.stdout()).contains("Registered webapp");
        Map<String, Object> project = (Map<String, Object>) stacksolo.ok("list", "webapp", "--json").jsonObject().get("project");
        assertThat(project.get("configPath")).isEqualTo(folder.resolve(".stacksolo/stacksolo.config.json").toString());
        assertThat((String) project.get("configHash")).hasSize(64);
        assertThat(project.get("gcpProjectId")).isEqualTo("my-project");
        // a set: compared as one, since its printed order changes from run to run
        assertThat(Files.getPosixFilePermissions(stacksolo.defaultRegistry()))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void registeringANameTakenByAnotherFolderFailsAndSaysWhere() {
        Path first = stacksolo.project("webapp", "webapp-with-db.json");
        Path second = stacksolo.project("copy-of-webapp", "webapp-with-db.json");
        stacksolo.cwd(first).ok("register");

        StackSoloProcess.Result result = stacksolo.cwd(second).run("register");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).startsWith("error: ").contains("webapp").contains(first.toString());
        assertThat(stacksolo.ok("list", "--json").jsonArray()).hasSize(1);
    }

    @Test
    void registeringAgainIsHarmlessAndForceUpdatesTheRegistration() throws Exception {
        Path folder = stacksolo.project("webapp", "webapp-with-db.json");
        stacksolo.cwd(folder).ok("register");

        StackSoloProcess.Result again = stacksolo.cwd(folder).run("register");
        assertThat(again.exitCode()).isZero();
        assertThat(again.stderr()).contains("already registered").contains("nothing changed").contains("--force");
        assertThat(again.stdout()).as("never 'Registered' when nothing was").isEmpty();

        Path config = folder.resolve(".stacksolo/stacksolo.config.json");
        Files.writeString(config, Files.readString(config).replace("\"us-central1\"", "\"europe-west1\""));
        stacksolo.cwd(folder).ok("register", "--force");
        Map<String, Object> project = (Map<String, Object>) stacksolo.ok("list", "webapp", "--json").jsonObject().get("project");
        assertThat(project.get("region")).isEqualTo("europe-west1");
    }

    @ParameterizedTest
    @CsvSource({
        "background-jobs.json, jobs, 3",
        "full-stack.json, fullstack, 8",
        "simple-api-k8s.json, simple-api-k8s, 1",
        "simple-api.json, simple-api, 1",
        "static-site.json, static-site, 1",
        "webapp-with-db.json, webapp, 2"})
    void syncRecordsEveryResourceOfEachFixtureConfig(String fixture, String name, int expected) {
        Path folder = stacksolo.project(name, fixture);

        StackSoloProcess.Result result = stacksolo.cwd(folder).okAllowingWarnings("sync");

        assertThat(result.stdout()).contains("Registered " + name).contains(expected + " added");
        assertThat(resources(name)).hasSize(expected)
                .allSatisfy(r -> assertThat(r.get("status")).isEqualTo("pending"));
        assertThat(stacksolo.cwd(folder).okAllowingWarnings("sync").stdout())
                .contains("0 added, 0 updated, " + expected + " unchanged");
    }

    @Test
    void syncMapsSectionsToLogicalTypesNetworksAndProviderTypes() {
        Path folder = stacksolo.project("fullstack", "full-stack.json");
        stacksolo.cwd(folder).okAllowingWarnings("sync");

        List<Map<String, Object>> resources = resources("fullstack");

        Map<String, Object> db = resources.stream().filter(r -> r.get("type").equals("database")).findFirst().orElseThrow();
        assertThat(db.get("network")).isEqualTo("main");
        assertThat((String) db.get("resourceType")).endsWith("cloud_sql");
        assertThat(resources).filteredOn(r -> r.get("type").equals("secret"))
                .allSatisfy(r -> assertThat(r.get("network")).isNull());
        // the network itself is not a resource; its subnets are network-type resources in it
        assertThat(resources).extracting(r -> r.get("name")).doesNotContain("main");
        assertThat(resources).filteredOn(r -> r.get("type").equals("network"))
                .extracting(r -> r.get("name"), r -> r.get("network")).containsExactly(org.assertj.core.groups.Tuple.tuple("private", "main"));
    }

    @Test
    void syncDryRunPrintsThePlanAndChangesNothing() {
        Path folder = stacksolo.project("webapp", "webapp-with-db.json");

        StackSoloProcess.Result result = stacksolo.cwd(folder).ok("sync", "--dry-run");

        assertThat(result.stdout()).contains("Would register webapp").contains("+ ");
        assertThat(stacksolo.ok("list", "--json").jsonArray()).isEmpty();
    }

    @Test
    void syncRefusesAConfigWithTwoResourcesOfOneTypeAndNameInANetworkAndChangesNothing() {
        Path folder = stacksolo.projectWithConfig("dup", """
                {"project": {"name": "dup", "gcpProjectId": "acme-dup", "region": "us-central1",
                  "networks": [{"name": "main", "containers": [{"name": "a", "image": "first"},
                                                               {"name": "a", "image": "second"}]}]}}
                """);

        for (String[] args : List.of(new String[] {"sync"}, new String[] {"sync", "--dry-run"})) {
            StackSoloProcess.Result result = stacksolo.cwd(folder).run(args);

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).isEqualTo("error: the config declares two container resources named 'a' in"
                    + " network main (project.networks[0].containers[0] and project.networks[0].containers[1]); the"
                    + " registry keeps one container of a name in a network: rename one\n");
        }
        assertThat(stacksolo.cwd(folder).ok("list", "--json").jsonArray()).isEmpty();
    }

    @Test
    void syncReportsResourcesNoLongerInTheConfigWithoutDeletingThem() throws Exception {
        Path folder = stacksolo.project("webapp", "webapp-with-db.json");
        stacksolo.cwd(folder).ok("sync");
        Path config = folder.resolve(".stacksolo/stacksolo.config.json");
        Files.writeString(config, Files.readString(config).replace("\"databases\"", "\"unusedSection\""));

        StackSoloProcess.Result result = stacksolo.cwd(folder).ok("sync");

        assertThat(result.stdout()).contains("? ").contains("main");
        assertThat(resources("webapp")).hasSize(2);
    }

    @Test
    void unregisterWithYesRemovesTheProjectAndSaysCloudResourcesAreUntouched() {
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("sync");

        StackSoloProcess.Result result = stacksolo.cwd(home).ok("unregister", "webapp", "--yes");

        assertThat(result.stdout()).contains("Unregistered 'webapp' (2 resources)").contains("not touched");
        assertThat(stacksolo.ok("list", "--json").jsonArray()).isEmpty();
    }

    @Test
    void unregisterWithoutYesRefusesWhenStdinIsNotATerminal() {
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("sync");

        StackSoloProcess.Result result = stacksolo.cwd(home).runWithInput("y\n", "unregister", "webapp");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("2 resources").contains("--yes");
        assertThat(stacksolo.ok("list", "--json").jsonArray()).hasSize(1);
    }

    @Test
    void unregisterAsksAtATerminalShowingTheResourceCount() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a terminal");
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("sync");

        StackSoloProcess.Result declined = stacksolo.cwd(home).runInTerminal("n\n", "unregister", "webapp");
        assertThat(declined.stdout()).contains("Unregister 'webapp' (2 resources)?").contains("Cancelled");
        assertThat(stacksolo.ok("list", "--json").jsonArray()).hasSize(1);

        StackSoloProcess.Result confirmed = stacksolo.cwd(home).runInTerminal("y\n", "unregister", "webapp");
        assertThat(confirmed.stdout()).contains("Unregistered 'webapp'");
        assertThat(stacksolo.ok("list", "--json").jsonArray()).isEmpty();
    }

    @Test
    void aRegionOrGcpProjectIdThatIsNoneIsRefusedNamingTheFieldAndTheRuleNeverASecret() {
        String config = "{\"project\": {\"name\": \"odd\", \"region\": \"%s\", \"gcpProjectId\": \"%s\"}}";
        record Case(String region, String gcpProjectId, String field, String echoed) {}
        for (Case bad : List.of(new Case("redis://:SEKRETregion@h", "acme-odd", "project.region", null),
                new Case("us-central1", "token=SEKRETgcp", "project.gcpProjectId", null),
                new Case("US Central", "acme-odd", "project.region", "'US Central'"),
                new Case("us-central1", "acme", "project.gcpProjectId", "'acme'"),
                new Case("us-central1", "my-project-", "project.gcpProjectId", "'my-project-'"),
                new Case("us-central1", "1st-project", "project.gcpProjectId", "'1st-project'"))) {
            Path folder = stacksolo.projectWithConfig("odd", config.formatted(bad.region(), bad.gcpProjectId()));
            for (String command : List.of("register", "sync")) {
                StackSoloProcess.Result refused = stacksolo.cwd(folder).run(command);
                assertThat(refused.exitCode()).as(bad + " " + refused).isEqualTo(1);
                assertThat(refused.stderr()).as(bad.toString()).contains(bad.field())
                        .contains(bad.field().endsWith("region") ? "lowercase letters, digits and hyphens"
                                : "6 to 30 lowercase letters").doesNotContain("SEKRET").doesNotContain("Exception");
                if (bad.echoed() != null) {
                    assertThat(refused.stderr()).contains(bad.echoed());
                }
            }
        }
        assertThat(stacksolo.cwd(home).run("list", "--json").stdout()).doesNotContain("odd");

        // Google's legacy domain-scoped ids and a multi-region are projects too
        Path legacy = stacksolo.projectWithConfig("legacy", config.replace("odd", "legacy")
                .formatted("eu", "example.com:my-project"));
        assertThat(stacksolo.cwd(legacy).ok("register").stdout()).contains("example.com:my-project, eu");
    }

    @Test
    void everyFixtureConfigHasAValidRegionAndGcpProjectId() throws Exception {
        Path fixtures = Path.of(RegisterAndSyncIT.class.getResource("/configs").toURI());
        List<String> names;
        try (var files = Files.list(fixtures)) {
            names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        assertThat(names).isNotEmpty();
        for (String fixture : names) {
            Path folder = stacksolo.project(fixture.replace(".json", ""), fixture);
            StackSoloProcess.Result dryRun = stacksolo.cwd(folder).run("sync", "--dry-run");
            assertThat(dryRun.exitCode()).as(fixture + ": " + dryRun).isZero();
        }
    }

    @Test
    void badConfigFilesGetAnErrorSayingWhatIsWrongAndNothingChanges() {
        Path missing = home.resolve("no-config");
        Path notJson = stacksolo.projectWithConfig("not-json", "{ this is not json");
        Path noName = stacksolo.projectWithConfig("no-name", "{\"project\": {\"region\": \"us-central1\", \"gcpProjectId\": \"acme-app\"}}");
        Path badName = stacksolo.projectWithConfig("bad-name",
                "{\"project\": {\"name\": \"My_App\", \"region\": \"us-central1\", \"gcpProjectId\": \"acme-app\"}}");

        StackSoloProcess.Result noFile = StackSoloProcess.in(missing).run("sync");
        assertThat(noFile.exitCode()).isEqualTo(1);
        assertThat(noFile.stderr()).contains("no project config").contains("stacksolo.config.json");
        StackSoloProcess.Result invalid = stacksolo.cwd(notJson).run("register");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.stderr()).contains("not valid JSON");
        StackSoloProcess.Result nameless = stacksolo.cwd(noName).run("sync");
        assertThat(nameless.exitCode()).isEqualTo(1);
        assertThat(nameless.stderr()).contains("project.name");
        StackSoloProcess.Result badly = stacksolo.cwd(badName).run("register");
        assertThat(badly.exitCode()).isEqualTo(1);
        assertThat(badly.stderr()).contains("My_App").contains("lowercase letters, digits and hyphens");

        for (StackSoloProcess.Result result : List.of(noFile, invalid, nameless, badly)) {
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(stacksolo.cwd(home).ok("list", "--json").jsonArray()).isEmpty();
    }

    @Test
    void aContainerAndAFunctionOfOneNameAreBothKeptWarnedAboutAndAddressedByType() {
        Path folder = stacksolo.project("fullstack", "full-stack.json");

        StackSoloProcess.Result sync = stacksolo.cwd(folder).run("sync");
        StackSoloProcess.Result ambiguous = stacksolo.cwd(home).run("outputs", "set", "@fullstack/main/api", "url=https://x");
        StackSoloProcess.Result byType = stacksolo.cwd(home).run("outputs", "set", "@fullstack/main/api", "--type",
                "function", "url=https://fn.example.com");
        List<Map<String, Object>> functions = castList(stacksolo.ok("list", "fullstack", "--type", "function", "--json")
                .jsonObject().get("resources"));

        assertThat(sync.exitCode()).isZero();
        assertThat(sync.stderr()).startsWith("warning: a container and a function are both named 'api' in network main")
                .contains("@fullstack/main/api cannot reach either").contains("--type container");
        assertThat(ambiguous.exitCode()).isEqualTo(1);
        assertThat(ambiguous.stderr()).contains("'@fullstack/main/api' is ambiguous").contains("--type")
                .doesNotContain("<project>").doesNotContain("\tat ");
        assertThat(byType.exitCode()).as(byType.stderr()).isZero();
        assertThat(functions).singleElement().satisfies(api -> {
            assertThat(api.get("type")).isEqualTo("function");
            assertThat(api.get("outputs")).isEqualTo(Map.of("url", "https://fn.example.com"));
        });
        assertThat(castList(stacksolo.ok("list", "fullstack", "--type", "container", "--json").jsonObject()
                .get("resources"))).singleElement().satisfies(api -> assertThat(api.get("outputs")).isNull());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @Test
    void aConfigFieldOfTheWrongTypeIsNamedWithItsTypeAndAByteOrderMarkIsAccepted() throws Exception {
        Path numbered = stacksolo.projectWithConfig("numbered",
                "{\"project\": {\"name\": 5, \"gcpProjectId\": \"g\", \"region\": \"r\"}}");
        StackSoloProcess.Result number = stacksolo.cwd(numbered).run("sync");
        assertThat(number.exitCode()).isEqualTo(1);
        assertThat(number.stderr()).contains("project.name must be a string, got a number (5); write it in quotes")
                .doesNotContain("lacks");

        Path bom = stacksolo.projectWithConfig("bom", "\uFEFF{\"project\": {\"name\": \"bom\", \"gcpProjectId\": \"acme-bom\","
                + " \"region\": \"us-central1\"}}");
        stacksolo.cwd(bom).ok("sync");
        assertThat(stacksolo.ok("list", "--json").jsonArray()).extracting(p -> p.get("name")).contains("bom");
    }
}
