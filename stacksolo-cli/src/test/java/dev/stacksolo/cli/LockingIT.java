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
    void outputsWrittenOnBehalfOfARunningDeployAreRecorded() {
        String id = stacksolo.ok("deployment", "start").stdout().trim();

        stacksolo.ok("outputs", "set", "@webapp/main/web", "url=https://api.example.com", "--deployment", id);

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
}
