package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployment locks from the command line: one deploy at a time, stale holders, {@code unlock}, {@code --hold}. */
class LockingIT {

    @TempDir
    Path home;

    StackSoloProcess stacksolo;

    @BeforeEach
    void aProject() {
        stacksolo = StackSoloProcess.in(home);
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("sync");
    }

    /** Starts {@code deployment start --hold} and returns it once it printed the deployment id. */
    private Held hold() throws Exception {
        Path stderr = home.resolve("hold-" + System.nanoTime() + ".err");
        Process process = stacksolo.spawn(stderr, "deployment", "start", "--hold");
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String id = out.readLine();
        assertThat(id).as("the id printed by --hold (stderr: %s)", stderr).matches("[0-9a-f-]{36}");
        return new Held(process, id, stderr);
    }

    private record Held(Process process, String id, Path stderr) {}

    /** The {@code lock} of {@code status --json}: present only while the project is locked. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> lockInStatus() {
        return (Map<String, Object>) stacksolo.ok("status", "--json").jsonObject().get("lock");
    }

    @Test
    void aSecondDeployWhileOneRunsFailsAtOnceNamingTheHolder() {
        String id = stacksolo.ok("deployment", "start").stdout().trim();

        StackSoloProcess.Result second = stacksolo.run("deployment", "start", "--action", "destroy");

        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.stdout()).isEmpty();
        assertThat(second.stderr()).startsWith("error: project 'webapp' is locked").contains(id)
                .contains("process " + ProcessHandle.current().pid()).contains("Wait for it to finish")
                .doesNotContain("\tat ");
        assertThat(lockInStatus()).containsEntry("lockId", id).containsEntry("stale", false)
                .containsEntry("action", "deploy");
        assertThat(stacksolo.ok("status").stdout()).contains("Locked by deployment " + id);
        assertThat(stacksolo.cwd(home).ok("history", "webapp", "--json").jsonArray()).hasSize(1);
    }

    @Test
    void aHolderKilledWithSigkillLeavesAStaleLockThatUnlockBreaksAndRecords() throws Exception {
        Held held = hold();
        held.process().destroyForcibly();
        held.process().waitFor(10, TimeUnit.SECONDS);

        StackSoloProcess.Result blocked = stacksolo.run("deployment", "start");
        StackSoloProcess.Result doctor = stacksolo.run("doctor");
        StackSoloProcess.Result unlocked = stacksolo.run("unlock", "webapp");

        assertThat(blocked.exitCode()).isEqualTo(1);
        assertThat(blocked.stderr()).contains(held.id()).contains("its holder looks gone").contains("is not running")
                .contains("stacksolo unlock webapp");
        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(doctor.stdout()).contains("PROBLEM  deployment " + held.id()).contains("stale lock")
                .contains("--fix: break the lock");
        assertThat(unlocked.exitCode()).as(unlocked.toString()).isZero();
        assertThat(unlocked.stdout()).startsWith("Unlocked webapp: deployment " + held.id()).contains("recorded failed")
                .contains("is not running");
        Map<String, Object> failed = stacksolo.cwd(home).ok("history", "webapp", "--json").jsonArray().get(0);
        assertThat(failed).containsEntry("id", held.id()).containsEntry("status", "failed");
        assertThat((String) failed.get("error")).startsWith("lock broken by").contains("is not running");
        assertThat(stacksolo.cwd(home.resolve("webapp")).ok("deployment", "start").stdout()).matches("[0-9a-f-]{36}\n");
    }

    @Test
    void anInterruptedHolderRecordsItsDeploymentFailedAndReleasesTheLock() throws Exception {
        Held held = hold();

        held.process().destroy(); // SIGTERM, as a CI timeout or kill sends
        assertThat(held.process().waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(lockInStatus()).isNull();
        Map<?, ?> deployment = (Map<?, ?>) stacksolo.ok("status", "--json").jsonObject().get("deployment");
        assertThat(deployment.get("status")).isEqualTo("failed");
        assertThat((String) deployment.get("error")).startsWith("interrupted");
    }

    @Test
    void aHolderExitsOnItsOwnWhenItsDeploymentIsFinishedElsewhere() throws Exception {
        Held held = hold();
        Thread.sleep(300);
        assertThat(lockInStatus()).containsEntry("lockId", held.id()).containsEntry("pid", (int) held.process().pid());

        stacksolo.ok("deployment", "finish", held.id(), "--status", "succeeded");

        assertThat(held.process().waitFor(20, TimeUnit.SECONDS)).as("the holder exits").isTrue();
        assertThat(held.process().exitValue()).isZero();
        assertThat(Files.readString(held.stderr())).contains("succeeded; the lock is released");
        assertThat(lockInStatus()).isNull();
        assertThat(((Map<?, ?>) stacksolo.ok("status", "--json").jsonObject().get("project")).get("status"))
                .isEqualTo("deployed");
    }

    @Test
    void aLiveLockIsBrokenOnlyWithItsIdAndTheBrokenDeployCanNoLongerWrite() {
        String id = stacksolo.ok("deployment", "start").stdout().trim();

        StackSoloProcess.Result withoutId = stacksolo.run("unlock", "webapp");
        StackSoloProcess.Result wrongId = stacksolo.run("unlock", "webapp", "--lock-id", "0000");
        assertThat(withoutId.exitCode()).isEqualTo(1);
        assertThat(withoutId.stderr()).contains("still holds the lock").contains("--lock-id " + id);
        assertThat(wrongId.exitCode()).isEqualTo(1);
        assertThat(wrongId.stderr()).contains("has id " + id + ", not 0000");
        assertThat(lockInStatus()).containsEntry("lockId", id);

        StackSoloProcess.Result forced = stacksolo.run("unlock", "webapp", "--lock-id", id);
        StackSoloProcess.Result lateOutputs = stacksolo.run("outputs", "set", "@webapp/main/web", "url=https://late",
                "--deployment", id);
        StackSoloProcess.Result lateFinish = stacksolo.run("deployment", "finish", id, "--status", "succeeded");

        assertThat(forced.exitCode()).isZero();
        assertThat(forced.stdout()).contains("its lock was live, broken with its id");
        assertThat(lateOutputs.exitCode()).isEqualTo(1);
        assertThat(lateOutputs.stderr()).contains("deployment " + id + " is no longer running").contains("lock broken by");
        assertThat(lateFinish.exitCode()).isEqualTo(1);
        assertThat(lateFinish.stderr()).contains("already finished (failed");
        List<Map<String, Object>> resources = castList(stacksolo.cwd(home).ok("list", "webapp", "--json").jsonObject().get("resources"));
        assertThat(resources).filteredOn(r -> "web".equals(r.get("name"))).singleElement()
                .satisfies(api -> assertThat(api.get("outputs")).isNull());
    }

    @Test
    void outputsWrittenOnBehalfOfARunningDeployAreRecordedAndPublishedWhenItFinishes() {
        String id = stacksolo.ok("deployment", "start").stdout().trim();

        stacksolo.ok("outputs", "set", "@webapp/main/web", "url=https://api.example.com", "--deployment", id);

        StackSoloProcess.Result before = stacksolo.run("output", "@webapp/main/web.url");
        assertThat(before.exitCode()).isEqualTo(1);
        assertThat(before.stderr()).contains("has no outputs yet");
        assertThat(stacksolo.ok("output", "@webapp/main/web.url", "--live").stdout()).isEqualTo("https://api.example.com\n");
        stacksolo.ok("deployment", "finish", id, "--status", "succeeded");
        assertThat(stacksolo.ok("output", "@webapp/main/web.url").stdout()).isEqualTo("https://api.example.com\n");
    }

    @Test
    void unlockingWhatIsNotLockedOrABadLeaseSaysWhatIsWrong() {
        StackSoloProcess.Result notLocked = stacksolo.run("unlock", "webapp");
        StackSoloProcess.Result unknown = stacksolo.run("unlock", "nobody");
        StackSoloProcess.Result badLease = stacksolo.run("deployment", "start", "--lease", "soon");

        assertThat(notLocked.exitCode()).isEqualTo(1);
        assertThat(notLocked.stderr()).contains("'webapp' is not locked");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("nobody").contains("stacksolo list");
        assertThat(badLease.exitCode()).isEqualTo(2);
        assertThat(badLease.stderr()).contains("'soon' is not a duration");
        assertThat(lockInStatus()).isNull();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object value) {
        return (List<Map<String, Object>>) value;
    }

    /**
     * The script of a deploy: {@code id=$(COMMAND)}, then it waits for the file {@code release}
     * (its "terraform apply") and exits without finishing the deployment.
     */
    private Process deployScript(String substitution, Path started) {
        String script = "id=$(" + substitution + ")\n"
                + "echo \"$id\" > " + started + ".tmp && mv " + started + ".tmp " + started + "\n"
                + "while [ ! -e " + home.resolve("release") + " ]; do sleep 0.1; done\n";
        return stacksolo.spawnScript(script, home.resolve("script-" + System.nanoTime() + ".out"));
    }

    private static String awaitId(Path started, Process script) throws Exception {
        for (int i = 0; i < 600 && !Files.exists(started); i++) {
            assertThat(script.isAlive()).as("the script is still running").isTrue();
            Thread.sleep(50);
        }
        return Files.readString(started).trim();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"stacksolo deployment start",
        "stacksolo deployment start | cat", "stacksolo deployment start 2>&1 | tail -n 1 || true"})
    void aScriptThatRanDeploymentStartHoldsTheLockUntilItExitsThoughItsSubshellIsGone(String substitution)
            throws Exception {
        Path started = home.resolve("started-" + System.nanoTime());
        Process script = deployScript(substitution, started);
        String id = awaitId(started, script);
        assertThat(id).matches("[0-9a-f-]{36}");

        StackSoloProcess.Result whileRunning = stacksolo.run("unlock", "webapp");

        assertThat(whileRunning.exitCode()).as(whileRunning.stderr()).isEqualTo(1);
        assertThat(whileRunning.stderr()).contains("still holds the lock").contains("process " + script.pid());
        Map<String, Object> lock = lockInStatus();
        assertThat(lock).containsEntry("lockId", id).containsEntry("stale", false);
        assertThat(((Number) lock.get("pid")).longValue()).as("the holder is the script").isEqualTo(script.pid());

        Files.createFile(home.resolve("release"));
        assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
        StackSoloProcess.Result afterExit = stacksolo.run("unlock", "webapp");

        assertThat(afterExit.exitCode()).as(afterExit.stderr()).isZero();
        assertThat(afterExit.stdout()).contains("Unlocked webapp").contains(id);
        assertThat(stacksolo.cwd(home).ok("history", "webapp", "--json").jsonArray()).singleElement()
                .satisfies(d -> assertThat(castMap(d)).containsEntry("status", "failed"));
    }

    @Test
    void aHoldHolderOnThisHostWhoseClockIsThreeHoursBehindIsNotStale() throws Exception {
        Held held = hold();
        try {
            // what a holder whose clock runs 3 h behind records: every stamp 3 h in the past, its
            // lease long expired by this clock
            String past = java.time.Instant.now().minus(java.time.Duration.ofHours(3)).toString();
            sql("UPDATE deployment_locks SET acquired_at = '" + past + "', heartbeat_at = '" + past
                    + "', expires_at = '" + past + "', holder_started_at = '" + past + "'");

            StackSoloProcess.Result unlock = stacksolo.run("unlock", "webapp");
            StackSoloProcess.Result second = stacksolo.run("deployment", "start");

            assertThat(unlock.exitCode()).as(unlock.stderr()).isEqualTo(1);
            assertThat(unlock.stderr()).contains("still holds the lock");
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.stderr()).contains("is running").doesNotContain("looks gone");
            assertThat(lockInStatus()).containsEntry("stale", false);
        } finally {
            held.process().destroy();
            held.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void sql(String... statements) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + stacksolo.defaultRegistry());
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
