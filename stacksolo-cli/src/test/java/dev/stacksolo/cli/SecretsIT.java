package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets never leave the registry unmasked: a project whose outputs, config and deployment error
 * hold one secret of each shape {@code Secrets} knows, shown by every view with and without
 * {@code --show-secrets}; the whole event log and an export's summary scanned for every secret used
 * in the session; terminal controls escaped; unparseable text never echoed. On SQLite and PostgreSQL.
 */
class SecretsIT {

    static final String POSTGRES = PostgresSchemas.URL;

    // one secret of each shape; each is a distinct string to search for
    static final String URL_PASSWORD = "Pa/ss@w0rd:9";
    static final String JDBC_PASSWORD = "JdbcPw7777";
    static final String ADO_PASSWORD = "AdoPw8888";
    static final String PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw";
    static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String GITHUB_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    static final String CLIENT_SECRET = "client-secret-1234";
    static final String DB_PASS = "db-pass-5678";
    static final String AUTH_STRING = "auth-string-9012";
    static final String MARKED = "https://marked.example.com/k3y";
    static final String TERRAFORM_SENSITIVE = "tf-sensitive-7777";
    static final String SECRET_RESOURCE_VALUE = "secret-resource-value-31";
    static final String CONFIG_PASSWORD = "CfgPw5151";
    static final String CONFIG_URL_PASSWORD = "CfgUrl5252";
    static final String ERROR_PGPASSWORD = "ErrPw4242";
    static final String ERROR_URL_PASSWORD = "ErrUrl4343";
    static final String REGISTRY_PASSWORD = "RegPw6161";
    static final String SECRET_CONFIG_VALUE = "SecretCfgVal7171";
    static final String ERROR_HEADER_CREDENTIAL = "O33_LEAK";
    static final String LOG_PASSWORD = "LogPw8181";
    // a URL password holding both quotes, <>, a backslash and an @, and one holding spaces: searched for
    // piece by piece, since JSON escapes a quote and a backslash
    static final List<String> QUOTED_URL_PIECES = List.of("QuotePw1", "QuotePw2", "QuotePw3", "QuotePw4");
    static final String QUOTED_URL_PASSWORD = "QuotePw1'QuotePw2\"QuotePw3<x>\\@QuotePw4";
    static final List<String> SPACED_URL_PIECES = List.of("SpacePw1", "SpacePw2");
    static final String SPACED_URL_PASSWORD = "SpacePw1 SpacePw2";

    static final List<String> OUTPUT_SECRETS;
    static final List<String> ALL_SECRETS;

    static {
        List<String> outputs = new ArrayList<>(List.of(URL_PASSWORD, JDBC_PASSWORD, ADO_PASSWORD, PEM_BODY, JWT,
                AWS_KEY, GITHUB_TOKEN, CLIENT_SECRET, DB_PASS, AUTH_STRING, MARKED, TERRAFORM_SENSITIVE));
        outputs.addAll(QUOTED_URL_PIECES);
        outputs.addAll(SPACED_URL_PIECES);
        OUTPUT_SECRETS = List.copyOf(outputs);
        List<String> all = new ArrayList<>(OUTPUT_SECRETS);
        all.addAll(List.of(SECRET_RESOURCE_VALUE, CONFIG_PASSWORD, CONFIG_URL_PASSWORD, ERROR_PGPASSWORD,
                ERROR_URL_PASSWORD, REGISTRY_PASSWORD,
                SECRET_CONFIG_VALUE, ERROR_HEADER_CREDENTIAL, LOG_PASSWORD));
        ALL_SECRETS = List.copyOf(all);
    }

    static final String CONFIG = """
            {"project": {"name": "secure", "region": "us-central1", "gcpProjectId": "acme-secure",
              "secrets": [{"name": "jwt-secret", "value": "%s"}],
              "networks": [{"name": "main",
                "databases": [{"name": "users-db", "databaseVersion": "POSTGRES_15"}],
                "containers": [{"name": "api", "env": {"STATIC_DB_PASSWORD": "%s",
                  "DATABASE_URL": "postgresql://app:%s@10.0.0.9/users"}}]}]}}
            """.formatted(SECRET_CONFIG_VALUE, CONFIG_PASSWORD, CONFIG_URL_PASSWORD);

    static final String CONSUMER = """
            {"project": {"name": "consumer", "region": "us-central1", "gcpProjectId": "acme-consumer",
              "networks": [{"name": "main", "containers": [{"name": "web", "env": {
                "DB": "@secure/main/users-db.connectionString", "MARKED": "@secure/main/users-db.apiUrl",
                "JDBC": "@secure/main/users-db.jdbcUrl"}}]}]}}
            """;

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    String schema;

    @AfterEach
    void dropSchema() throws SQLException {
        if (schema != null) {
            try (Connection connection = DriverManager.getConnection(POSTGRES);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** The runner, on the default SQLite file or on a fresh PostgreSQL schema (password in its URL). */
    private void on(String backend) {
        stacksolo = StackSoloProcess.in(home);
        if (backend.equals("postgres")) {
            schema = "secrets_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            try (Connection connection = DriverManager.getConnection(POSTGRES);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                if ("1".equals(System.getenv("STACKSOLO_TEST_POSTGRES_REQUIRED"))) {
                    throw new AssertionError("PostgreSQL required but unreachable at " + POSTGRES, e);
                }
                schema = null;
                Assumptions.abort("no PostgreSQL at " + POSTGRES);
            }
            stacksolo.env("STACKSOLO_REGISTRY_URL", POSTGRES + "&password=" + REGISTRY_PASSWORD + "&currentSchema=" + schema);
        }
    }

    /** A session of commands that puts every secret into the registry; returns the deployment id. */
    private String session() throws Exception {
        Path secure = stacksolo.projectWithConfig("secure", CONFIG);
        stacksolo.cwd(secure).ok("sync");
        String deployment = stacksolo.ok("deployment", "start", "--log", "/tmp/log?password=" + LOG_PASSWORD)
                .stdout().trim();
        stacksolo.cwd(home).ok("outputs", "set", "@secure/main/users-db",
                "connectionString=postgresql://app:" + URL_PASSWORD + "@10.0.0.5:5432/users",
                "jdbcUrl=jdbc:postgresql://10.0.0.5/users?user=app&password=" + JDBC_PASSWORD + "&ssl=true",
                "adoConnection=Server=tcp:10.0.0.5,1433;User Id=app;Password=" + ADO_PASSWORD + ";Encrypt=true",
                "bundle=-----BEGIN PRIVATE KEY-----\n" + PEM_BODY + "\n-----END PRIVATE KEY-----",
                "session=" + JWT, "awsId=" + AWS_KEY, "ci=" + GITHUB_TOKEN, "clientSecret=" + CLIENT_SECRET,
                "db_pass=" + DB_PASS, "auth_string=" + AUTH_STRING, "apiUrl=" + MARKED, "--sensitive", "apiUrl",
                "quotedUrl=mysql://app:" + QUOTED_URL_PASSWORD + "@10.0.0.6:3306/app",
                "spacedUrl=redis://:" + SPACED_URL_PASSWORD + "@10.0.0.7:6379/0",
                "--deployment", deployment);
        Path terraform = home.resolve("tf.json");
        Files.writeString(terraform, "{\"adminEndpoint\": {\"value\": \"" + TERRAFORM_SENSITIVE
                + "\", \"type\": \"string\", \"sensitive\": true}, \"region\": {\"value\": \"us-central1\","
                + " \"type\": \"string\", \"sensitive\": false}}");
        // on behalf of the running deploy (a plain write is refused while it holds the lock): staged,
        // then published by its finish, failed as it is
        stacksolo.ok("outputs", "set", "@secure/main/api", "--from", terraform.toString(), "--deployment", deployment);
        stacksolo.ok("outputs", "set", "@secure/jwt-secret", "value=" + SECRET_RESOURCE_VALUE, "secretId=jwt",
                "--deployment", deployment);
        if (schema != null) {
            // the registry's URL, with its password, on the command line (logged as the session's arguments)
            stacksolo.ok("--registry", POSTGRES + "&password=" + REGISTRY_PASSWORD + "&currentSchema=" + schema,
                    "outputs", "set", "@secure/main/api", "replicas=2", "--deployment", deployment);
        }
        stacksolo.cwd(secure).ok("deployment", "finish", deployment, "--status", "failed", "--error",
                // a URL, an assignment and a header credential in one argument: every rule applies
                "psql failed: postgresql://app:" + ERROR_URL_PASSWORD + "@h/db; PGPASSWORD=" + ERROR_PGPASSWORD
                        + "; Authorization: Basic " + ERROR_HEADER_CREDENTIAL);
        stacksolo.cwd(stacksolo.projectWithConfig("consumer", CONSUMER)).ok("sync");
        return deployment;
    }

    private static void assertNoSecret(String view, StackSoloProcess.Result result) {
        assertThat(result.exitCode()).as(view + "\n" + result).isZero();
        for (String secret : ALL_SECRETS) {
            assertThat(result.stdout() + result.stderr()).as(view + " shows " + secret).doesNotContain(secret);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void noViewShowsASecretUnlessAskedAndTheLogHoldsNone(String backend) throws Exception {
        on(backend);
        session();
        Path secure = home.resolve("secure");
        Path consumer = home.resolve("consumer");

        List<String[]> views = List.of(new String[] {"list"}, new String[] {"list", "--json"},
                new String[] {"list", "secure"}, new String[] {"list", "secure", "--json"},
                new String[] {"history", "secure"}, new String[] {"history", "secure", "--json"},
                new String[] {"events", "list"}, new String[] {"events", "list", "--json", "-n", "100"},
                new String[] {"graph"}, new String[] {"graph", "--format", "json"},
                new String[] {"outputs", "history", "@secure/main/users-db"},
                new String[] {"outputs", "history", "@secure/main/users-db", "--json"},
                new String[] {"outputs", "diff", "secure"}, new String[] {"outputs", "diff", "secure", "--json"});
        for (String[] view : views) {
            assertNoSecret(String.join(" ", view), stacksolo.cwd(home).run(view));
        }
        for (String[] view : List.of(new String[] {"status"}, new String[] {"status", "--json"})) {
            assertNoSecret(String.join(" ", view), stacksolo.cwd(secure).run(view));
        }
        for (String[] view : List.of(new String[] {"refs"}, new String[] {"refs", "--json"})) {
            assertNoSecret(String.join(" ", view), stacksolo.cwd(consumer).run(view));
        }
        for (Map<String, Object> session : stacksolo.cwd(home).ok("events", "list", "--json", "-n", "100").jsonArray()) {
            String id = (String) session.get("id");
            assertNoSecret("events show " + id, stacksolo.run("events", "show", id));
            assertNoSecret("events show --json " + id, stacksolo.run("events", "show", id, "--json"));
        }
        StackSoloProcess.Result exported = stacksolo.run("registry", "export", "-o", home.resolve("export.json").toString());
        assertNoSecret("export summary", exported);

        // the whole event log, as stored (the export holds every row of sessions and events)
        Map<String, Object> tables = (Map<String, Object>) stacksolo.ok("registry", "export").jsonObject().get("tables");
        String log = String.valueOf(tables.get("sessions")) + tables.get("events");
        for (String secret : ALL_SECRETS) {
            assertThat(log).as("the event log holds " + secret).doesNotContain(secret);
        }
        assertThat(log).as("outputs set is logged with its keys only").contains("clientSecret=****")
                .contains("awsId=****").contains("session=****").contains("apiUrl");

        // how they are masked: marked values whole, detected ones in part
        Map<String, Object> listed = stacksolo.ok("list", "secure", "--json").jsonObject();
        Map<String, Object> db = resource(listed, "users-db");
        Map<String, Object> outputs = (Map<String, Object>) db.get("outputs");
        assertThat(outputs).containsEntry("apiUrl", "<sensitive>").containsEntry("clientSecret", "****")
                .containsEntry("connectionString", "postgresql://app:****@10.0.0.5:5432/users")
                .containsEntry("jdbcUrl", "jdbc:postgresql://10.0.0.5/users?user=app&password=****&ssl=true")
                .containsEntry("quotedUrl", "mysql://app:****@10.0.0.6:3306/app")
                .containsEntry("spacedUrl", "redis://:****@10.0.0.7:6379/0");
        assertThat((Map<String, Object>) resource(listed, "api").get("outputs"))
                .containsEntry("adminEndpoint", "<sensitive>").containsEntry("region", "us-central1");
        assertThat((Map<String, Object>) resource(listed, "jwt-secret").get("outputs"))
                .containsEntry("value", "<sensitive>").containsEntry("secretId", "<sensitive>");
        assertThat((Map<String, Object>) resource(listed, "jwt-secret").get("config"))
                .containsEntry("name", "jwt-secret").containsEntry("value", "<sensitive>");

        // asked for: shown; and output prints the value, its job
        String shown = stacksolo.ok("list", "secure", "--json", "--show-secrets").stdout()
                + stacksolo.cwd(secure).ok("status", "--json", "--show-secrets").stdout()
                + stacksolo.cwd(home).ok("history", "secure", "--json", "--show-secrets").stdout();
        for (String secret : List.of(URL_PASSWORD, JDBC_PASSWORD, CLIENT_SECRET, MARKED, TERRAFORM_SENSITIVE,
                SECRET_RESOURCE_VALUE, CONFIG_PASSWORD, SECRET_CONFIG_VALUE, "QuotePw4", "SpacePw2")) {
            assertThat(shown).as("--show-secrets shows " + secret).contains(secret);
        }
        // a deployment's error and log path are stored masked: not even --show-secrets has them back
        for (String secret : List.of(ERROR_PGPASSWORD, ERROR_URL_PASSWORD, ERROR_HEADER_CREDENTIAL, LOG_PASSWORD)) {
            assertThat(shown).as("--show-secrets shows " + secret).doesNotContain(secret);
        }
        assertThat(shown).contains("Authorization: Basic ****").contains("/tmp/log?password=****");
        assertThat(stacksolo.ok("output", "@secure/main/users-db.apiUrl").stdout()).isEqualTo(MARKED + "\n");
        assertThat(stacksolo.ok("output", "@secure/main/api.adminEndpoint").stdout()).isEqualTo(TERRAFORM_SENSITIVE + "\n");
    }

    /**
     * The shapes a hostile tester found stored or printed raw after 0.2.0, one of each, planted as
     * output values (shown by list and status), in a failed deployment's error, in the logged
     * arguments, and behind misspelt secret options; every output and the whole event log scanned.
     */
    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void theShapesFoundAfter020AreMaskedEverywhere(String backend) throws Exception {
        on(backend);
        Map<String, String> planted = new java.util.LinkedHashMap<>();
        planted.put("HsDock1", "docker login -u ci -p HsDock1 ghcr.io");
        planted.put("HsDock2", "docker login --password HsDock2 ghcr.io");
        planted.put("HsCurl1", "curl -fsS -u admin:HsCurl1 https://api.example.com/v1");
        planted.put("HsCurl2", "curl --user admin:HsCurl2 https://api.example.com/v1");
        planted.put("HsSql1", "sqlcmd -S db -U sa -P HsSql1 -Q 'select 1'");
        planted.put("HsRedis1", "redis-cli -h 10.0.0.7 -a HsRedis1 ping");
        planted.put("HsSsh1", "sshpass -p HsSsh1 ssh -p 2222 deploy@h");
        planted.put("HsMongo1", "mongo -u admin -p HsMongo1 h/admin");
        planted.put("HsMongo2", "mongosh -u admin -p HsMongo2 h/admin");
        planted.put("HsAz1", "az login -u me@example.com -p HsAz1");
        planted.put("HsGoDsn1", "root:HsGoDsn1@tcp(db.internal:3306)/app");
        planted.put("HsGoDsn2", "app:HsGoDsn2@unix(/var/run/mysqld/mysqld.sock)/app");
        planted.put("HsAmzSig1", "https://b.s3.amazonaws.com/k?X-Amz-Credential=HsAmzCred1%2F20240101&X-Amz-Security-Token="
                + "HsAmzTok1&X-Amz-SignedHeaders=host&X-Amz-Signature=HsAmzSig1");
        planted.put("HsGoogSig1", "https://storage.googleapis.com/b/o?X-Goog-Credential=HsGoogCred1&X-Goog-Signature=HsGoogSig1");
        planted.put("HsSas1", "https://a.blob.core.windows.net/c/b?sv=2022-11-02&sig=HsSas1&sp=r");
        planted.put("HsDiscord1abcdefghijklmnopqrstuvwxyz", "https://discord.com/api/webhooks/123456789012345678/"
                + "HsDiscord1abcdefghijklmnopqrstuvwxyz");
        planted.put("HsDiscord2abcdefghijklmnopqrstuvwxyz", "https://discordapp.com/api/webhooks/123456789012345678/"
                + "HsDiscord2abcdefghijklmnopqrstuvwxyz");
        planted.put("HsSlack1XXXXXXXXXXXXXXXX", "https://hooks.slack.com/services/T000/B000/HsSlack1XXXXXXXXXXXXXXXX");
        planted.put("shpat_0123456789abcdef0123456789abcdef", "shpat_0123456789abcdef0123456789abcdef");
        planted.put("shpss_1123456789abcdef0123456789abcdef", "shpss_1123456789abcdef0123456789abcdef");
        planted.put("shpca_2123456789abcdef0123456789abcdef", "shpca_2123456789abcdef0123456789abcdef");
        planted.put("github_pat_11HsGithubPat0123456789_abcdefghijklmnop", "github_pat_11HsGithubPat0123456789_abcdefghijklmnop");
        planted.put("gho_HsGho0123456789abcdefghijklmnopqrstu", "gho_HsGho0123456789abcdefghijklmnopqrstu");
        planted.put("glpat-HsGitlab0123456789abc", "glpat-HsGitlab0123456789abc");
        planted.put("rk_live_HsStripe0123456789", "rk_live_HsStripe0123456789");
        planted.put("xoxb-HsSlackBot012345", "xoxb-HsSlackBot012345");
        planted.put("npm_HsNpm0123456789abcdefghijklmnopqrstu", "npm_HsNpm0123456789abcdefghijklmnopqrstu");
        planted.put("pypi-AgEIcHlwaS5vcmcHsPypi0123456789abcdef", "pypi-AgEIcHlwaS5vcmcHsPypi0123456789abcdef");
        planted.put("SG.HsSendgrid012345.abcdefghijklmnopqrstuv", "SG.HsSendgrid012345.abcdefghijklmnopqrstuv");
        planted.put("AIzaHsGoogle0123456789abcdefghijklmnopq", "AIzaHsGoogle0123456789abcdefghijklmnopq");
        planted.put("HsAwsSecret0aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "AKIAIOSFODNN7EXAMPLE HsAwsSecret0aaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        planted.put("HsProse1", "The password is HsProse1");
        planted.put("HsProse2", "the password: HsProse2 was rejected");
        planted.put("HsProse3", "pw=HsProse3");
        planted.put("HsProse4", "passwd HsProse4");
        planted.put("HsGhUser1", "https://HsGhUser1:x-oauth-basic@github.com/o/r.git");
        planted.put("HsGhTok2", "https://x-access-token:HsGhTok2@github.com/o/r.git");
        planted.put("HsUrlPw1", "https://deploy:HsUrlPw1@git.example.com/r.git");
        List<String> secrets = new ArrayList<>(planted.keySet());
        secrets.addAll(List.of("HsAmzCred1", "HsAmzTok1", "HsGoogCred1", "AKIAIOSFODNN7EXAMPLE"));
        // the same shapes in a deployment's error, and a misspelt option's value on three usage errors
        String error = "deploy failed:\n" + String.join("\n", planted.values());
        List<String> errorSecrets = secrets.stream().map(secret -> secret.replace("Hs", "Er")).toList();
        error = error.replace("Hs", "Er");
        List<String> all = new ArrayList<>(secrets);
        all.addAll(errorSecrets);
        all.addAll(List.of("HsTypo1", "HsTypo2", "HsTypo3"));

        Path secure = plantInAFailedDeploy(planted.values(), Map.of(), error);

        List<StackSoloProcess.Result> typos = List.of(
                stacksolo.cwd(home).run("outputs", "set", "@secure/main/api", "--pasword=HsTypo1"),
                stacksolo.run("outputs", "set", "@secure/main/api", "-pHsTypo2"),
                stacksolo.run("outputs", "set", "@secure/main/api", "--pasword", "HsTypo3"));
        for (StackSoloProcess.Result typo : typos) {
            assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(2);
            assertThat(typo.stderr()).as(typo.toString()).contains("Unknown option").doesNotContain("HsTypo");
        }
        assertThat(typos.get(0).stderr()).contains("'--pasword=****'");
        assertThat(typos.get(1).stderr()).contains("'-p****'");

        List<StackSoloProcess.Result> shown = new ArrayList<>();
        for (String[] view : List.of(new String[] {"list"}, new String[] {"list", "--json"}, new String[] {"list", "secure"},
                new String[] {"list", "secure", "--json"}, new String[] {"history", "secure"},
                new String[] {"history", "secure", "--json"}, new String[] {"events", "list", "--json", "-n", "100"},
                new String[] {"outputs", "list", "@secure/main/users-db"},
                new String[] {"outputs", "list", "@secure/main/users-db", "--json"},
                new String[] {"outputs", "history", "@secure/main/users-db", "--json"},
                new String[] {"outputs", "diff", "secure", "--json"})) {
            shown.add(stacksolo.cwd(home).run(view));
        }
        shown.add(stacksolo.cwd(secure).run("status"));
        shown.add(stacksolo.cwd(secure).run("status", "--json"));
        for (Map<String, Object> session : stacksolo.cwd(home).ok("events", "list", "--json", "-n", "100").jsonArray()) {
            shown.add(stacksolo.run("events", "show", (String) session.get("id")));
            shown.add(stacksolo.run("events", "show", (String) session.get("id"), "--json"));
        }
        for (StackSoloProcess.Result result : shown) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
        assertNoneShows(shown, all);
        // the whole event log as stored (the export holds every row of sessions and events)
        String log = stored("sessions", "events");
        for (String secret : all) {
            assertThat(log).as("the event log holds " + secret).doesNotContain(secret);
        }
        assertThat(log).contains("docker login -u ci -p **** ghcr.io").contains("The password is ****");
        // the rest stays readable: what each shape is, and where
        Map<String, Object> outputs = (Map<String, Object>) resource(stacksolo.ok("list", "secure", "--json").jsonObject(),
                "users-db").get("outputs");
        assertThat(outputs).containsEntry("note1", "docker login -u ci -p **** ghcr.io")
                .containsEntry("note3", "curl -fsS -u admin:**** https://api.example.com/v1")
                .containsEntry("note11", "root:****@tcp(db.internal:3306)/app")
                .containsEntry("note16", "https://discord.com/api/webhooks/123456789012345678/****")
                .containsEntry("note32", "The password is ****")
                .containsEntry("note36", "https://****:x-oauth-basic@github.com/o/r.git")
                .containsEntry("note37", "https://x-access-token:****@github.com/o/r.git");
        String history = stacksolo.ok("history", "secure", "--json", "--show-secrets").stdout();
        assertThat(history).as("an error is stored masked").contains("sshpass -p **** ssh -p 2222 deploy@h")
                .contains("root:****@tcp(db.internal:3306)/app");
        for (String secret : errorSecrets) {
            assertThat(history).as("--show-secrets shows the error's " + secret).doesNotContain(secret);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    @SuppressWarnings("unchecked")
    void theShapesFoundAfter030AreMaskedEverywhere(String backend) throws Exception {
        on(backend);
        Map<String, String> planted = new java.util.LinkedHashMap<>();
        planted.put("TqDsn1", "root:TqDsn1@/app");
        planted.put("TqDsn2", "user:TqDsn2@/app?charset=utf8");
        planted.put("TqSsh1", "sshpass -e ssh h SSHPASS=TqSsh1");
        planted.put("TqAws1abcdefghijklmnopqrstuvwxyz01234567", "AKIAIOSFODNN7EXAMPLE\nTqAws1abcdefghijklmnopqrstuvwxyz01234567");
        planted.put("TqProse1", "password is\nTqProse1");
        planted.put("TqProse2", "password\u00a0is TqProse2");
        planted.put("TqDock1", "docker login -p\nTqDock1");
        planted.put("TqSig1aaaaaaaaaaaaaa", "https://x/cb?next=%2Fk%3FX-Amz-Signature%3DTqSig1aaaaaaaaaaaaaa");
        planted.put("TqPass1", "pass TqPass1");
        planted.put("TqApi1abc", "the api key is TqApi1abc");
        List<String> secrets = new ArrayList<>(planted.keySet());
        String error = "deploy failed:\n" + String.join("\n", planted.values()).replace("Tq", "Tr");
        List<String> all = new ArrayList<>(secrets);
        secrets.forEach(secret -> all.add(secret.replace("Tq", "Tr")));
        all.addAll(List.of("TqUser1", "TqUser2", "TqQuote1", "TqQuote2"));
        // where a secret is, not a secret: shown as it is
        Map<String, String> readable = new java.util.LinkedHashMap<>();
        readable.put("arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf");
        readable.put("fileNote", "PASSWORD_FILE=/run/secrets/db_password");
        readable.put("nameNote", "secretName=projects/my-project/secrets/db-pass");
        readable.put("nsswitch", "passwd: /etc/passwd");
        readable.put("PASSWORD_FILE", "/run/secrets/db_password");
        readable.put("secretName", "projects/my-project/secrets/db-pass");

        plantInAFailedDeploy(planted.values(), readable, error);

        // usage errors echo an unknown option whole: its user:password is masked as curl --user's is
        List<StackSoloProcess.Result> usage = List.of(stacksolo.cwd(home).run("list", "--user=bob:TqUser1"),
                stacksolo.run("list", "-u=bob:TqUser2"));
        for (StackSoloProcess.Result result : usage) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        }
        assertThat(usage.get(0).stderr()).contains("'--user=bob:****'");
        assertThat(usage.get(1).stderr()).contains("'-u=bob:****'");
        // a message quoting what was typed keeps its closing quote
        StackSoloProcess.Result noDeployment = stacksolo.run("output", "@secure/main/users-db.note1", "--at",
                "sshpass -p TqQuote1");
        assertThat(noDeployment.exitCode()).as(noDeployment.toString()).isEqualTo(1);
        assertThat(noDeployment.stderr()).contains("'sshpass -p ****'");
        StackSoloProcess.Result noProject = stacksolo.run("list", "docker login -p TqQuote2");
        assertThat(noProject.exitCode()).as(noProject.toString()).isNotZero();
        assertThat(noProject.stderr()).contains("'docker login -p ****'");

        List<StackSoloProcess.Result> shown = new ArrayList<>(usage);
        shown.add(noDeployment);
        shown.add(noProject);
        for (String[] view : List.of(new String[] {"list", "secure"}, new String[] {"list", "secure", "--json"},
                new String[] {"history", "secure"}, new String[] {"history", "secure", "--json"},
                new String[] {"history", "secure", "--json", "--show-secrets"},
                new String[] {"events", "list", "--json", "-n", "100"},
                new String[] {"outputs", "list", "@secure/main/users-db"},
                new String[] {"outputs", "list", "@secure/main/users-db", "--json"},
                new String[] {"outputs", "history", "@secure/main/users-db", "--json"})) {
            StackSoloProcess.Result result = stacksolo.cwd(home).run(view);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            shown.add(result);
        }
        assertNoneShows(shown, all);
        String log = stored("sessions", "events", "deployments");
        for (String secret : all) {
            assertThat(log).as("the registry holds " + secret).doesNotContain(secret);
        }
        Map<String, Object> outputs = (Map<String, Object>) resource(stacksolo.ok("list", "secure", "--json").jsonObject(),
                "users-db").get("outputs");
        assertThat(outputs).containsEntry("note1", "root:****@/app").containsEntry("note3", "sshpass -e ssh h SSHPASS=****")
                .containsEntry("note7", "docker login -p\n****").containsEntry("note9", "pass ****");
        readable.forEach((key, text) -> assertThat(outputs).containsEntry(key, text));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(Map<String, Object> listed, String name) {
        return ((List<Map<String, Object>>) listed.get("resources")).stream().filter(r -> name.equals(r.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no resource " + name + " in " + listed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void storedTerminalControlsAreShownEscaped(String backend) throws Exception {
        on(backend);
        Path secure = stacksolo.projectWithConfig("secure", CONFIG);
        stacksolo.cwd(secure).ok("sync");
        String deployment = stacksolo.ok("deployment", "start", "--log", "/tmp/log?password=" + LOG_PASSWORD)
                .stdout().trim();
        stacksolo.ok("deployment", "finish", deployment, "--status", "failed", "--error", "boom\u001b[2J\u0007");
        stacksolo.cwd(home).ok("outputs", "set", "@secure/main/api", "url=https://x\u001b]8;;http://evil\u001b\\\\y\u009b1m");
        // a key is a name: one holding terminal controls is refused as no KEY=VALUE
        assertThat(stacksolo.run("outputs", "set", "@secure/main/api", "k\u001b[31m=v").exitCode()).isEqualTo(2);

        List<StackSoloProcess.Result> shown = new ArrayList<>();
        for (String[] view : List.of(new String[] {"list", "secure"}, new String[] {"list", "secure", "--json"},
                new String[] {"history", "secure"}, new String[] {"history", "secure", "--json"},
                new String[] {"events", "show"}, new String[] {"events", "show", "--json"},
                new String[] {"events", "list"})) {
            shown.add(stacksolo.cwd(home).run(view));
        }
        shown.add(stacksolo.cwd(secure).run("status"));
        shown.add(stacksolo.cwd(secure).run("status", "--json"));
        for (StackSoloProcess.Result result : shown) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout() + result.stderr()).as(result.toString())
                    .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b");
        }
        assertThat(shown.get(0).stdout()).contains("https://x\\e]8;;http://evil\\e").contains("\\u009b1m");
        assertThat(shown.get(2).stdout()).contains("boom\\e[2J\\u0007");
        assertThat(shown.get(3).stdout()).contains("boom\\u001B[2J\\u0007");
        // output prints the value as it is: its consumer's business
        assertThat(stacksolo.ok("output", "@secure/main/api.url").stdout()).contains("\u001b]8;;");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void whatCannotBeParsedIsNeverEchoed(String backend) throws Exception {
        on(backend);
        Path secure = stacksolo.projectWithConfig("secure", CONFIG);
        stacksolo.cwd(secure).ok("sync");

        StackSoloProcess.Result fromFile = stacksolo.cwd(home).runWithInput("{\"url\": \"u\",\n \"password\": hunter2}",
                "outputs", "set", "@secure/main/api", "--from", "-");

        assertThat(fromFile.exitCode()).isEqualTo(1);
        assertThat(fromFile.stderr()).doesNotContain("hunter2").contains("line 2").contains("column")
                .contains("'password'");

        // a bare value is not echoed: its position is
        StackSoloProcess.Result bare = stacksolo.run("outputs", "set", "@secure/main/api", "url=x", "hunter2");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.stderr()).doesNotContain("hunter2").contains("value argument 2 is not KEY=VALUE");

        // Terraform's "sensitive" that is no boolean is refused by key, and nothing is written
        StackSoloProcess.Result yes = stacksolo.runWithInput("{\"adminPw\": {\"value\": \"hunter2\", \"type\": \"string\","
                + " \"sensitive\": \"yes\"}}", "outputs", "set", "@secure/main/api", "--from", "-");
        assertThat(yes.exitCode()).as(yes.toString()).isEqualTo(1);
        assertThat(yes.stderr()).contains("'adminPw'").contains("\"sensitive\"").doesNotContain("hunter2");
        assertThat(stacksolo.run("output", "@secure/main/api.adminPw").exitCode()).isNotZero();

        // the same text in a row another tool wrote
        stacksolo.ok("outputs", "set", "@secure/main/users-db", "connectionString=postgresql://h/db");
        String url = backend.equals("sqlite") ? "jdbc:sqlite:" + stacksolo.defaultRegistry()
                : POSTGRES + "&currentSchema=" + schema;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE resources SET outputs = '{\"password\": hunter2}' WHERE name = 'users-db'");
        }
        stacksolo.cwd(stacksolo.projectWithConfig("consumer", CONSUMER)).ok("sync");
        List<StackSoloProcess.Result> reads = List.of(stacksolo.cwd(home).run("list", "secure"),
                stacksolo.run("list", "secure", "--json"), stacksolo.run("output", "@secure/main/users-db.password"),
                stacksolo.run("output", "@secure/main/users-db"), stacksolo.cwd(home.resolve("consumer")).run("refs"));
        for (StackSoloProcess.Result read : reads) {
            assertThat(read.stdout() + read.stderr()).as(read.toString()).doesNotContain("hunter2");
        }
        assertThat(reads.get(0).exitCode()).isEqualTo(1);
        assertThat(reads.get(0).stderr()).contains("outputs").contains("line 1, column");
        assertThat(reads.get(2).exitCode()).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void debugStackTracesMaskTheMessagesOfEveryCause() {
        stacksolo = StackSoloProcess.in(home);
        // pgjdbc reads the user info as part of the host: the JDK's message names it, password and all
        StackSoloProcess.Result result = stacksolo.run("--debug", "--registry",
                "jdbc:postgresql://postgres:SEKRETv2dbg@127.0.0.1:5432/x", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).as(result.toString()).doesNotContain("SEKRETv2dbg");
        assertThat(result.stderr()).as(result.toString()).contains("\tat ").contains("postgres:****@127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aConnectionStringWithoutAKeyIsRefusedUnechoedAndAStoredKeyIsShownMasked(String backend) throws Exception {
        on(backend);
        Path secure = stacksolo.projectWithConfig("secure", CONFIG);
        stacksolo.cwd(secure).ok("sync");
        stacksolo.cwd(home).ok("outputs", "set", "@secure/main/api", "url=https://api.example.com");

        // a query's '=', a base64 password's '==', a '=' inside a password: none is a KEY=VALUE
        List<String> hostile = List.of("postgresql://app:SEKRETkeypw@h/db?sslmode=require",
                "postgresql://app:U0VLUkVUYmFzZTY0cGFzcw==@10.0.0.5/users", "https://user:SEKRETeq=tail@h/x",
                "U0VLUkVUYmFzZTY0cGFzcw==", "AKIAIOSFODNN7EXAMPLE=x");
        for (String argument : hostile) {
            StackSoloProcess.Result refused = stacksolo.run("outputs", "set", "@secure/main/api", "--type", "function",
                    "region=us", argument);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.stderr()).contains("value argument 2 is not KEY=VALUE")
                    .doesNotContain("SEKRET").doesNotContain("U0VLUk").doesNotContain("AKIAIOSFODNN7EXAMPLE");
        }
        // a --from document's key that looks secret is refused by its position, nothing written
        StackSoloProcess.Result fromKey = stacksolo.runWithInput("{\"url\": \"u\", \"postgresql://app:SEKRETkeypw@h/db?x\": 1}",
                "outputs", "set", "@secure/main/api", "--from", "-");
        assertThat(fromKey.exitCode()).as(fromKey.toString()).isEqualTo(1);
        assertThat(fromKey.stderr()).contains("key 2 of stdin").doesNotContain("SEKRET");
        StackSoloProcess.Result control = stacksolo.runWithInput("{\"u\\u001b[2Jrl\": \"u\"}",
                "outputs", "set", "@secure/main/api", "--from", "-");
        assertThat(control.exitCode()).as(control.toString()).isEqualTo(1);
        assertThat(control.stderr()).contains("key 1 of stdin").contains("control characters");
        assertThat(stacksolo.ok("outputs", "list", "@secure/main/api", "--json", "--show-secrets").stdout())
                .as("nothing written").doesNotContain("SEKRET").doesNotContain("U0VLUk").doesNotContain("region");

        // a key another tool wrote with a password in it: every view shows it masked
        String url = backend.equals("sqlite") ? "jdbc:sqlite:" + stacksolo.defaultRegistry()
                : POSTGRES + "&currentSchema=" + schema;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE resources SET outputs = '{\"postgresql://app:SEKRETkeypw@h/db?sslmode\":"
                    + " \"require\", \"url\": \"https://api.example.com\"}' WHERE name = 'api'");
        }
        for (StackSoloProcess.Result read : List.of(stacksolo.run("list", "secure"), stacksolo.run("list", "secure", "--json"),
                stacksolo.run("outputs", "list", "@secure/main/api"), stacksolo.run("outputs", "list", "@secure/main/api", "--json"),
                stacksolo.run("outputs", "history", "@secure/main/api"), stacksolo.run("outputs", "diff", "secure"),
                stacksolo.run("outputs", "diff", "secure", "--json"),
                stacksolo.run("completion", "--candidates", "references"))) {
            assertThat(read.exitCode()).as(read.toString()).isZero();
            assertThat(read.stdout() + read.stderr()).as(read.toString()).doesNotContain("SEKRETkeypw");
        }
        assertThat(stacksolo.ok("outputs", "list", "@secure/main/api").stdout()).contains("postgresql://app:****@h/db?sslmode");
        assertThat(stacksolo.ok("outputs", "list", "@secure/main/api", "--show-secrets").stdout())
                .as("asked for").contains("SEKRETkeypw");
    }

    /**
     * Syncs the project {@code secure}, sets {@code note1…noteN} (then {@code others}) on its
     * database on behalf of a deployment, and finishes that deployment failed with {@code error}.
     */
    private Path plantInAFailedDeploy(java.util.Collection<String> notes, Map<String, String> others, String error) {
        Path secure = stacksolo.projectWithConfig("secure", CONFIG);
        stacksolo.cwd(secure).ok("sync");
        String deployment = stacksolo.ok("deployment", "start").stdout().trim();
        List<String> values = new ArrayList<>(List.of("outputs", "set", "@secure/main/users-db"));
        int n = 0;
        for (String text : notes) {
            values.add("note" + (++n) + "=" + text);
        }
        others.forEach((key, text) -> values.add(key + "=" + text));
        values.addAll(List.of("--deployment", deployment));
        stacksolo.cwd(home).ok(values.toArray(String[]::new));
        stacksolo.cwd(secure).ok("deployment", "finish", deployment, "--status", "failed", "--error", error);
        return secure;
    }

    /** Asserts that no result's output or error holds any of {@code secrets}. */
    private static void assertNoneShows(List<StackSoloProcess.Result> results, List<String> secrets) {
        for (StackSoloProcess.Result result : results) {
            for (String secret : secrets) {
                assertThat(result.stdout() + result.stderr()).as(result + " shows " + secret).doesNotContain(secret);
            }
        }
    }

    /** The rows of these tables as stored, from the registry's export (which holds every row). */
    @SuppressWarnings("unchecked")
    private String stored(String... tables) {
        Map<String, Object> all = (Map<String, Object>) stacksolo.ok("registry", "export").jsonObject().get("tables");
        StringBuilder rows = new StringBuilder();
        for (String table : tables) {
            rows.append(all.get(table));
        }
        return rows.toString();
    }
}
