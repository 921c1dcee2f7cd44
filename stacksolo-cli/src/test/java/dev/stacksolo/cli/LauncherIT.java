package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherIT {

    @TempDir
    Path home;

    @Test
    void versionPrintsTheVersionAndExitsZero() {
        StackSoloProcess.Result result = StackSoloProcess.in(home).run("--version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("stacksolo ");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void versionSaysWhichBuildRunsOnWhichJavaAndWhichSchemaItWrites() {
        StackSoloProcess stacksolo = StackSoloProcess.in(home);
        StackSoloProcess.Result text = stacksolo.ok("version");
        java.util.Map<String, Object> json = stacksolo.ok("version", "--json").jsonObject();

        String version = System.getProperty("stacksolo.version");
        assertThat(text.stdout()).startsWith("stacksolo " + version + "\n")
                .contains("registry schema: " + dev.stacksolo.registry.Registry.SCHEMA_VERSION + "\n");
        assertThat(stacksolo.ok("--version").stdout()).isEqualTo(text.stdout());
        assertThat(json).containsOnlyKeys("version", "commit", "buildTime", "java", "registrySchemaVersion");
        assertThat(json.get("version")).isEqualTo(version);
        assertThat((String) json.get("commit")).matches("[0-9a-f]{12}");
        assertThat((String) json.get("buildTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(json.get("registrySchemaVersion")).isEqualTo(dev.stacksolo.registry.Registry.SCHEMA_VERSION);
        assertThat(((java.util.Map<?, ?>) json.get("java")).get("home")).isEqualTo(System.getProperty("java.home"));
        assertThat(text.stdout()).contains("commit:          " + json.get("commit") + "\n");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithExitCodeTwo() {
        StackSoloProcess.Result result = StackSoloProcess.in(home).run("frobnicate");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("frobnicate");
    }

    @Test
    void theLauncherRunsThroughALinkWithAnOddOrEmptyPath() throws Exception {
        Path bin = java.nio.file.Files.createDirectories(home.resolve("bin"));
        Path link = java.nio.file.Files.createSymbolicLink(bin.resolve("stacksolo"), StackSoloProcess.LAUNCHER);
        Path relative = java.nio.file.Files.createSymbolicLink(bin.resolve("ss"), Path.of("stacksolo"));

        for (String path : new String[] {"/nonexistent", ""}) {
            for (Path launcher : new Path[] {link, relative}) {
                StackSoloProcess.Result result = StackSoloProcess.in(home).launcher(launcher).env("PATH", path)
                        .run("--version");

                assertThat(result.exitCode()).as("PATH=%s %s: %s", path, launcher, result).isZero();
                assertThat(result.stdout()).startsWith("stacksolo ");
                assertThat(result.stderr()).isEmpty();
            }
        }
    }
}
