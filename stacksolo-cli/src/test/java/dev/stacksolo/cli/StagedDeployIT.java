package dev.stacksolo.cli;

import dev.stacksolo.cli.PostgresSchemas.Backend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.db.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A deploy's writes appear together, with the real {@code bin/stacksolo}, on a SQLite file and on a
 * PostgreSQL schema: {@code outputs set --deployment} stages, {@code output} and {@code list} show
 * the published values (and {@code output --live} the staged ones), a plain {@code outputs set} is
 * refused naming the deployment, and a {@code deployment start --hold} killed with SIGKILL, then
 * {@code unlock}, publishes every write at once while a reader in another process samples
 * {@code list --json} all along.
 */
class StagedDeployIT {


    @TempDir
    Path home;

    StackSoloProcess stacksolo;

    @BeforeEach
    void runner() {
        stacksolo = StackSoloProcess.in(home);
    }

    @RegisterExtension
    final PostgresSchemas postgres = new PostgresSchemas();

    /** Points the runner at a fresh registry on {@code backend}. */
    private void use(Backend backend) {
        postgres.use(backend, stacksolo);
    }

    /** The web container's url and the database's host, as one {@code list webapp --json} shows them. */
    @SuppressWarnings("unchecked")
    private static String generation(String listJson) throws Exception {
        List<Map<String, Object>> resources = (List<Map<String, Object>>) Json.readObject(listJson).get("resources");
        String url = null;
        String connection = null;
        for (Map<String, Object> resource : resources) {
            Map<String, Object> outputs = (Map<String, Object>) resource.get("outputs");
            if ("web".equals(resource.get("name"))) {
                url = String.valueOf(outputs.get("url"));
            } else {
                connection = String.valueOf(outputs.get("connectionString"));
            }
        }
        String web = url.endsWith("-old") ? "old" : url.endsWith("-new") ? "new" : url;
        String db = connection.contains("@db-old/") ? "old" : connection.contains("@db-new/") ? "new" : connection;
        return web.equals(db) ? web : "mixed (web " + web + ", db " + db + ")";
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPreviewAnotherProjectsDeployAndUnregisterCannotWriteAroundADeploy(Backend backend) throws Exception {
        use(backend);
        Path webapp = stacksolo.project("webapp", "webapp-with-db.json");
        Path site = stacksolo.project("site", "static-site.json");
        stacksolo.cwd(webapp).ok("sync");
        stacksolo.cwd(site).ok("sync");
        stacksolo.ok("outputs", "set", "@webapp/main/web", "url=https://web-old", "region=eu");

        // a preview deploys nothing: it takes no lock, and what it staged would land over a real deploy's outputs
        String preview = stacksolo.cwd(webapp).ok("deployment", "start", "--action", "preview").stdout().trim();
        StackSoloProcess.Result fromPreview = stacksolo.run("outputs", "set", "@webapp/main/web", "url=https://preview",
                "--deployment", preview);
        assertThat(fromPreview.exitCode()).isEqualTo(1);
        assertThat(fromPreview.stderr()).contains("deployment " + preview + " is a preview, which deploys nothing")
                .contains("nothing was changed");
        String deploy = stacksolo.cwd(webapp).ok("deployment", "start").stdout().trim();
        stacksolo.ok("outputs", "set", "@webapp/main/web", "region=us", "--deployment", deploy);

        // another project's deployment: said so, not "resource not found"
        String siteDeploy = stacksolo.cwd(site).ok("deployment", "start").stdout().trim();
        StackSoloProcess.Result foreign = stacksolo.run("outputs", "set", "@webapp/main/web", "url=https://foreign",
                "--deployment", siteDeploy);
        assertThat(foreign.exitCode()).isEqualTo(1);
        String siteName = (String) stacksolo.ok("list", "--json").jsonArray().stream()
                .filter(p -> !"webapp".equals(p.get("name"))).findFirst().orElseThrow().get("name");
        assertThat(foreign.stderr()).contains("deploys project '" + siteName + "', not 'webapp'");

        // unregister while a deploy holds the lock: refused, the deployment and its staged writes stay
        StackSoloProcess.Result unregister = stacksolo.run("unregister", "webapp", "--yes", "--force");
        assertThat(unregister.exitCode()).isEqualTo(1);
        assertThat(unregister.stderr()).contains("deployment " + deploy).contains("nothing was changed");

        stacksolo.ok("deployment", "finish", preview, "--status", "failed");
        stacksolo.ok("deployment", "finish", deploy, "--status", "succeeded");
        assertThat(stacksolo.ok("output", "@webapp/main/web.url", "@webapp/main/web.region").stdout())
                .isEqualTo("https://web-old\nus\n");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHeldDeployKilledWithSigkillThenUnlockedPublishesEveryWriteAtOnce(Backend backend) throws Exception {
        use(backend);
        Path project = stacksolo.project("webapp", "webapp-with-db.json");
        stacksolo.cwd(project).ok("sync");
        stacksolo.ok("outputs", "set", "@webapp/main/web", "url=https://web-old");
        stacksolo.ok("outputs", "set", "@webapp/main/main", "connectionString=postgresql://app:s3cret@db-old/app");

        // a reader in another process: `list --json` again and again, each sample in its own file
        Path samples = Files.createDirectory(home.resolve("samples"));
        Path stop = home.resolve("stop");
        Process reader = stacksolo.spawnScript(home.resolve("reader.log"), "i=0; while [ ! -e " + stop
                + " ]; do stacksolo list webapp --json > " + samples + "/s.$i || exit 1; i=$((i+1)); done");

        Path holdErr = home.resolve("hold.err");
        Process hold = stacksolo.spawn(holdErr, "deployment", "start", "--hold");
        String id = new BufferedReader(new InputStreamReader(hold.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(id).as("the id printed by --hold (stderr: %s)", holdErr).matches("[0-9a-f-]{36}");

        StackSoloProcess.Result staged = stacksolo.run("outputs", "set", "@webapp/main/web", "url=https://web-new",
                "--deployment", id);
        stacksolo.ok("outputs", "set", "@webapp/main/main", "connectionString=postgresql://app:s3cret@db-new/app",
                "--deployment", id);
        assertThat(staged.exitCode()).isZero();
        assertThat(staged.stdout()).startsWith("Staged 1 output of webapp/main/web: url (deployment " + id);

        // readers: the published values; --live: the staged ones
        assertThat(stacksolo.ok("output", "@webapp/main/web.url").stdout()).isEqualTo("https://web-old\n");
        assertThat(stacksolo.ok("output", "--live", "@webapp/main/web.url").stdout()).isEqualTo("https://web-new\n");
        assertThat(stacksolo.ok("output", "@webapp/main/main", "--live").stdout())
                .isEqualTo("postgresql://app:s3cret@db-new/app\n");
        assertThat(generation(stacksolo.ok("list", "webapp", "--json").stdout())).isEqualTo("old");

        // a plain write is refused, naming the deployment and what to do; nothing changes
        StackSoloProcess.Result plain = stacksolo.run("outputs", "set", "@webapp/main/web", "url=https://web-plain");
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.stdout()).isEmpty();
        assertThat(plain.stderr()).startsWith("error: project 'webapp' is being deployed: deployment " + id)
                .contains("started ").contains("by " + System.getProperty("user.name") + "@")
                .contains("--deployment " + id).contains("stacksolo unlock webapp").contains("nothing was changed")
                .doesNotContain("\tat ");
        assertThat(stacksolo.ok("output", "--live", "@webapp/main/web.url").stdout()).isEqualTo("https://web-new\n");

        hold.destroyForcibly(); // SIGKILL: no hook runs
        hold.waitFor(10, TimeUnit.SECONDS);
        assertThat(stacksolo.ok("output", "@webapp/main/web.url").stdout())
                .as("a killed deploy publishes nothing by itself").isEqualTo("https://web-old\n");
        awaitSamples(samples, 2, reader);
        int beforeUnlock = count(samples);

        StackSoloProcess.Result unlocked = stacksolo.run("unlock", "webapp");
        assertThat(unlocked.exitCode()).as("unlock: %s", unlocked).isZero();

        assertThat(stacksolo.ok("output", "@webapp/main/web.url").stdout()).isEqualTo("https://web-new\n");
        assertThat(stacksolo.ok("output", "@webapp/main/main").stdout()).isEqualTo("postgresql://app:s3cret@db-new/app\n");
        awaitSamples(samples, beforeUnlock + 2, reader);
        Files.createFile(stop);
        assertThat(reader.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(reader.exitValue()).as("reader: %s", Files.readString(home.resolve("reader.log"))).isZero();

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < count(samples); i++) {
            seen.add(generation(Files.readString(samples.resolve("s." + i))));
        }
        System.out.println("list --json sampled by another process on " + backend + " during a held deploy, its kill"
                + " and unlock: " + seen);
        assertThat(seen).as("every sample all old or all new, old first then new").doesNotContain("mixed")
                .allMatch(g -> g.equals("old") || g.equals("new"));
        assertThat(seen.get(0)).isEqualTo("old");
        assertThat(seen.get(seen.size() - 1)).isEqualTo("new");
        assertThat(String.join(",", seen)).as("never back to old once new").doesNotContain("new,old");
        assertThat(stacksolo.ok("history", "webapp", "--json").jsonArray()).singleElement()
                .satisfies(d -> assertThat(d.get("status")).isEqualTo("failed"));
    }

    @org.junit.jupiter.api.Test
    void outputLiveReadsSeveralReferencesAndJsonAndTheEndPublishesThemAsTheDeploymentsVersions() {
        Path project = stacksolo.project("webapp", "webapp-with-db.json");
        stacksolo.cwd(project).ok("sync");
        stacksolo.ok("outputs", "set", "@webapp/main/web", "url=https://web-old");
        stacksolo.ok("outputs", "set", "@webapp/main/main", "connectionString=postgresql://app:s3cret@db-old/app");
        String id = stacksolo.ok("deployment", "start").stdout().trim();
        stacksolo.ok("outputs", "set", "@webapp/main/web", "url=https://web-new", "--deployment", id);

        // several references: each from what the deploy staged where it staged something
        assertThat(stacksolo.ok("output", "@webapp/main/web.url", "@webapp/main/main").stdout())
                .isEqualTo("https://web-old\npostgresql://app:s3cret@db-old/app\n");
        assertThat(stacksolo.ok("output", "--live", "@webapp/main/web.url", "@webapp/main/main").stdout())
                .isEqualTo("https://web-new\npostgresql://app:s3cret@db-old/app\n");
        assertThat(stacksolo.ok("output", "--live", "--json", "@webapp/main/web.url", "@webapp/main/main").jsonObject())
                .containsEntry("@webapp/main/web.url", "https://web-new")
                .containsEntry("@webapp/main/main", "postgresql://app:s3cret@db-old/app");
        assertThat(stacksolo.ok("output", "--live", "--json", "@webapp/main/web.url").jsonObject())
                .containsEntry("value", "https://web-new");
        assertThat(stacksolo.ok("outputs", "history", "@webapp/main/web", "--json").jsonArray())
                .as("nothing versioned while staged").hasSize(1);
        assertThat(stacksolo.ok("status").stdout())
                .contains("It wrote the outputs of 1 resource, shown above only when it ends");
        assertThat(stacksolo.ok("status", "--json").jsonObject().get("lock"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("stagedResources", 1);

        // a past value and a running deployment's are two questions
        StackSoloProcess.Result both = stacksolo.run("output", "--live", "--at", id, "@webapp/main/web.url");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stdout()).isEmpty();
        assertThat(both.stderr()).contains("--at reads a past value and --live a running deployment's: give one of them")
                .doesNotContain("\tat ");

        stacksolo.ok("deployment", "finish", id, "--status", "succeeded");

        assertThat(stacksolo.ok("output", "@webapp/main/web.url").stdout()).isEqualTo("https://web-new\n");
        assertThat(stacksolo.ok("output", "@webapp/main/web.url", "--at", id).stdout()).isEqualTo("https://web-new\n");
        assertThat(stacksolo.ok("outputs", "history", "@webapp/main/web", "--json").jsonArray()).first()
                .satisfies(version -> assertThat(version.get("deploymentId")).isEqualTo(id));
    }

    private static int count(Path samples) throws Exception {
        try (var files = Files.list(samples)) {
            return (int) files.count() - 1; // the newest may still be being written
        }
    }

    private static void awaitSamples(Path samples, int atLeast, Process reader) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (count(samples) < atLeast) {
            assertThat(reader.isAlive()).as("the reader keeps sampling").isTrue();
            assertThat(System.nanoTime()).as("%d samples within 2 minutes", atLeast).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
