package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A command whose output could not be written (a full disk: {@code /dev/full}, the real device)
 * fails with exit 1 and says so, instead of leaving a truncated file and exit 0; one that changed
 * the registry first says the change was made.
 */
class StandardOutputIT {

    static final File FULL = new File("/dev/full");

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    Path app;

    @BeforeEach
    void aProjectWithOutputs() {
        stacksolo = StackSoloProcess.in(home);
        stacksolo.cwd(stacksolo.project("infra", "shared-infra.json")).ok("sync");
        stacksolo.ok("outputs", "set", "@shared-infra/main/users-db", "connectionString=postgresql://users",
                "note=it's $(x)");
        app = stacksolo.projectWithConfig("app", """
                {"project": {"name": "app", "gcpProjectId": "app-gcp", "region": "us-central1",
                  "networks": [{"name": "main", "containers": [{"name": "web", "env": {
                    "DATABASE_URL": "@shared-infra/main/users-db.connectionString", "PORT": 8080}}]}]}}
                """);
        stacksolo.cwd(app).ok("sync");
        stacksolo.cwd(home);
    }

    private void assertFailsSayingSo(StackSoloProcess.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).as(result.toString())
                .startsWith("error: could not write to standard output (No space left on device)")
                .doesNotContain("\tat ");
    }

    @Test
    void everyReadingCommandFailsWhenItsOutputCannotBeWritten() {
        for (List<String> command : List.of(List.of("registry", "export"), List.of("output",
                "@shared-infra/main/users-db.connectionString"), List.of("output", "@shared-infra/main/users-db",
                "--json"), List.of("output", "@shared-infra/main/users-db", "@shared-infra/main/users-db.note"),
                List.of("list", "--json"), List.of("list"), List.of("outputs", "history", "@shared-infra/main/users-db",
                "--json"), List.of("completion"))) {
            StackSoloProcess.Result result = stacksolo.runWritingTo(FULL, command.toArray(String[]::new));

            assertFailsSayingSo(result);
            assertThat(result.stderr()).as(command.toString()).doesNotContain("made its change");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dotenv", "shell", "json"})
    void envInEveryFormatFailsWhenItsOutputCannotBeWritten(String format) {
        StackSoloProcess.Result result = stacksolo.cwd(app).runWritingTo(FULL, "env", "web", "--format", format);

        assertFailsSayingSo(result);
        assertThat(result.stderr()).doesNotContain("postgresql://users");
    }

    @Test
    void aCommandThatChangedTheRegistryBeforeItCouldNotPrintSaysTheChangeWasMade() {
        StackSoloProcess.Result result = stacksolo.runWritingTo(FULL, "outputs", "set", "@shared-infra/main/sessions",
                "host=10.0.0.9", "--json");

        assertFailsSayingSo(result);
        assertThat(result.stderr()).contains("stacksolo outputs set made its change to the registry all the same");
        assertThat(stacksolo.ok("output", "@shared-infra/main/sessions.host").stdout()).isEqualTo("10.0.0.9\n");
    }

    @Test
    void aWritableOutputStillExitsZero() {
        Path file = home.resolve("backup.json");

        StackSoloProcess.Result result = stacksolo.runWritingTo(file.toFile(), "registry", "export");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertThat(file).content().startsWith("{");
    }
}
