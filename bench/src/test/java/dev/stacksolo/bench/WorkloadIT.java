package dev.stacksolo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark drivers, run as {@code bench/workload 5 4 100} and {@code bench/driver-floor 5 4 100}
 * on the packaged jar: each prints every phase of the workload and the check line of the benchmark
 * document (for W(5, 4, 100): 20 resources, and 3125 characters resolved, as the sqlite3 shell finds
 * with {@code ../shared/tools/sqlite-floor.py 5 4 100}).
 */
class WorkloadIT {

    private static final Path DRIVER = Path.of("workload").toAbsolutePath();
    private static final Path DRIVER_FLOOR = Path.of("driver-floor").toAbsolutePath();
    private static final String CHECK = "check resources=20 sink=3125";
    private static final List<String> PHASES = List.of("register", "upsert", "outputs", "resolve", "list",
            "outputs-batch");

    @Test
    void smallWorkloadOnSqlitePrintsEveryPhaseAndTheCheckLine(@TempDir Path folder) throws Exception {
        List<String> lines = run(Map.of("STACKSOLO_REGISTRY_PATH", folder.resolve("registry.db").toString()));

        assertPhasesAndCheck(lines);
        assertThat(folder.resolve("registry.db")).exists();
        assertThat(folder.resolve("registry.db.batch")).exists();
    }

    @Test
    void smallWorkloadOnPostgresqlPrintsTheSameCheckLine() throws Exception {
        String url = System.getenv().getOrDefault("STACKSOLO_TEST_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        if (!"1".equals(System.getenv("STACKSOLO_TEST_POSTGRES_REQUIRED"))) {
            try (Connection probe = DriverManager.getConnection(url)) {
                // a server answers
            } catch (SQLException e) {
                Assumptions.abort("PostgreSQL workload skipped: no PostgreSQL at " + url
                        + "; set STACKSOLO_TEST_POSTGRES_URL to enable it");
            }
        }

        assertPhasesAndCheck(run(Map.of("STACKSOLO_REGISTRY_URL", url)));
    }

    @Test
    void driverFloorDoesTheSameWorkAndPrintsTheSameCheckLine() throws Exception {
        assertPhasesAndCheck(run(DRIVER_FLOOR, Map.of()));
    }

    @Test
    void driverFloorWithoutTheVersionTriggersDoesTheSameWork() throws Exception {
        // what bench/compare subtracts to show versioning's own cost per write
        assertPhasesAndCheck(run(DRIVER_FLOOR, Map.of("STACKSOLO_BENCH_VERSIONS", "off")));
    }

    @Test
    void roundsRepeatTheWholeWorkloadInOneProcess() throws Exception {
        List<String> lines = run(DRIVER, Map.of("STACKSOLO_BENCH_ROUNDS", "2"));

        assertThat(lines).hasSize(2 * (PHASES.size() + 2));
        assertThat(lines.get(0)).isEqualTo("round=1");
        assertPhasesAndCheck(lines.subList(1, PHASES.size() + 2));
        assertThat(lines.get(PHASES.size() + 2)).isEqualTo("round=2");
        assertPhasesAndCheck(lines.subList(PHASES.size() + 3, lines.size()));
    }

    @Test
    void refusesAnExistingRegistryFile(@TempDir Path folder) throws Exception {
        Path existing = Files.writeString(folder.resolve("registry.db"), "");

        Process process = start(DRIVER, Map.of("STACKSOLO_REGISTRY_PATH", existing.toString()));
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isNotZero();
        assertThat(errors).contains("exists; the workload needs a fresh registry");
    }

    private static void assertPhasesAndCheck(List<String> lines) {
        assertThat(lines).hasSize(PHASES.size() + 1);
        for (int i = 0; i < PHASES.size(); i++) {
            assertThat(lines.get(i)).matches("phase=" + PHASES.get(i) + " ms=\\d+ ops=\\d+");
        }
        assertThat(lines).last().isEqualTo(CHECK);
    }

    private static List<String> run(Map<String, String> environment) throws IOException, InterruptedException {
        return run(DRIVER, environment);
    }

    private static List<String> run(Path program, Map<String, String> environment)
            throws IOException, InterruptedException {
        Process process = start(program, environment);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
        return output.lines().toList();
    }

    private static Process start(Path program, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(program.toString(), "5", "4", "100");
        for (String variable : List.of("STACKSOLO_REGISTRY_PATH", "STACKSOLO_REGISTRY_URL", "STACKSOLO_BENCH_ROUNDS",
                "STACKSOLO_BENCH_CPU")) {
            builder.environment().remove(variable);
        }
        builder.environment().putAll(environment);
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return builder.start();
    }
}
