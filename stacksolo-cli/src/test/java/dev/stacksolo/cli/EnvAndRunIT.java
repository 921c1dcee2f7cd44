package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several values in one process: {@code output REF…}, {@code env <resource>} (dotenv, shell, JSON;
 * hostile values read back byte for byte by a real sh and bash) and {@code run <resource> -- CMD}
 * (environment, exit code, SIGTERM passed on), and how each refuses references that do not resolve.
 */
class EnvAndRunIT {

    /** A value with every character a shell or dotenv reader could take for syntax. */
    static final String HOSTILE = "postgresql://app:it's \"quoted\" $(touch pwned) `id` $HOME \\n\\\n"
            + "second line\ttab ${X} !x #not-a-comment";

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    Path app;

    @BeforeEach
    void projects() {
        stacksolo = StackSoloProcess.in(home);
        stacksolo.cwd(stacksolo.project("infra", "shared-infra.json")).ok("sync");
        app = stacksolo.projectWithConfig("app", """
                {"project": {"name": "app", "gcpProjectId": "app-gcp", "region": "us-central1",
                  "secrets": [{"name": "jwt-secret"}],
                  "networks": [{"name": "main",
                    "databases": [{"name": "db"}],
                    "containers": [{"name": "api", "env": {
                      "DATABASE_URL": "@shared-infra/main/users-db.connectionString",
                      "REDIS_HOST": "@shared-infra/sessions",
                      "LOCAL_DB": "@database/db.connectionString",
                      "JWT_SECRET": "@secret/jwt-secret",
                      "PORT": 8080,
                      "DEBUG": false,
                      "GREETING": "hello 'world' $HOME",
                      "EMPTY": ""}},
                      {"name": "worker"}]}]}}
                """);
        stacksolo.cwd(app).ok("sync");
        stacksolo.cwd(home);
    }

    private void deployEverything(String databaseUrl) {
        stacksolo.ok("outputs", "set", "@shared-infra/main/users-db", "connectionString=" + databaseUrl);
        stacksolo.ok("outputs", "set", "@shared-infra/main/sessions", "host=10.0.0.9");
        stacksolo.ok("outputs", "set", "@app/main/db", "connectionString=postgresql://local/app");
        stacksolo.ok("outputs", "set", "@app/jwt-secret", "secretId=projects/app-gcp/secrets/jwt");
    }

    // ---- output REF… -----------------------------------------------------------------------

    @Test
    void severalReferencesPrintOneValueALineInTheOrderGiven() {
        deployEverything("postgresql://users");
        stacksolo.ok("outputs", "set", "@shared-infra/main/users-db", "private_key_pem=pem", "ipv4_address=10.1.1.1");

        StackSoloProcess.Result result = stacksolo.ok("output", "@shared-infra/sessions",
                "@shared-infra/main/users-db.connectionString", "@shared-infra/main/users-db.private_key_pem",
                "@shared-infra/sessions", "@shared-infra/users-db.ipv4_address");

        assertThat(result.stdout()).isEqualTo("10.0.0.9\npostgresql://users\npem\n10.0.0.9\n10.1.1.1\n");
    }

    @Test
    void severalReferencesInJsonAreAnObjectKeyedByReferenceWithTheStoredValues() {
        deployEverything("postgresql://users");
        StackSoloProcess.Result set = stacksolo.runWithInput("{\"host\": \"10.0.0.9\", \"port\": 6379}",
                "outputs", "set", "@shared-infra/main/sessions", "--from", "-");
        assertThat(set.exitCode()).as(set.toString()).isZero();

        Map<String, Object> view = stacksolo.ok("output", "@shared-infra/sessions.port",
                "@shared-infra/main/users-db", "--json").jsonObject();

        assertThat(view.keySet()).containsExactly("@shared-infra/sessions.port", "@shared-infra/main/users-db");
        assertThat(view).containsEntry("@shared-infra/sessions.port", 6379)
                .containsEntry("@shared-infra/main/users-db", "postgresql://users");
    }

    @Test
    void referencesThatDoNotResolveAreAllNamedAndNothingIsPrinted() {
        deployEverything("postgresql://app:s3cret@db/users");

        StackSoloProcess.Result result = stacksolo.run("output", "@shared-infra/main/users-db",
                "@shared-infra/main/nope", "@ghost/api", "@shared-infra/sessions.port", "@Not/valid");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).startsWith("error: 4 references did not resolve; nothing was printed:")
                .contains("@shared-infra/main/nope: resource 'nope' not found")
                .contains("@ghost/api: project 'ghost' is not registered")
                .contains("@shared-infra/sessions.port: property 'port' not found").contains("host")
                .contains("@Not/valid: invalid reference")
                .doesNotContain("s3cret").doesNotContain("\tat ");
    }

    @Test
    void aValueOnSeveralLinesIsRefusedAmongSeveralAndPrintedAsItIsAlone() {
        deployEverything("line one\nline two");

        StackSoloProcess.Result several = stacksolo.run("output", "@shared-infra/sessions", "@shared-infra/main/users-db");

        assertThat(several.exitCode()).isEqualTo(1);
        assertThat(several.stdout()).isEmpty();
        assertThat(several.stderr()).contains("@shared-infra/main/users-db: its value spans several lines")
                .contains("--json").doesNotContain("line one");
        assertThat(stacksolo.ok("output", "@shared-infra/main/users-db").stdout()).isEqualTo("line one\nline two\n");
        assertThat(stacksolo.ok("output", "@shared-infra/sessions", "@shared-infra/main/users-db", "--json")
                .jsonObject()).containsEntry("@shared-infra/main/users-db", "line one\nline two");
    }

    // ---- env ---------------------------------------------------------------------------------

    @Test
    void envPrintsEveryValueWithItsReferencesResolvedInTheConfigsOrder() {
        deployEverything("postgresql://users");

        StackSoloProcess.Result dotenv = stacksolo.cwd(app).run("env", "api");

        assertThat(dotenv.exitCode()).isZero();
        assertThat(dotenv.stdout()).isEqualTo("""
                DATABASE_URL=postgresql://users
                REDIS_HOST=10.0.0.9
                LOCAL_DB=postgresql://local/app
                JWT_SECRET=projects/app-gcp/secrets/jwt
                PORT=8080
                DEBUG=false
                GREETING="hello 'world' \\$HOME"
                EMPTY=''
                """);
        assertThat(dotenv.stderr()).startsWith("warning: not every dotenv reader gets these values back as they are:"
                + " GREETING (a ' and one of").contains("--format shell or --format json").doesNotContain("DATABASE_URL")
                .doesNotContain("hello");
        Map<String, Object> json = stacksolo.ok("env", "api", "--format", "json").jsonObject();
        assertThat(json.keySet()).containsExactly("DATABASE_URL", "REDIS_HOST", "LOCAL_DB", "JWT_SECRET", "PORT",
                "DEBUG", "GREETING", "EMPTY");
        assertThat(json).containsEntry("PORT", "8080").containsEntry("GREETING", "hello 'world' $HOME");
        assertThat(stacksolo.ok("env", "main/worker").stdout()).as("a resource without env").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "bash"})
    void theShellFormatSourcedByARealShellGivesBackTheSameBytes(String shell) throws Exception {
        deployEverything(HOSTILE);
        Path script = home.resolve("env.sh");
        Files.writeString(script, stacksolo.cwd(app).ok("env", "api", "--format", "shell").stdout());

        Path out = home.resolve("values");
        Process process = new ProcessBuilder(shell, "-c", ". \"$1\" && printf '%s' \"$DATABASE_URL\" > \"$2.db\""
                + " && printf '%s' \"$GREETING\" > \"$2.greeting\" && printf '%s' \"$EMPTY\" > \"$2.empty\"", shell,
                script.toString(), out.toString()).directory(home.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(process.exitValue()).isZero();

        assertThat(Files.readString(home.resolve("values.db"))).isEqualTo(HOSTILE);
        assertThat(Files.readString(home.resolve("values.greeting"))).isEqualTo("hello 'world' $HOME");
        assertThat(Files.readString(home.resolve("values.empty"))).isEmpty();
        assertThat(home.resolve("pwned")).as("nothing in a value ran").doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "bash", "dash"})
    void theDotenvFormatSourcedByARealShellRunsNothingAndGivesBackTheSameBytes(String shell) throws Exception {
        deployEverything(HOSTILE);
        stacksolo.ok("outputs", "set", "@shared-infra/main/sessions", "host=it's $(touch pwned2) `touch pwned3` \\\" ${HOME}\r\n");
        StackSoloProcess.Result result = stacksolo.cwd(app).run("env", "api");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Files.writeString(home.resolve(".env"), result.stdout());

        Process process = new ProcessBuilder(shell, "-c", "set -a && . ./.env && printf '%s' \"$DATABASE_URL\" > db.out"
                + " && printf '%s' \"$REDIS_HOST\" > redis.out && printf '%s' \"$GREETING\" > greeting.out")
                .directory(home.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(process.exitValue()).isZero();

        assertThat(home.resolve("db.out")).content(StandardCharsets.UTF_8).isEqualTo(HOSTILE);
        assertThat(home.resolve("redis.out")).content(StandardCharsets.UTF_8)
                .isEqualTo("it's $(touch pwned2) `touch pwned3` \\\" ${HOME}\r\n");
        assertThat(home.resolve("greeting.out")).content(StandardCharsets.UTF_8).isEqualTo("hello 'world' $HOME");
        assertThat(home.resolve("pwned")).as("nothing in a value ran").doesNotExist();
        assertThat(home.resolve("pwned2")).doesNotExist();
        assertThat(home.resolve("pwned3")).doesNotExist();
        // the values other dotenv readers would change are named (not shown), pointing at the formats that keep them
        assertThat(result.stderr()).startsWith("warning: ").contains("DATABASE_URL (").contains("REDIS_HOST (a carriage return)")
                .contains("GREETING (").contains("--format shell or --format json").doesNotContain("pwned")
                .doesNotContain("LOCAL_DB").doesNotContain("PORT");
    }

    @Test
    void theDotenvValuesNoWarningNamesAreReadLiterallyByPythonDotenv() throws Exception {
        Process probe = new ProcessBuilder("python3", "-c", "import dotenv").redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python-dotenv is not installed");
        // one value of each form dotenv writes without a warning: bare, single quotes, double quotes
        String single = "spaces # not a comment $HOME $(x) `y` \"q\" a\\b\nsecond line";
        String doubled = "it's \n'quoted'\n# still the value";
        deployEverything(single);
        stacksolo.ok("outputs", "set", "@shared-infra/main/sessions", "host=" + doubled);
        StackSoloProcess.Result result = stacksolo.cwd(app).run("env", "api");
        assertThat(result.stderr()).as("no value needs a warning").doesNotContain("DATABASE_URL").doesNotContain("REDIS_HOST");
        Files.writeString(home.resolve(".env"), result.stdout());

        Process python = new ProcessBuilder("python3", "-c", "import json, dotenv;"
                + " print(json.dumps(dotenv.dotenv_values('.env')))").directory(home.toFile()).start();
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(
                new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        assertThat(read).containsEntry("DATABASE_URL", single).containsEntry("REDIS_HOST", doubled)
                .containsEntry("PORT", "8080").containsEntry("EMPTY", "");
    }

    @Test
    void envNamesThatCannotBeVariablesAreAllNamedAtOnce() {
        Path bad = stacksolo.projectWithConfig("bad", """
                {"project": {"name": "bad", "gcpProjectId": "bad-gcp", "region": "us-central1",
                  "networks": [{"name": "main", "containers": [{"name": "api", "env": {
                    "GOOD": "x", "1ST": "a", "WITH-DASH": "b", "has space": "c"}}]}]}}
                """);

        StackSoloProcess.Result result = stacksolo.cwd(bad).run("env", "api");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("has env names '1ST', 'WITH-DASH', 'has space', which cannot be environment"
                + " variables").contains("rename them").doesNotContain("GOOD");
    }

    @Test
    void theJsonFormatHoldsTheExactValues() {
        deployEverything(HOSTILE);

        Map<String, Object> json = stacksolo.cwd(app).ok("env", "api", "--format", "json").jsonObject();

        assertThat(json).containsEntry("DATABASE_URL", HOSTILE);
    }

    @Test
    void envNamesEveryReferenceThatDidNotResolveAndPrintsNothing() {
        stacksolo.ok("outputs", "set", "@shared-infra/main/sessions", "host=10.0.0.9");
        stacksolo.ok("outputs", "set", "@app/main/db", "connectionString=postgresql://app:s3cret@local/app");

        StackSoloProcess.Result result = stacksolo.cwd(app).run("env", "api", "--debug");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).startsWith("error: 2 references did not resolve; nothing was printed or run:")
                .contains("DATABASE_URL (@shared-infra/main/users-db.connectionString): resource 'users-db' of"
                        + " project 'shared-infra' has no outputs yet")
                .contains("JWT_SECRET (@secret/jwt-secret): resource 'jwt-secret'")
                .doesNotContain("REDIS_HOST").doesNotContain("10.0.0.9").doesNotContain("s3cret");
    }

    @Test
    void anOutputRecordedAsNullIsSaidToBeNullByOutputAndEnvNotMissing() {
        deployEverything("postgresql://app@db/app");
        stacksolo.runWithInput("{\"connectionString\": null, \"host\": \"10.0.0.5\"}", "outputs", "set",
                "@shared-infra/main/users-db", "--from", "-");

        for (List<String> command : List.of(List.of("output", "@shared-infra/main/users-db.connectionString"),
                List.of("output", "@shared-infra/main/users-db.connectionString", "--json"),
                List.of("output", "@shared-infra/main/users-db.connectionString", "@shared-infra/main/sessions"),
                List.of("env", "api"), List.of("run", "api", "--", "true"))) {
            StackSoloProcess.Result result = stacksolo.cwd(app).run(command.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stdout()).as(result.toString()).isEmpty();
            assertThat(result.stderr()).as(result.toString())
                    .contains("property 'connectionString' of resource 'users-db' is recorded as null")
                    .contains("stacksolo outputs set").doesNotContain("not found").doesNotContain("available properties");
        }
        StackSoloProcess.Result refs = stacksolo.cwd(app).run("refs", "--json");
        assertThat(refs.stdout()).contains("is recorded as null");
    }

    @Test
    void envOfAResourceTheConfigDoesNotDeclareListsWhatItDeclares() {
        StackSoloProcess.Result result = stacksolo.cwd(app).run("env", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("error: no resource 'nope' in ").contains("container api (network main)")
                .doesNotContain("\tat ");
        StackSoloProcess.Result elsewhere = stacksolo.cwd(home).run("env", "api");
        assertThat(elsewhere.exitCode()).isEqualTo(1);
        assertThat(elsewhere.stderr()).contains("no project config");
    }

    @Test
    void sameProjectReferencesFromACopyOfTheProjectFolderAreRefused() throws Exception {
        deployEverything("postgresql://users");
        Path copy = stacksolo.projectWithConfig("app-copy", java.nio.file.Files.readString(
                app.resolve(".stacksolo/stacksolo.config.json")));

        StackSoloProcess.Result result = stacksolo.cwd(copy).run("env", "api");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).startsWith("error: project 'app' is registered from ").contains(app.toString());
    }

    @Test
    void envAndRunLeaveNoTraceInTheEventLog() {
        deployEverything("postgresql://app:s3cret@db/users");
        int before = stacksolo.ok("events", "list", "--json", "-n", "100").jsonArray().size();

        stacksolo.cwd(app).okAllowingWarnings("env", "api"); // GREETING is not for every dotenv reader
        stacksolo.cwd(app).ok("run", "api", "--", "true");

        List<Map<String, Object>> sessions = stacksolo.ok("events", "list", "--json", "-n", "100").jsonArray();
        assertThat(sessions).hasSize(before);
        assertThat(stacksolo.ok("events", "show", "--json", "--show-secrets").stdout()).doesNotContain("s3cret");
    }

    // ---- run ---------------------------------------------------------------------------------

    @Test
    void runGivesTheCommandTheEnvironmentAndReturnsItsExitCode() {
        deployEverything(HOSTILE);

        StackSoloProcess.Result result = stacksolo.cwd(app).run("run", "api", "--", "sh", "-c",
                "printf '%s' \"$DATABASE_URL\" > db.out; echo \"$REDIS_HOST $PORT $HOME\"; exit 7");

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.stdout()).isEqualTo("10.0.0.9 8080 " + home + "\n");
        assertThat(result.stderr()).isEmpty();
        assertThat(app.resolve("db.out")).content(StandardCharsets.UTF_8).isEqualTo(HOSTILE);
    }

    @Test
    void runWithAReferenceThatDoesNotResolveRunsNothing() {
        StackSoloProcess.Result result = stacksolo.cwd(app).run("run", "api", "--", "touch", "ran");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("error: 4 references did not resolve; nothing was printed or run:");
        assertThat(app.resolve("ran")).doesNotExist();
    }

    @Test
    void runOfACommandThatDoesNotExistExits127AsEnvDoes() throws Exception {
        deployEverything("postgresql://users");

        StackSoloProcess.Result missing = stacksolo.cwd(app).run("run", "api", "--", "no-such-command-here");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).startsWith("error: cannot run no-such-command-here: no such command on PATH");
        for (String typed : List.of("postgresql://u:Hunter2x@h/db", "sshpass -p Hunter2x ssh h")) {
            StackSoloProcess.Result secret = stacksolo.cwd(app).run("run", "api", "--", typed);
            assertThat(secret.exitCode()).isEqualTo(127);
            assertThat(secret.stderr()).as("a mistyped command may be a secret").startsWith("error: cannot run ")
                    .doesNotContain("Hunter2x");
        }

        Path plainFile = Files.writeString(app.resolve("not-a-program"), "echo hi\n");
        StackSoloProcess.Result notExecutable = stacksolo.cwd(app).run("run", "api", "--", plainFile.toString());
        assertThat(notExecutable.exitCode()).isEqualTo(126);
        assertThat(notExecutable.stderr()).contains("it is not an executable file; check its permissions");

        Path script = Files.writeString(app.resolve("script"), "#!/no/such/interpreter -x\necho hi\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        StackSoloProcess.Result noInterpreter = stacksolo.cwd(app).run("run", "api", "--", script.toString());
        assertThat(noInterpreter.exitCode()).as("as sh reports it").isEqualTo(127);
        assertThat(noInterpreter.stderr()).startsWith("error: cannot run " + script + ": the interpreter named on its #!"
                + " line, /no/such/interpreter, was not found").doesNotContain("permissions");
    }

    @Test
    void sigtermToStacksoloReachesTheCommandWhoseExitCodeIsReturned() throws Exception {
        deployEverything("postgresql://users");
        Path output = home.resolve("run.out");
        Process run = stacksolo.cwd(app).spawn(output, "run", "api", "--", "sh", "-c",
                "trap 'echo \"got TERM with $REDIS_HOST\" >&2; exit 42' TERM; echo ready >&2;"
                        + " while :; do sleep 0.05; done");
        for (int i = 0; i < 600 && !Files.readString(output).contains("ready"); i++) {
            assertThat(run.isAlive()).as("still running: %s", Files.readString(output)).isTrue();
            Thread.sleep(50);
        }
        assertThat(Files.readString(output)).contains("ready");
        List<ProcessHandle> children = run.children().toList();
        assertThat(children).as("the command runs as a child of stacksolo").hasSize(1);

        run.destroy(); // SIGTERM to stacksolo (the launcher exec'd the JVM: this is its pid)

        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(42);
        assertThat(Files.readString(output)).contains("got TERM with 10.0.0.9");
        assertThat(children.get(0).isAlive()).isFalse();
    }

    @Test
    void aCommandEndedByASignalIsReportedAs128PlusItsNumber() {
        deployEverything("postgresql://users");

        StackSoloProcess.Result result = stacksolo.cwd(app).run("run", "api", "--", "sh", "-c", "kill -KILL $$");

        assertThat(result.exitCode()).isEqualTo(128 + 9);
    }
}
