package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 from the command line: rows another tool wrote badly, unknown data in a migration. */
class DataIntegrityIT {

    @TempDir
    Path home;

    StackSoloProcess stacksolo;

    @BeforeEach
    void twoProjects() {
        stacksolo = StackSoloProcess.in(home);
        stacksolo.cwd(stacksolo.project("shared-infra", "shared-infra.json")).ok("sync");
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("sync");
        stacksolo.cwd(home);
    }

    private void sql(Path registry, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + registry);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Test
    void aGarbageTimestampHidesOnlyItsProjectInListAndDoctorNamesIt() throws Exception {
        sql(stacksolo.defaultRegistry(), "UPDATE projects SET last_deployed_at = 'garbage' WHERE name = 'webapp'");

        StackSoloProcess.Result list = stacksolo.run("list");
        StackSoloProcess.Result doctor = stacksolo.run("doctor");

        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.stdout()).contains("shared-infra").doesNotContain("webapp");
        assertThat(list.stderr()).contains("project webapp (projects row ").contains("last_deployed_at: 'garbage'")
                .doesNotContain("\tat ");
        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(doctor.stdout()).contains("row(s) that listings cannot show").contains("project webapp");
    }

    @Test
    void aResourceRowThatCannotBeReadIsNamedByProjectNetworkAndName() throws Exception {
        sql(stacksolo.defaultRegistry(), "UPDATE resources SET status = 'exploded' WHERE name = 'users-db'");

        StackSoloProcess.Result list = stacksolo.run("list", "shared-infra");

        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.stderr()).contains("resource shared-infra/main/users-db (resources row ");
    }

    @Test
    void migrateOfARegistryWithAnUnknownColumnAndTableIsRefusedNamingThemAndCopiesNothing() throws Exception {
        sql(stacksolo.defaultRegistry(), "ALTER TABLE resources ADD COLUMN cost_center TEXT",
                "CREATE TABLE audit_trail (id TEXT PRIMARY KEY, note TEXT)");
        Path target = home.resolve("target.db");

        StackSoloProcess.Result migrate = stacksolo.run("registry", "migrate", "--to", target.toString());
        StackSoloProcess.Result export = stacksolo.run("registry", "export");

        assertThat(migrate.exitCode()).isEqualTo(1);
        assertThat(migrate.stderr()).contains("column resources.cost_center").contains("table audit_trail")
                .contains("nothing was copied");
        assertThat(migrate.stdout()).doesNotContain("Verified");
        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.stdout()).isEmpty();
        List<Map<String, Object>> projects = stacksolo.ok("--registry", target.toString(), "list", "--json").jsonArray();
        assertThat(projects).isEmpty();
    }

    @Test
    void importingAnExportIntoAUsedRegistryKeepsBothAndMigrateOverwriteVerifiesBeforeCommitting() throws Exception {
        Path other = home.resolve("other.db");
        Path otherProject = stacksolo.project("api", "api.json");
        stacksolo.env("STACKSOLO_REGISTRY_PATH", other.toString());
        stacksolo.cwd(otherProject).ok("sync");
        stacksolo.cwd(home).ok("outputs", "set", "@api/main/api", "url=https://api.example.com");
        Path exported = home.resolve("other.json");
        assertThat(stacksolo.run("registry", "export", "-o", exported.toString()).exitCode()).isZero(); // says where on stderr
        stacksolo.env("STACKSOLO_REGISTRY_PATH", null);

        StackSoloProcess.Result imported = stacksolo.run("registry", "import", exported.toString());

        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        List<Map<String, Object>> projects = stacksolo.ok("list", "--json").jsonArray();
        assertThat(projects).extracting(p -> p.get("name")).containsExactlyInAnyOrder("api", "shared-infra", "webapp");
        assertThat(stacksolo.ok("output", "@api/main/api").stdout()).isEqualTo("https://api.example.com\n");
        List<Map<String, Object>> sessions = stacksolo.ok("events", "list", "--json").jsonArray();
        assertThat(sessions).extracting(s -> s.get("command")).contains("sync", "outputs set", "registry import");

        // the other registry moves on meanwhile: its own session, and a changed value of a shared row
        stacksolo.env("STACKSOLO_REGISTRY_PATH", other.toString());
        stacksolo.ok("outputs", "set", "@api/main/api", "url=https://changed.example.com");
        stacksolo.env("STACKSOLO_REGISTRY_PATH", null);
        StackSoloProcess.Result refused = stacksolo.run("registry", "migrate", "--to", other.toString());
        StackSoloProcess.Result migrate = stacksolo.run("registry", "migrate", "--to", other.toString(), "--overwrite");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("--overwrite");
        assertThat(migrate.exitCode()).as(migrate.stderr()).isZero();
        assertThat(migrate.stdout()).contains("Verified before committing").contains("of its own");
        assertThat(stacksolo.ok("--registry", other.toString(), "output", "@api/main/api").stdout())
                .isEqualTo("https://api.example.com\n");
        assertThat(stacksolo.ok("--registry", other.toString(), "list", "--json").jsonArray()).hasSize(3);
    }
}
