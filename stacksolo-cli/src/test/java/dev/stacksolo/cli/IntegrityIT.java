package dev.stacksolo.cli;

import dev.stacksolo.cli.PostgresSchemas.Backend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 with real processes of the real {@code bin/stacksolo}, on a SQLite file and on a
 * PostgreSQL schema: writes racing from several processes all land, a project belongs to the
 * config it was registered from, and a {@code sync} killed with SIGKILL at any moment leaves its
 * project absent or whole (and its audit session is closed by {@code doctor --fix}).
 */
class IntegrityIT {


    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    String location;

    @BeforeEach
    void runner() {
        stacksolo = StackSoloProcess.in(home);
    }

    @RegisterExtension
    final PostgresSchemas postgres = new PostgresSchemas();

    /** Points the runner (and {@link #location}) at a fresh registry on {@code backend}. */
    private void use(Backend backend) {
        location = postgres.use(backend, stacksolo);
    }

    private static String config(String name, int containers) {
        StringBuilder json = new StringBuilder("{\"project\": {\"name\": \"" + name
                + "\", \"gcpProjectId\": \"gcp-" + name + "\", \"region\": \"us-central1\", \"networks\": [{\"name\":"
                + " \"main\", \"databases\": [{\"name\": \"db\"}], \"containers\": [");
        for (int i = 0; i < containers; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"name\": \"c-").append(i).append("\", \"memory\": \"512Mi\"}");
        }
        return json.append("]}]}}").toString();
    }

    /**
     * Two hundred command starts: on SQLite only, where the file's write lock is what they race
     * for; the same race through library processes runs on both databases in the registry module
     * ({@code OutputsMergeAcrossProcessesTest}).
     */
    @org.junit.jupiter.api.Test
    void tenProcessesSettingTwentyKeysEachOfOneResourceLoseNone() throws Exception {
        Backend backend = Backend.SQLITE;
        use(backend);
        stacksolo.cwd(stacksolo.projectWithConfig("shared", config("shared", 0))).ok("sync");
        int processes = 10;
        int keys = 20;

        List<Process> writers = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < processes; p++) {
            Path log = home.resolve("writer-" + p + ".log");
            logs.add(log);
            // from HOME, which holds no config: the reference alone names the resource
            writers.add(stacksolo.cwd(home).spawnScript(log, "set -e; for k in $(seq 1 " + keys + "); do"
                    + " stacksolo outputs set @shared/main/db p" + p + "k$k=v$k >/dev/null; done"));
        }
        for (int p = 0; p < processes; p++) {
            assertThat(writers.get(p).waitFor(20, TimeUnit.MINUTES)).as("writer %d finished", p).isTrue();
            assertThat(writers.get(p).exitValue()).as("writer %d: %s", p, Files.readString(logs.get(p))).isZero();
        }
        System.out.printf("outputs set: %d processes x %d calls on %s: %d ms%n", processes, keys, backend,
                (System.nanoTime() - start) / 1_000_000);

        try (Registry registry = Registry.open(location)) {
            RegistryProject project = registry.service().findProjectByName("shared").orElseThrow();
            Map<String, Object> outputs = registry.service().findResourceByRef(project.id(), "db", "main")
                    .orElseThrow().outputs().orElseThrow();
            assertThat(outputs).hasSize(processes * keys);
            for (int p = 0; p < processes; p++) {
                for (int k = 1; k <= keys; k++) {
                    assertThat(outputs).containsEntry("p" + p + "k" + k, "v" + k);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void syncsRacingFromTwoFoldersOfOneProjectNameLetOneWinAndRefuseTheOther(Backend backend) throws Exception {
        use(backend);
        for (int round = 0; round < 4; round++) {
            String name = "race-" + round;
            Path first = stacksolo.projectWithConfig("first-" + round, config(name, 3));
            Path second = stacksolo.projectWithConfig("second-" + round, config(name, 5));
            Path firstConfig = first.resolve(".stacksolo/stacksolo.config.json");
            Path secondConfig = second.resolve(".stacksolo/stacksolo.config.json");
            Path firstLog = home.resolve("first-" + round + ".log");
            Path secondLog = home.resolve("second-" + round + ".log");

            Process a = stacksolo.cwd(first).spawnScript(firstLog, "exec stacksolo sync");
            Process b = stacksolo.cwd(second).spawnScript(secondLog, "exec stacksolo sync");
            assertThat(a.waitFor(2, TimeUnit.MINUTES) && b.waitFor(2, TimeUnit.MINUTES)).isTrue();

            List<Integer> exits = List.of(a.exitValue(), b.exitValue());
            assertThat(exits).as("round %d: %s / %s", round, Files.readString(firstLog), Files.readString(secondLog))
                    .containsExactlyInAnyOrder(0, 1);
            boolean firstWon = a.exitValue() == 0;
            String refused = Files.readString(firstWon ? secondLog : firstLog);
            Path winner = firstWon ? firstConfig : secondConfig;
            Path loser = firstWon ? secondConfig : firstConfig;
            assertThat(refused).startsWith("error: ").contains("'" + name + "'")
                    .contains(winner.toString()).contains(loser.toString()).contains("register --force")
                    .doesNotContain("Exception");
            try (Registry registry = Registry.open(location)) {
                RegistryProject project = registry.service().findProjectByName(name).orElseThrow();
                assertThat(project.configPath()).contains(winner.toString());
                // the winner's resources and nothing of the loser's (db + 3 or db + 5 containers)
                assertThat(registry.service().findResourcesByProject(project.id())).hasSize(firstWon ? 4 : 6);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFirstSyncOfThreeThousandResourcesKilledAtRandomMomentsLeavesTheProjectAbsentOrWhole(Backend backend)
            throws Exception {
        use(backend);
        int resources = 3000;
        Path folder = stacksolo.projectWithConfig("big", config("big", resources - 1));
        stacksolo.cwd(home).run("list"); // the schema exists before the first kill, as after any first command

        // how long a whole first sync takes here, so that kills land before, during and after its transaction
        long started = System.nanoTime();
        stacksolo.cwd(folder).ok("sync");
        long whole = (System.nanoTime() - started) / 1_000_000;
        unregister("big");

        long seed = Long.getLong("integrity.seed", System.nanoTime());
        Random random = new Random(seed);
        int absent = 0;
        int present = 0;
        for (int run = 0; run < 30; run++) {
            Process sync = stacksolo.cwd(folder).spawnScript(home.resolve("sync.log"), "exec stacksolo sync");
            Thread.sleep((long) (whole * (0.3 + random.nextDouble())));
            sync.destroyForcibly(); // SIGKILL
            sync.waitFor();
            try (Registry registry = Registry.open(location)) {
                Optional<RegistryProject> project = registry.service().findProjectByName("big");
                if (project.isEmpty()) {
                    absent++;
                    continue;
                }
                present++;
                List<RegistryResource> recorded = registry.service().findResourcesByProject(project.get().id());
                assertThat(recorded).as("run %d (seed %d): the project is whole", run, seed).hasSize(resources);
                assertThat(project.get().configHash()).as("its config hash is recorded with it").isPresent();
                assertThat(registry.service().listProjectSummaries()).singleElement()
                        .satisfies(s -> assertThat(s.resourceCount()).isEqualTo(resources));
                registry.service().unregisterProject(project.get().id());
            }
        }
        System.out.printf("killed first syncs on %s: 30 runs (seed %d, a whole sync %d ms): %d absent, %d whole%n",
                backend, seed, whole, absent, present);

        int unfinished;
        try (Registry registry = Registry.open(location)) {
            unfinished = (int) registry.events().listSessions(1000).stream().filter(s -> s.exitCode().isEmpty()).count();
            assertThat(registry.events().findAbandonedSessions()).as("every session a kill left unfinished is found")
                    .hasSize(unfinished);
        }
        StackSoloProcess.Result fixed = stacksolo.cwd(home).run("doctor", "--fix");
        assertThat(fixed.stdout().lines().filter(line -> line.contains("closed the abandoned session")))
                .as(fixed.toString()).hasSize(unfinished);
        assertThat(fixed.stdout()).contains("event-log sessions: none abandoned");
        System.out.printf("killed first syncs on %s: doctor --fix closed %d abandoned sessions%n", backend, unfinished);
        try (Registry registry = Registry.open(location)) {
            List<LogSession> sessions = registry.events().listSessions(1000);
            assertThat(sessions).as("no audit session is left running").allSatisfy(
                    session -> assertThat(session.exitCode()).as("session %s", session.id()).isPresent());
            assertThat(registry.events().findAbandonedSessions()).isEmpty();
        }
        StackSoloProcess.Result list = stacksolo.cwd(home).ok("events", "list");
        assertThat(list.stdout()).doesNotContain("running");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void refsRefusesInAFolderWhoseProjectIsRegisteredFromAnotherFolder(Backend backend) throws Exception {
        use(backend);
        Path first = stacksolo.projectWithConfig("first", config("twin", 1));
        Path second = stacksolo.projectWithConfig("second", config("twin", 1));
        stacksolo.cwd(first).ok("sync");

        StackSoloProcess.Result refused = stacksolo.cwd(second).run("refs");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr()).startsWith("error: ").contains("'twin'")
                .contains(first.resolve(".stacksolo/stacksolo.config.json").toString())
                .contains(second.resolve(".stacksolo/stacksolo.config.json").toString()).doesNotContain("Exception");
        assertThat(refused.stdout()).isEmpty();
        assertThat(stacksolo.cwd(first).run("refs").exitCode()).isZero();
    }

    /**
     * A config that is a symbolic link to another folder's config is that config (one file): the
     * project is recorded with the real file's path, whichever folder synced first, so the link adds
     * no second owner; a copy of the config in a third folder is refused as usual.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aConfigLinkedToAnotherFoldersConfigIsRecordedByItsRealPath(Backend backend) throws Exception {
        use(backend);
        Path original = stacksolo.projectWithConfig("original", config("linked", 1));
        Path realConfig = original.resolve(".stacksolo/stacksolo.config.json").toRealPath();
        Path viaLink = home.resolve("via-link");
        Files.createDirectories(viaLink.resolve(".stacksolo"));
        Files.createSymbolicLink(viaLink.resolve(".stacksolo/stacksolo.config.json"), realConfig);
        Path copy = stacksolo.projectWithConfig("copy", config("linked", 1));

        stacksolo.cwd(viaLink).ok("sync");
        try (Registry registry = Registry.open(location)) {
            assertThat(registry.service().findProjectByName("linked").orElseThrow().configPath())
                    .contains(realConfig.toString());
        }
        stacksolo.cwd(original).ok("sync");
        StackSoloProcess.Result refused = stacksolo.cwd(copy).run("sync");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr()).contains(realConfig.toString());
    }

    @org.junit.jupiter.api.Test
    void messagesNameNoPlaceholder() throws Exception {
        use(Backend.SQLITE);
        stacksolo.cwd(home).ok("events", "prune", "--older-than", "30d"); // a registry, empty: "nope" is looked up in it
        StackSoloProcess.Result unknown = stacksolo.cwd(home).run("deployment", "finish", "nope", "--status", "succeeded");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("'nope'", "stacksolo list").doesNotContainPattern("<[a-z-]+>");
    }

    /** With --yes nothing was confirmed: a project gone meanwhile is "not registered", not "changed". */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void unregisterWithYesOfAProjectNotThereSaysItIsNotRegistered(Backend backend) throws Exception {
        use(backend);
        stacksolo.cwd(stacksolo.projectWithConfig("gone", config("gone", 1))).ok("sync");
        stacksolo.cwd(home).ok("unregister", "gone", "-y");

        StackSoloProcess.Result again = stacksolo.cwd(home).run("unregister", "gone", "-y");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("project 'gone' is not registered").doesNotContain("changed while");
    }

    private void unregister(String name) {
        try (Registry registry = Registry.open(location)) {
            registry.service().unregisterProjectByName(name);
        }
    }
}
