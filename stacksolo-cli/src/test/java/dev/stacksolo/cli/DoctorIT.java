package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.db.Schema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stacksolo doctor [--fix]} and the bad input it finds: rows other tools broke, files open to
 * other users, schema versions; plus what opening such a registry says.
 */
class DoctorIT {

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    Path registry;

    @BeforeEach
    void aProject() {
        stacksolo = StackSoloProcess.in(home);
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("sync");
        registry = stacksolo.defaultRegistry();
    }

    private void sql(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + registry);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aHealthyRegistryPassesEveryCheck() {
        StackSoloProcess.Result result = stacksolo.ok("doctor");

        assertThat(result.stdout()).contains("Registry " + registry).contains("ok       schema version " + Schema.CURRENT_VERSION + " (current)")
                .contains("ok       integrity check: ok").contains("ok       foreign key check: ok")
                .contains("ok       orphan rows: none").contains("ok       JSON columns: all valid")
                .contains("ok       resource counts: in step")
                .contains("ok       running deployments: none stale").contains("ok       permissions")
                .endsWith("No problems found.\n");
    }

    @Test
    void resourceCountsOutOfStepAreFoundAndCountedAgain() throws Exception {
        Object counted = stacksolo.ok("list", "--json").jsonArray().get(0).get("resourceCount");
        sql("UPDATE resource_counts SET n = 42");
        assertThat(stacksolo.ok("list", "--json").jsonArray().get(0).get("resourceCount")).isEqualTo(42);

        StackSoloProcess.Result check = stacksolo.run("doctor");

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stdout()).contains("PROBLEM  resource counts: 1 project(s) listed with a resource count")
                .contains("--fix: count the resources of every project again");

        StackSoloProcess.Result fixed = stacksolo.ok("doctor", "--fix");

        assertThat(fixed.stdout()).contains("fixed    counted the resources of every project again")
                .contains("ok       resource counts: in step");
        assertThat(stacksolo.ok("list", "--json").jsonArray().get(0).get("resourceCount")).isEqualTo(counted);
        assertThat(counted).isNotEqualTo(42).isNotEqualTo(0);
    }

    @Test
    void doctorExplainsEachProblemAndFixDoesOnlyWhatIsSafe() throws Exception {
        sql("INSERT INTO resources (id, project_id, type, name, resource_type, config, status, created_at, updated_at)"
                        + " VALUES ('orphan-1', 'gone-project', 'bucket', 'lost', 'gcp:bucket', '{}', 'pending',"
                        + " '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
                "UPDATE resources SET outputs = '{broken' WHERE name = 'web'");
        Files.setPosixFilePermissions(registry, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(registry.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        StackSoloProcess.Result check = stacksolo.run("doctor");

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stderr()).contains("can be read by other users").contains("stacksolo doctor --fix");
        assertThat(check.stdout())
                .contains("PROBLEM  foreign key check: 1 row(s) refer to missing rows")
                .contains("PROBLEM  orphan rows: 1 resources row(s) whose project is gone")
                .containsPattern("PROBLEM  JSON columns that are not JSON objects: resource [a-z0-9-]+/([a-z0-9-]+/)?web \\(resources row [0-9a-f-]+, outputs\\)")
                .contains("--fix: leaves it (nothing safe to do automatically)")
                .contains("PROBLEM  " + registry + " is open to other users (rw-r--r--)")
                .contains("PROBLEM  " + registry.getParent() + " is open to other users (rwxr-xr-x)")
                .contains("means: other users can read the registry, with its connection strings and passwords")
                .contains("problems found. Run `stacksolo doctor --fix`");

        StackSoloProcess.Result fixed = stacksolo.run("doctor", "--fix");

        assertThat(fixed.exitCode()).as("invalid JSON is left for the user").isEqualTo(1);
        assertThat(fixed.stdout()).contains("fixed    deleted 1 orphan resources row(s)")
                .contains("fixed    made " + registry + " private (rw-------)")
                .contains("ok       orphan rows: none").contains("ok       foreign key check: ok")
                .contains("PROBLEM  JSON columns").doesNotContain("open to other users");
        assertThat(mode(registry)).isEqualTo("rw-------");
        assertThat(mode(registry.getParent())).isEqualTo("rwx------");
        StackSoloProcess.Result listing = stacksolo.cwd(home).run("list", "webapp");
        assertThat(listing.exitCode()).isEqualTo(1);
        assertThat(listing.stdout()).contains("main").contains("database").doesNotContain("web ");
        assertThat(listing.stderr()).contains("error: skipped a row: resource webapp/main/web (resources row").contains("unreadable outputs")
                .contains("stacksolo doctor");
    }

    @Test
    void anUnreadableRowIsNamedMaskedByListListOfAProjectDoctorAndDoctorJson() throws Exception {
        sql("UPDATE projects SET last_deployed_at = 'redis://:SEKRETv2ts@h'");

        List<StackSoloProcess.Result> views = List.of(stacksolo.cwd(home).run("list"), stacksolo.run("list", "--json"),
                stacksolo.run("list", "webapp"), stacksolo.run("doctor"), stacksolo.run("doctor", "--json"));

        for (StackSoloProcess.Result view : views) {
            assertThat(view.stdout() + view.stderr()).as(view.toString()).doesNotContain("SEKRETv2ts")
                    .contains("unreadable last_deployed_at");
            assertThat(view.exitCode()).as(view.toString()).isEqualTo(1);
        }
        assertThat(views.get(3).stdout()).contains("redis://:****@h");
    }

    @Test
    void theRegistryAndItsWalAndShmStayPrivateWhateverTheUmask() throws Exception {
        Path fresh = home.resolve("open-umask").resolve("registry.db");
        stacksolo.umask("000").env("STACKSOLO_REGISTRY_PATH", fresh.toString()).ok("register");
        Process holder = stacksolo.spawn(home.resolve("hold.err"), "deployment", "start", "--hold");
        try {
            String id = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(id).isNotNull();
            Path wal = fresh.resolveSibling("registry.db-wal");
            Path shm = fresh.resolveSibling("registry.db-shm");
            assertThat(wal).exists();
            assertThat(shm).exists();

            assertThat(mode(fresh)).isEqualTo("rw-------");
            assertThat(mode(wal)).isEqualTo("rw-------");
            assertThat(mode(shm)).isEqualTo("rw-------");
            assertThat(mode(fresh.getParent())).isEqualTo("rwx------");
        } finally {
            holder.destroy();
            holder.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRegistryOfANewerSchemaIsReadButNeverWritten() throws Exception {
        sql("PRAGMA user_version = 99");
        byte[] before = Files.readAllBytes(registry);

        StackSoloProcess.Result list = stacksolo.cwd(home).run("list");
        StackSoloProcess.Result sync = stacksolo.cwd(home.resolve("webapp")).run("sync");
        StackSoloProcess.Result doctor = stacksolo.run("doctor");

        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout()).contains("webapp");
        assertThat(list.stderr()).contains("schema version 99").contains("read-only").contains("Upgrade stacksolo");
        assertThat(sync.exitCode()).isEqualTo(1);
        assertThat(sync.stderr()).contains("read-only").doesNotContain("\tat ");
        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(doctor.stdout()).contains("PROBLEM  schema version 99, newer than this stacksolo knows (" + Schema.CURRENT_VERSION + ")");
        assertThat(Files.readAllBytes(registry)).isEqualTo(before);
    }

    @Test
    void anOlderRegistryIsCopiedBesideItselfBeforeItsSchemaIsMigratedAndTheCopyIsNamed() throws Exception {
        sql("DROP TABLE deployment_locks", "DROP TABLE project_references", "PRAGMA user_version = 1");

        StackSoloProcess.Result list = stacksolo.cwd(home).run("list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.stderr()).startsWith("note: the registry was copied to " + registry + ".backup-v1-")
                .contains("before its schema was migrated from version 1 to " + Schema.CURRENT_VERSION);
        String copy = list.stderr().substring("note: the registry was copied to ".length()).split(" ")[0];
        assertThat(Path.of(copy)).exists();
        assertThat(mode(Path.of(copy))).isEqualTo("rw-------");
        assertThat(stacksolo.ok("doctor").stdout()).contains("schema version " + Schema.CURRENT_VERSION + " (current)");
    }

    @Test
    void aDamagedFileIsNamedAsDamagedAndDoctorStillReportsWhatItCan() throws Exception {
        sql("UPDATE resources SET outputs = '{\"blob\": \"" + "x".repeat(60_000) + "\"}' WHERE name = 'web'");
        byte[] bytes = Files.readAllBytes(registry);
        assertThat(bytes.length).isGreaterThan(6 * 4096);
        for (int i = 2 * 4096; i < 6 * 4096; i++) {
            bytes[i] = 0x5a; // pages 3 to 6: the tables' rows, not the schema on page 1
        }
        Files.write(registry, bytes);

        StackSoloProcess.Result list = stacksolo.cwd(home).run("list", "webapp");
        StackSoloProcess.Result doctor = stacksolo.run("doctor");

        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.stderr()).startsWith("error: the registry " + registry + " is damaged")
                .contains("stacksolo doctor").doesNotContain("\tat ");
        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(doctor.stdout()).contains("PROBLEM  integrity check:").contains("the file is damaged")
                .contains("ok       permissions");
    }

    @Test
    void aRegistryPathWhoseFolderIsAFileSaysSo() throws Exception {
        Path notAFolder = Files.writeString(home.resolve("plain-file"), "x");

        StackSoloProcess.Result result = stacksolo.run("--registry", notAFolder.resolve("registry.db").toString(), "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("error: cannot create the registry " + notAFolder.resolve("registry.db")
                + ": " + notAFolder + " is a file, not a folder; set STACKSOLO_REGISTRY_PATH (or --registry) to a path"
                + " in a writable folder\n");
    }
}
