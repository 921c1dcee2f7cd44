package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outputs set} from any deploy tool, and {@code output}: a cross-project reference between two
 * fixture projects, the failures users meet, and what each prints where.
 */
class OutputsAndReferencesIT {

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    Path webapp;
    Path fullstack;

    @BeforeEach
    void twoProjects() {
        stacksolo = StackSoloProcess.in(home);
        webapp = stacksolo.project("webapp", "webapp-with-db.json");
        fullstack = stacksolo.project("fullstack", "full-stack.json");
        stacksolo.cwd(webapp).ok("sync");
        stacksolo.cwd(fullstack).okAllowingWarnings("sync");
    }

    /** The resource's outputs as {@code list --json --show-secrets} prints them (null when none). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> outputsOf(String project, String resource) {
        List<Map<String, Object>> resources = (List<Map<String, Object>>) stacksolo.cwd(home)
                .ok("list", project, "--json", "--show-secrets").jsonObject().get("resources");
        return (Map<String, Object>) resources.stream().filter(r -> r.get("name").equals(resource))
                .findFirst().orElseThrow().get("outputs");
    }

    @Test
    void aReferenceFromOneFixtureProjectResolvesToAnothersOutput() {
        stacksolo.cwd(home).ok("outputs", "set", "@webapp/main/main",
                "connectionString=postgresql://app:s3cret@10.0.0.5/app");

        StackSoloProcess.Result result = stacksolo.cwd(fullstack).ok("output", "@webapp/main/main.connectionString");

        assertThat(result.stdout()).isEqualTo("postgresql://app:s3cret@10.0.0.5/app\n");
        assertThat(stacksolo.cwd(fullstack).ok("output", "@webapp/main").stdout())
                .as("the default property of a database").isEqualTo("postgresql://app:s3cret@10.0.0.5/app\n");
    }

    @Test
    void outputJsonPrintsReferenceValueAndResource() {
        stacksolo.cwd(home).ok("outputs", "set", "@webapp/main/web", "url=https://web.example.com");

        Map<String, Object> view = stacksolo.ok("output", "@webapp/main/web", "--json").jsonObject();

        assertThat(view.keySet()).containsExactly("reference", "value", "resource");
        assertThat(view.get("reference")).isEqualTo("@webapp/main/web");
        assertThat(view.get("value")).isEqualTo("https://web.example.com");
        @SuppressWarnings("unchecked")
        Map<String, Object> resource = (Map<String, Object>) view.get("resource");
        assertThat(resource.keySet()).containsExactly("id", "name", "type", "network", "status");
        assertThat(resource).containsEntry("name", "web").containsEntry("type", "container")
                .containsEntry("network", "main").containsEntry("status", "ready");
    }

    @Test
    void keyValuePairsAreMergedIntoTheOutputsAndTheResourceBecomesReady() {
        stacksolo.ok("outputs", "set", "@webapp/main/main", "host=10.0.0.5", "port=5432");
        StackSoloProcess.Result result = stacksolo.ok("outputs", "set", "@webapp/main/main", "host=10.0.0.6",
                "connectionString=postgresql://x");

        assertThat(result.stdout()).contains("Set 2 outputs of webapp/main/main").doesNotContain("postgresql://x");
        assertThat(outputsOf("webapp", "main")).isEqualTo(Map.of("host", "10.0.0.6", "port", "5432",
                "connectionString", "postgresql://x"));
    }

    @Test
    void keysAreNamesAsDeployToolsWriteThemAndTheValueFollowsTheFirstEquals() {
        stacksolo.cwd(home).ok("outputs", "set", "@webapp/main/main", "ipv4_address=10.0.0.5", "_internal=1",
                "app.url=https://h/x?a=b&c=d", "Db-Host=h", "flag=");

        assertThat(outputsOf("webapp", "main")).isEqualTo(Map.of("ipv4_address", "10.0.0.5", "_internal", "1",
                "app.url", "https://h/x?a=b&c=d", "Db-Host", "h", "flag", ""));
        for (String notAKey : List.of("1st=x", "a b=c", "=x", "k==x", "url:8080=x", "a/b=c")) {
            StackSoloProcess.Result refused = stacksolo.run("outputs", "set", "@webapp/main/main", notAKey);
            assertThat(refused.exitCode()).as(notAKey + ": " + refused).isEqualTo(2);
            assertThat(refused.stderr()).as(notAKey).contains("value argument 1 is not KEY=VALUE")
                    .contains("url=https://api.example.com");
        }
    }

    @Test
    void fromAFileReplacesTheOutputsAndKeepsJsonTypes() throws Exception {
        stacksolo.ok("outputs", "set", "@webapp/main/main", "old=gone");
        Path file = Files.writeString(home.resolve("outputs.json"), "{\"connectionString\": \"postgresql://db\", \"port\": 5432}");

        stacksolo.ok("outputs", "set", "@webapp/main/main", "--from", file.toString());

        assertThat(outputsOf("webapp", "main")).isEqualTo(Map.of("connectionString", "postgresql://db", "port", 5432));
        assertThat(stacksolo.ok("output", "@webapp/main/main.port").stdout()).isEqualTo("5432\n");
    }

    @Test
    void terraformOutputJsonFromStdinIsUnwrapped() {
        String terraform = """
                {"url": {"sensitive": false, "type": "string", "value": "https://web.example.com"},
                 "ports": {"sensitive": false, "type": ["list", "number"], "value": [80, 443]},
                 "password": {"sensitive": true, "type": "string", "value": "hunter2"}}
                """;

        StackSoloProcess.Result result = stacksolo.runWithInput(terraform, "outputs", "set", "@webapp/main/web", "--from", "-");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(outputsOf("webapp", "web")).isEqualTo(Map.of("url", "https://web.example.com",
                "ports", java.util.List.of(80, 443), "password", "hunter2"));
        assertThat(stacksolo.ok("output", "@webapp/main/web").stdout()).isEqualTo("https://web.example.com\n");
    }

    @Test
    void pulumiStackOutputJsonIsTakenAsItIs() {
        String pulumi = "{\"url\": \"https://web.example.com\", \"replicas\": 3}";

        StackSoloProcess.Result result = stacksolo.runWithInput(pulumi, "outputs", "set", "@webapp/web", "--from", "-");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(outputsOf("webapp", "web")).isEqualTo(Map.of("url", "https://web.example.com", "replicas", 3));
    }

    @Test
    void outputsSetUsageErrorsExitTwo() {
        StackSoloProcess.Result none = stacksolo.run("outputs", "set", "@webapp/main/web");
        StackSoloProcess.Result both = stacksolo.run("outputs", "set", "@webapp/main/web", "a=b", "--from", "-");
        StackSoloProcess.Result noEquals = stacksolo.run("outputs", "set", "@webapp/main/web", "justakey");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("KEY=VALUE").contains("--from");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(noEquals.exitCode()).isEqualTo(2);
        // names the argument by position, never echoes it (a bare argument may be a pasted secret)
        assertThat(noEquals.stderr()).contains("value argument 1 is not KEY=VALUE").doesNotContain("justakey");
        assertThat(outputsOf("webapp", "web")).isNull();
    }

    @Test
    void aFromFileThatIsMissingOrNotJsonChangesNothing() throws Exception {
        Path notJson = Files.writeString(home.resolve("bad.json"), "url = https://x");

        StackSoloProcess.Result missing = stacksolo.run("outputs", "set", "@webapp/main/web", "--from", "nope.json");
        StackSoloProcess.Result invalid = stacksolo.run("outputs", "set", "@webapp/main/web", "--from", notJson.toString());

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("nope.json");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.stderr()).contains("JSON");
        assertThat(outputsOf("webapp", "web")).isNull();
    }

    @Test
    void eachFailureToResolveSaysWhatToDoOnStderrWithNothingOnStdout() {
        stacksolo.ok("outputs", "set", "@webapp/main/main", "host=10.0.0.5", "port=5432");

        StackSoloProcess.Result noProject = stacksolo.run("output", "@nobody/main/db");
        StackSoloProcess.Result noResource = stacksolo.run("output", "@webapp/main/nothing");
        StackSoloProcess.Result notDeployed = stacksolo.run("output", "@webapp/main/web");
        StackSoloProcess.Result noProperty = stacksolo.run("output", "@webapp/main/main.password");
        StackSoloProcess.Result invalid = stacksolo.run("output", "@WebApp/db");

        assertThat(noProject.stderr()).contains("nobody").contains("stacksolo list");
        assertThat(noResource.stderr()).contains("nothing").contains("stacksolo list webapp");
        assertThat(notDeployed.stderr()).contains("deploy the project first");
        assertThat(noProperty.stderr()).contains("password").contains("available properties").contains("host")
                .contains("port");
        assertThat(invalid.stderr()).contains("@WebApp/db").contains("lowercase");
        for (StackSoloProcess.Result result : java.util.List.of(noProject, noResource, notDeployed, noProperty, invalid)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void debugAddsTheStackTrace() {
        StackSoloProcess.Result result = stacksolo.run("output", "@nobody/main/db", "--debug");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("error: ").contains("ProjectNotFoundException").contains("\tat ");
    }

    @Test
    void outputWithoutAReferenceIsAUsageError() {
        StackSoloProcess.Result result = stacksolo.run("output");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("<reference>");
    }

    @Test
    void outputsSetWithTheWrongTypeSaysWhichTypeHasThatName() {
        StackSoloProcess.Result result = stacksolo.cwd(home).run("outputs", "set", "@webapp/main/main", "x=1",
                "--type", "function");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("project 'webapp' has no function named 'main'; there is a database named main:"
                + " give --type database, or leave --type out").doesNotContain("not found");
        assertThat(stacksolo.run("outputs", "set", "@webapp/main/nothing", "x=1", "--type", "function").stderr())
                .contains("resource 'nothing' not found");
    }
}
