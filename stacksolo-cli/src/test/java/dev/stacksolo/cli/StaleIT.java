package dev.stacksolo.cli;

import dev.stacksolo.cli.PostgresSchemas.Backend;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Staleness with the real {@code bin/stacksolo} (issue 16, point 4), on a SQLite file and on a
 * PostgreSQL schema: the chain {@code web → api → infra} ({@code web} reads api's url, {@code api}
 * reads infra's database), deployed with {@code deployment start/finish}; {@code stale}, {@code
 * status}, {@code refs} and {@code graph} after infra's value changes, and the redeploy order.
 */
class StaleIT {


    @org.junit.jupiter.api.io.TempDir
    Path home;

    StackSoloProcess stacksolo;
    String location;
    Path infra;
    Path api;
    Path web;

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

    private static String config(String name, String network, String reference) {
        return "{\"project\": {\"name\": \"" + name + "\", \"gcpProjectId\": \"gcp-" + name
                + "\", \"region\": \"us-central1\", \"networks\": [{\"name\": \"main\", " + network
                + (reference == null ? "" : ", \"containers\": [{\"name\": \"" + (name.equals("web") ? "site" : "api")
                        + "\", \"env\": {\"UPSTREAM\": \"" + reference + "\"}}]") + "}]}}";
    }

    private void deploy(Path folder) {
        String id = stacksolo.cwd(folder).ok("deployment", "start").stdout().strip();
        stacksolo.cwd(folder).ok("deployment", "finish", id, "--status", "succeeded");
    }

    /** Registers and deploys the chain, infra's database holding a password in its connection string. */
    private void chain() {
        infra = stacksolo.projectWithConfig("infra", config("infra", "\"databases\": [{\"name\": \"db\"}]", null));
        api = stacksolo.projectWithConfig("api", config("api", "\"buckets\": []", "@infra/main/db.connectionString"));
        web = stacksolo.projectWithConfig("web", config("web", "\"buckets\": []", "@api/main/api.url"));
        for (Path folder : List.of(infra, api, web)) {
            stacksolo.cwd(folder).ok("sync");
        }
        stacksolo.ok("outputs", "set", "@infra/main/db", "connectionString=postgresql://app:first-s3cret@10.0.0.5/app",
                "host=10.0.0.5");
        stacksolo.ok("outputs", "set", "@api/main/api", "url=https://api-1.example", "revision=r1");
        deploy(infra);
        deploy(api);
        deploy(web);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aChangedValueMakesItsReadersStaleInRedeployOrderAndEveryViewSaysSo(Backend backend) throws SQLException {
        use(backend);
        chain();
        assertThat(stacksolo.ok("stale").stdout()).startsWith("No project is stale");
        assertThat(stacksolo.run("stale", "--check").exitCode()).isZero();

        // an unrelated output and the same value again: nothing is stale
        stacksolo.ok("outputs", "set", "@infra/main/db", "host=10.9.9.9");
        stacksolo.ok("outputs", "set", "@api/main/api", "url=https://api-1.example");
        assertThat(stacksolo.run("stale", "--check").exitCode()).isZero();

        stacksolo.ok("outputs", "set", "@infra/main/db", "connectionString=postgresql://app:second-s3cret@10.0.0.6/app");
        stacksolo.ok("outputs", "set", "@api/main/api", "url=https://api-2.example");

        StackSoloProcess.Result stale = stacksolo.run("stale");
        StackSoloProcess.Result check = stacksolo.run("stale", "--check");
        Map<String, Object> json = stacksolo.ok("stale", "--json").jsonObject();
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(stale.exitCode()).isZero();
        assertThat(stale.stdout()).contains("2 stale projects, 2 references changed; redeploy in this order:")
                .contains("@infra/main/db.connectionString  changed").contains("@api/main/api.url  changed");
        assertThat(stale.stdout().indexOf("1. api")).as("api reads infra: first, though web reads api")
                .isPositive().isLessThan(stale.stdout().indexOf("2. web"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> projects = (List<Map<String, Object>>) json.get("stale");
        assertThat(projects).extracting(p -> p.get("project")).containsExactly("api", "web");
        @SuppressWarnings("unchecked")
        Map<String, Object> changed = ((List<Map<String, Object>>) projects.get(0).get("references")).get(0);
        assertThat(changed).containsEntry("reference", "@infra/main/db.connectionString")
                .containsEntry("target", "infra").containsEntry("change", "value_changed");

        StackSoloProcess.Result status = stacksolo.cwd(api).ok("status");
        assertThat(status.stdout()).contains("stale: 1 reference changed since the last deploy");
        assertThat(stacksolo.cwd(api).ok("status", "--json").jsonObject()).containsKey("stale");
        assertThat(stacksolo.cwd(infra).ok("status").stdout()).doesNotContain("stale:");
        assertThat(stacksolo.cwd(infra).ok("status", "--json").jsonObject()).doesNotContainKey("stale");

        StackSoloProcess.Result refs = stacksolo.cwd(api).ok("refs");
        assertThat(refs.stdout()).contains("SINCE LAST DEPLOY").contains("1 changed since the last deploy");
        assertThat(stacksolo.cwd(api).ok("refs", "--json").jsonArray()).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("changedSinceDeploy", true));

        assertThat(stacksolo.ok("graph").stdout()).contains("└─▶ infra: main/db.connectionString [stale]")
                .contains("└─▶ api: main/api.url [stale]");
        assertThat(stacksolo.ok("graph", "--format", "dot").stdout())
                .contains("\"api\" -> \"infra\" [label=\"main/db.connectionString (stale)\", color=red");
        assertThat(stacksolo.ok("graph", "--format", "mermaid").stdout()).contains("==>|\"main/api.url (stale)\"|")
                .contains("linkStyle 0,1 stroke:#d00");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> edges = (List<Map<String, Object>>) stacksolo.ok("graph", "--format", "json")
                .jsonObject().get("edges");
        assertThat(edges).hasSize(2).allSatisfy(edge -> assertThat(edge).containsEntry("stale", true));

        // no view holds the secret, old or new
        for (StackSoloProcess.Result result : List.of(stale, check, status, refs, stacksolo.ok("stale", "--json"),
                stacksolo.ok("graph", "--format", "json"), stacksolo.cwd(api).ok("status", "--json"))) {
            assertThat(result.stdout() + result.stderr()).doesNotContain("s3cret");
        }

        deploy(api);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> left = (List<Map<String, Object>>) stacksolo.ok("stale", "--json").jsonObject().get("stale");
        assertThat(left).extracting(p -> p.get("project")).containsExactly("web");
        deploy(web);
        assertThat(stacksolo.run("stale", "--check").exitCode()).isZero();
        assertThat(stacksolo.cwd(web).ok("status").stdout()).doesNotContain("stale:");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRegistryHoldsKeyedHashesOnlyAndARemovedResourceIsStaleness(Backend backend) throws SQLException {
        use(backend);
        chain();

        try (Connection connection = DriverManager.getConnection(backend == Backend.SQLITE ? "jdbc:sqlite:" + location
                : location); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM reference_baselines")) {
            int count = 0;
            while (rows.next()) {
                count++;
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    assertThat(String.valueOf(rows.getString(column))).doesNotContain("s3cret").doesNotContain("api-1");
                }
                assertThat(rows.getString("value_hash")).matches("[0-9a-f]{64}");
            }
            assertThat(count).isEqualTo(2);
        }

        stacksolo.ok("unregister", "infra", "-y", "--force");
        StackSoloProcess.Result stale = stacksolo.run("stale", "--check");
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.stdout()).contains("1. api").contains("no longer resolves").doesNotContain("web");
    }

    @org.junit.jupiter.api.Test
    void withNoRegistryNothingIsStaleAndTheCheckPasses() {
        StackSoloProcess none = StackSoloProcess.in(home.resolve("none"));

        StackSoloProcess.Result check = none.run("stale", "--check");
        StackSoloProcess.Result json = none.run("stale", "--json");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.stdout()).isEmpty();
        assertThat(check.stderr()).startsWith("No registry at ").doesNotContain("error");
        assertThat(json.exitCode()).isZero();
        assertThat(json.jsonObject()).isEqualTo(java.util.Map.of("stale", List.of(), "cycles", List.of(), "untracked", List.of()));
        assertThat(none.defaultRegistry()).as("reading creates nothing").doesNotExist();
    }
}
