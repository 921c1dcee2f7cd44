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
    void anUnknownCommandIsAUsageErrorWithExitCodeTwo() {
        StackSoloProcess.Result result = StackSoloProcess.in(home).run("frobnicate");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("frobnicate");
    }
}
