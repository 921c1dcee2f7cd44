package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team roles of docs/team-registry.md on a real PostgreSQL, each used by a real login
 * ({@code ?user=ROLE} in the URL): the SQL of {@code stacksolo registry grants} applied, then
 * the admin migrates, the deployer deploys, and the reader reads what it may and nothing else.
 * The roles come from {@code .ci/run} ({@code STACKSOLO_TEST_POSTGRES_ROLES=reader,deployer,admin});
 * without it, the test makes its own, unique to the run, and drops them.
 */
class TeamRolesIT {

    private static final String SECRET = "hunter2-in-config";
    private static final String OUTPUT_SECRET = "s3cret-output-pw";

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    String schema;
    String reader;
    String deployer;
    String admin;
    boolean ownRoles;
    String base;

    @BeforeEach
    void rolesAndASchema() throws SQLException {
        stacksolo = StackSoloProcess.in(home);
        String suffix = ProcessHandle.current().pid() + "_" + System.nanoTime();
        schema = "roles_it_" + suffix;
        Optional<String> given = Optional.ofNullable(System.getenv("STACKSOLO_TEST_POSTGRES_ROLES"))
                .filter(r -> !r.isBlank());
        String[] names = given.map(r -> r.split(",")).orElse(new String[] {
            "ss_reader_" + suffix, "ss_deployer_" + suffix, "ss_admin_" + suffix});
        reader = names[0];
        deployer = names[1];
        admin = names[2];
        ownRoles = given.isEmpty();
        String url = PostgresSchemas.URL;
        base = url.substring(0, url.indexOf('?') < 0 ? url.length() : url.indexOf('?'));
        try (Connection superuser = DriverManager.getConnection(url); Statement sql = superuser.createStatement()) {
            if (ownRoles) {
                for (String role : names) {
                    sql.execute("CREATE ROLE " + role + " LOGIN");
                }
            }
            sql.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + admin);
        }
    }

    @AfterEach
    void dropThem() throws SQLException {
        try (Connection superuser = DriverManager.getConnection(PostgresSchemas.URL);
                Statement sql = superuser.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            if (ownRoles) {
                for (String role : List.of(reader, deployer, admin)) {
                    sql.execute("DROP OWNED BY " + role);
                    sql.execute("DROP ROLE " + role);
                }
            }
        }
    }

    /** The registry URL as {@code role} logs in. */
    private String as(String role) {
        return base + "?user=" + role + "&currentSchema=" + schema;
    }

    private void asSuperuser(String statements) throws SQLException {
        try (Connection superuser = DriverManager.getConnection(PostgresSchemas.URL);
                Statement sql = superuser.createStatement()) {
            sql.execute(statements);
        }
    }

    private List<String> everyStoredText() throws SQLException {
        List<String> texts = new ArrayList<>();
        try (Connection superuser = DriverManager.getConnection(PostgresSchemas.URL);
                Statement sql = superuser.createStatement();
                ResultSet rows = sql.executeQuery("SELECT coalesce(s.args, '') || ' ' || coalesce(e.data, '')"
                        + " FROM " + schema + ".sessions s LEFT JOIN " + schema + ".events e ON e.session_id = s.id")) {
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
        }
        return texts;
    }

    /** Runs a command as the admin, which creates or migrates the schema; checks the version it recorded. */
    private void migrateAsAdmin() throws SQLException {
        StackSoloProcess.Result list = stacksolo.cwd(home).run("--registry", as(admin), "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        try (Connection asAdmin = DriverManager.getConnection(as(admin)); Statement sql = asAdmin.createStatement();
                ResultSet version = sql.executeQuery("SELECT max(version) FROM stacksolo_schema")) {
            version.next();
            assertThat(version.getInt(1)).isEqualTo(dev.stacksolo.registry.db.Schema.CURRENT_VERSION);
        }
    }

    private void grants() throws SQLException {
        StackSoloProcess.Result printed = stacksolo.ok("registry", "grants", "--schema", schema, "--reader", reader,
                "--deployer", deployer, "--admin", admin);
        asSuperuser(printed.stdout());
    }

    private Path projectWithASecretInItsConfig() {
        return stacksolo.projectWithConfig("webapp", """
                {"project": {"name": "webapp", "region": "us-central1", "gcpProjectId": "my-project",
                  "networks": [{"name": "main",
                    "containers": [{"name": "web", "image": "gcr.io/p/web", "env": {"STATIC_DB_PASSWORD": "%s"}}],
                    "databases": [{"name": "main", "databaseVersion": "POSTGRES_15"}]}]}}
                """.formatted(SECRET));
    }

    @Test
    void adminMigratesDeployerDeploysReaderReadsOnlyWhatItMay() throws Exception {
        // admin: creates and migrates the schema it owns
        migrateAsAdmin();
        grants();

        // deployer: everything a deploy does
        Path project = projectWithASecretInItsConfig();
        stacksolo.cwd(project).ok("--registry", as(deployer), "sync");
        stacksolo.ok("--registry", as(deployer), "outputs", "set", "@webapp/main/main",
                "connectionString=postgresql://app:" + OUTPUT_SECRET + "@10.0.0.5/app", "password=" + OUTPUT_SECRET,
                "host=10.0.0.5");
        stacksolo.ok("--registry", as(deployer), "outputs", "set", "@webapp/main/web", "url=https://web.example");
        String id = stacksolo.ok("--registry", as(deployer), "deployment", "start").stdout().trim();
        stacksolo.ok("--registry", as(deployer), "deployment", "finish", id, "--status", "succeeded");
        String failedId = stacksolo.ok("--registry", as(deployer), "deployment", "start", "--log",
                "/tmp/log?password=" + OUTPUT_SECRET).stdout().trim();
        stacksolo.ok("--registry", as(deployer), "deployment", "finish", failedId, "--status", "failed", "--error",
                "https://u:" + OUTPUT_SECRET + "@h failed; DB_PASSWORD=" + OUTPUT_SECRET);
        assertThat(stacksolo.ok("--registry", as(deployer), "output", "@webapp/main/main.password").stdout())
                .isEqualTo(OUTPUT_SECRET + "\n");

        // reader: lists, reads non-sensitive outputs, history, graph, events
        StackSoloProcess.Result list = stacksolo.cwd(home).ok("--registry", as(reader), "list");
        assertThat(list.stdout()).contains("webapp");
        StackSoloProcess.Result details = stacksolo.ok("--registry", as(reader), "list", "webapp", "--json",
                "--show-secrets");
        assertThat(details.stdout()).contains("https://web.example").contains("10.0.0.5")
                .doesNotContain(OUTPUT_SECRET).doesNotContain(SECRET);
        assertThat(stacksolo.ok("--registry", as(reader), "output", "@webapp/main/web").stdout())
                .isEqualTo("https://web.example\n");
        assertThat(stacksolo.ok("--registry", as(reader), "output", "@webapp/main/main.host").stdout())
                .isEqualTo("10.0.0.5\n");
        assertThat(stacksolo.ok("--registry", as(reader), "history", "webapp").stdout()).contains("succeeded");
        assertThat(stacksolo.ok("--registry", as(reader), "history", "webapp", "--json", "--show-secrets").stdout())
                .contains("https://u:****@h failed; DB_PASSWORD=****").doesNotContain(OUTPUT_SECRET);
        stacksolo.ok("--registry", as(reader), "graph");
        stacksolo.ok("--registry", as(reader), "events", "list");

        // reader: a sensitive output is refused, whole or inside a URL
        for (String reference : List.of("@webapp/main/main.password", "@webapp/main/main")) {
            StackSoloProcess.Result refused = stacksolo.run("--registry", as(reader), "output", reference);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.stderr()).contains(reference + " is a sensitive value").contains(reader)
                    .contains("deployer role").doesNotContain(OUTPUT_SECRET);
            assertThat(refused.stdout()).isEmpty();
        }

        // reader: the output history's values are the deployer's (old values may hold secrets)
        for (String[] command : List.of(new String[] {"outputs", "history", "@webapp/main/main"},
                new String[] {"output", "@webapp/main/web", "--at", id}, new String[] {"outputs", "diff", "webapp"})) {
            List<String> args = new java.util.ArrayList<>(List.of("--registry", as(reader)));
            args.addAll(List.of(command));
            StackSoloProcess.Result refused = stacksolo.run(args.toArray(String[]::new));
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.stderr()).contains("needs the deployer role").contains(reader)
                    .doesNotContain(OUTPUT_SECRET);
        }
        assertThat(stacksolo.ok("--registry", as(deployer), "outputs", "history", "@webapp/main/main").stdout())
                .contains("password=****").doesNotContain(OUTPUT_SECRET);

        // reader: no client can read the secrets either
        try (Connection asReader = DriverManager.getConnection(as(reader)); Statement sql = asReader.createStatement()) {
            for (String query : List.of("SELECT outputs FROM resources", "SELECT config FROM resources",
                    "SELECT config_snapshot FROM deployments", "SELECT outputs FROM output_versions",
                    // the config's plain sha256: a dictionary attack finds a password in the config
                    "SELECT config_hash FROM projects", "SELECT config_hash FROM sessions", "SELECT * FROM projects")) {
                assertThatThrownBy(() -> sql.executeQuery(query).close()).as(query)
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
        }

        // reader: stacksolo reads without the config hashes, the deployer with them
        assertThat(stacksolo.cwd(home).ok("--registry", as(reader), "list", "--json").jsonArray())
                .isNotEmpty().allSatisfy(p -> assertThat(p).containsEntry("configHash", null));
        assertThat(stacksolo.ok("--registry", as(reader), "events", "list", "--json").jsonArray())
                .isNotEmpty().allSatisfy(session -> assertThat(session).containsEntry("configHash", null));
        assertThat(stacksolo.ok("--registry", as(deployer), "list", "--json").jsonArray())
                .anySatisfy(p -> assertThat(p.get("configHash")).isNotNull());

        // reader: every column it may SELECT that holds free text is stored masked
        try (Connection asReader = DriverManager.getConnection(as(reader)); Statement sql = asReader.createStatement();
                ResultSet rows = sql.executeQuery("SELECT coalesce(d.error, '') || ' ' || coalesce(d.log_path, '')"
                        + " || ' ' || (SELECT string_agg(coalesce(args, ''), ' ') FROM sessions) FROM deployments d")) {
            while (rows.next()) {
                assertThat(rows.getString(1)).doesNotContain(OUTPUT_SECRET).doesNotContain(SECRET);
            }
        }

        // reader: writes refused, with what to do, and nothing written
        List<StackSoloProcess.Result> writes = List.of(
                stacksolo.cwd(project).run("--registry", as(reader), "sync"),
                stacksolo.cwd(home).run("--registry", as(reader), "outputs", "set", "@webapp/main/web", "url=x"),
                stacksolo.run("--registry", as(reader), "unregister", "webapp", "-y"));
        for (StackSoloProcess.Result write : writes) {
            assertThat(write.exitCode()).as(write.toString()).isEqualTo(1);
            assertThat(write.stderr()).as(write.toString()).contains("the role " + reader + " lacks a privilege")
                    .contains("stacksolo registry grants").doesNotContain(SECRET).doesNotContain("\tat ");
        }
        assertThat(stacksolo.ok("--registry", as(reader), "output", "@webapp/main/web").stdout())
                .isEqualTo("https://web.example\n");

        // staleness: the deployer records and compares keyed hashes; the reader may not read the key
        Path site = stacksolo.projectWithConfig("site", "{\"project\": {\"name\": \"site\", \"gcpProjectId\":"
                + " \"gcp-site\", \"region\": \"us-central1\", \"networks\": [{\"name\": \"main\", \"containers\":"
                + " [{\"name\": \"cdn\", \"env\": {\"ORIGIN\": \"@webapp/main/web.url\"}}]}]}}");
        stacksolo.cwd(site).ok("--registry", as(deployer), "sync");
        String siteDeploy = stacksolo.cwd(site).ok("--registry", as(deployer), "deployment", "start").stdout().trim();
        stacksolo.cwd(site).ok("--registry", as(deployer), "deployment", "finish", siteDeploy, "--status", "succeeded");
        assertThat(stacksolo.run("--registry", as(deployer), "stale", "--check").exitCode()).isZero();
        stacksolo.cwd(home).ok("--registry", as(deployer), "outputs", "set", "@webapp/main/web", "url=https://web2.example");
        StackSoloProcess.Result deployerStale = stacksolo.run("--registry", as(deployer), "stale", "--check");
        assertThat(deployerStale.exitCode()).as(deployerStale.toString()).isEqualTo(1);
        assertThat(deployerStale.stdout()).contains("1. site").contains("@webapp/main/web.url  changed");
        StackSoloProcess.Result readerStale = stacksolo.run("--registry", as(reader), "stale");
        assertThat(readerStale.exitCode()).as(readerStale.toString()).isEqualTo(1);
        assertThat(readerStale.stderr()).contains("the role " + reader + " may not read output values")
                .contains("as a deployer").doesNotContain("\tat ");
        assertThat(stacksolo.cwd(site).ok("--registry", as(reader), "status").stdout()).doesNotContain("stale:");
        assertThat(stacksolo.ok("--registry", as(reader), "graph").stdout()).doesNotContain("[stale]");
        try (Connection asReader = DriverManager.getConnection(as(reader)); Statement sql = asReader.createStatement()) {
            assertThatThrownBy(() -> sql.executeQuery("SELECT secret FROM registry_keys").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM reference_baselines")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }

        // a running deploy's staged writes: the reader sees which resources it wrote, never the values
        String staging = stacksolo.cwd(project).ok("--registry", as(deployer), "deployment", "start")
                .stdout().trim();
        stacksolo.ok("--registry", as(deployer), "outputs", "set", "@webapp/main/web", "url=https://web3.example",
                "--deployment", staging);
        assertThat(stacksolo.ok("--registry", as(deployer), "output", "@webapp/main/web.url", "--live").stdout())
                .isEqualTo("https://web3.example\n");
        assertThat(stacksolo.ok("--registry", as(reader), "output", "@webapp/main/web.url").stdout())
                .isEqualTo("https://web2.example\n");
        StackSoloProcess.Result readerLive = stacksolo.run("--registry", as(reader), "output", "@webapp/main/web.url", "--live");
        assertThat(readerLive.exitCode()).as(readerLive.toString()).isEqualTo(1);
        assertThat(readerLive.stdout()).doesNotContain("web3");
        assertThat(readerLive.stderr()).contains("the role " + reader + " may not read output values")
                .contains("as a deployer").doesNotContain("web3").doesNotContain("\tat ");
        try (Connection asReader = DriverManager.getConnection(as(reader)); Statement sql = asReader.createStatement()) {
            assertThatThrownBy(() -> sql.executeQuery("SELECT outputs FROM staged_outputs").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            try (ResultSet rows = sql.executeQuery("SELECT count(resource_id) FROM staged_outputs")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
        stacksolo.ok("--registry", as(deployer), "deployment", "finish", staging, "--status", "succeeded");
        assertThat(stacksolo.ok("--registry", as(reader), "output", "@webapp/main/web.url").stdout())
                .isEqualTo("https://web3.example\n");
    }

    @Test
    void aDeployerCannotMigrateAndAFailedStatementKeepsTheConfigSecretOutOfTheLog() throws Exception {
        migrateAsAdmin();
        grants();
        Path project = projectWithASecretInItsConfig();
        // the old docs' broken writer: no write on resource_counts, so sync's INSERT of resources fails
        asSuperuser("REVOKE INSERT, UPDATE, DELETE ON " + schema + ".resource_counts FROM " + deployer);

        StackSoloProcess.Result sync = stacksolo.cwd(project).run("--registry", as(deployer), "sync");

        assertThat(sync.exitCode()).as(sync.toString()).isEqualTo(1);
        assertThat(sync.stderr()).contains("the role " + deployer + " lacks a privilege")
                .contains("resource_counts").contains("stacksolo registry grants").doesNotContain(SECRET);
        assertThat(everyStoredText()).noneMatch(text -> text.contains(SECRET));

        // the schema is the admin's: a deployer opening an older one is told to ask for the admin
        asSuperuser("UPDATE " + schema + ".stacksolo_schema SET version = version - 1");
        StackSoloProcess.Result old = stacksolo.cwd(home).run("--registry", as(deployer), "list");
        assertThat(old.exitCode()).isEqualTo(1);
        assertThat(old.stderr()).contains("the role " + deployer + " may not change the schema")
                .contains("as the admin role");
        migrateAsAdmin();
        assertThat(stacksolo.run("--registry", as(deployer), "list").exitCode()).isZero();
    }
}
