package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deployment start/finish} around a deploy, and {@code history}. */
class DeploymentsIT {

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    Path webapp;

    @BeforeEach
    void aProject() {
        stacksolo = StackSoloProcess.in(home);
        webapp = stacksolo.project("webapp", "webapp-with-db.json");
        stacksolo.cwd(webapp).ok("sync");
    }

    @Test
    void startPrintsOnlyTheIdAndMarksTheProjectDeploying() {
        StackSoloProcess.Result started = stacksolo.ok("deployment", "start", "--log", "/tmp/deploy.log");

        assertThat(started.stdout()).matches("[0-9a-f-]{36}\n");
        Map<String, Object> status = stacksolo.ok("status", "--json").jsonObject();
        assertThat(((Map<?, ?>) status.get("project")).get("status")).isEqualTo("deploying");
        Map<?, ?> deployment = (Map<?, ?>) status.get("deployment");
        assertThat(deployment.get("id")).isEqualTo(started.stdout().trim());
        assertThat(deployment.get("action")).isEqualTo("deploy");
        assertThat(deployment.get("logPath")).isEqualTo("/tmp/deploy.log");
        assertThat(deployment.get("configSnapshot")).isInstanceOf(Map.class);
    }

    @Test
    void finishSucceededMarksTheProjectDeployed() {
        String id = stacksolo.ok("deployment", "start").stdout().trim();

        StackSoloProcess.Result finished = stacksolo.ok("deployment", "finish", id, "--status", "succeeded");

        assertThat(finished.stdout()).contains(id).contains("succeeded");
        Map<String, Object> status = stacksolo.ok("status", "--json").jsonObject();
        assertThat(((Map<?, ?>) status.get("project")).get("status")).isEqualTo("deployed");
        assertThat(((Map<?, ?>) status.get("project")).get("lastDeployedAt")).isNotNull();
        assertThat(((Map<?, ?>) status.get("deployment")).get("completedAt")).isNotNull();
    }

    @Test
    void finishFailedRecordsTheError() {
        String id = stacksolo.ok("deployment", "start", "--action", "destroy").stdout().trim();

        stacksolo.ok("deployment", "finish", id, "--status", "failed", "--error", "quota exceeded");

        Map<?, ?> deployment = (Map<?, ?>) stacksolo.ok("status", "--json").jsonObject().get("deployment");
        assertThat(deployment.get("status")).isEqualTo("failed");
        assertThat(deployment.get("action")).isEqualTo("destroy");
        assertThat(deployment.get("error")).isEqualTo("quota exceeded");
    }

    @Test
    void finishingTwiceOrAnUnknownIdFailsAndUsageErrorsExitTwo() {
        String id = stacksolo.ok("deployment", "start").stdout().trim();
        stacksolo.ok("deployment", "finish", id, "--status", "succeeded");

        StackSoloProcess.Result twice = stacksolo.run("deployment", "finish", id, "--status", "failed");
        StackSoloProcess.Result unknown = stacksolo.run("deployment", "finish", "no-such-id", "--status", "failed");
        StackSoloProcess.Result badStatus = stacksolo.run("deployment", "finish", id, "--status", "done");
        StackSoloProcess.Result badAction = stacksolo.run("deployment", "start", "--action", "apply");

        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.stderr()).contains("already finished");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("no-such-id");
        assertThat(badStatus.exitCode()).isEqualTo(2);
        assertThat(badStatus.stderr()).contains("succeeded").contains("failed");
        assertThat(badAction.exitCode()).isEqualTo(2);
        assertThat(badAction.stderr()).contains("deploy, destroy, preview");
    }

    @Test
    void historyListsDeploymentsNewestFirst() {
        String first = stacksolo.ok("deployment", "start").stdout().trim();
        stacksolo.ok("deployment", "finish", first, "--status", "failed", "--error", "boom");
        String second = stacksolo.ok("deployment", "start", "--action", "preview").stdout().trim();
        stacksolo.ok("deployment", "finish", second, "--status", "succeeded");

        StackSoloProcess.Result table = stacksolo.cwd(home).ok("history", "webapp");
        List<Map<String, Object>> json = stacksolo.cwd(home).ok("history", "webapp", "--json").jsonArray();
        List<Map<String, Object>> latest = stacksolo.cwd(home).ok("history", "webapp", "-n", "1", "--json").jsonArray();

        List<String> lines = table.stdout().lines().toList();
        assertThat(lines.get(0)).contains("ACTION").contains("STATUS").contains("STARTED").contains("DURATION")
                .contains("ERROR");
        assertThat(lines.get(1)).contains("preview").contains("succeeded");
        assertThat(lines.get(2)).contains("deploy").contains("failed").contains("boom");
        assertThat(json).extracting(d -> d.get("id")).containsExactly(second, first);
        assertThat(json.get(0).keySet()).containsAll(ListAndStatusIT.DEPLOYMENT_KEYS);
        assertThat(latest).extracting(d -> d.get("id")).containsExactly(second);
    }

    @Test
    void historyOfAnUnknownProjectOrABadLimitFails() {
        StackSoloProcess.Result unknown = stacksolo.run("history", "nobody");
        StackSoloProcess.Result badLimit = stacksolo.run("history", "webapp", "-n", "0");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("nobody").contains("stacksolo list");
        assertThat(badLimit.exitCode()).isEqualTo(2);
        assertThat(badLimit.stderr()).contains("--limit").contains("'0' is not a count").contains("at least 1");
    }
}
