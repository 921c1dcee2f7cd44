package dev.stacksolo.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.repository.ResourceRepository;
import dev.stacksolo.registry.types.AsOf;
import dev.stacksolo.registry.types.OutputVersion;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a file made by the TypeScript registry, adopted by this library (schema version 9),
 * keeps one history when that tool writes to it again with its own statements (as
 * registry-format.md describes them: Kysely's parameterised UPDATE and INSERT with named columns,
 * foreign keys on, none of this library's columns). Its writes become versions by nobody known;
 * the library's, versions by this process's user@host. The tool reads its rows as before.
 */
class TypeScriptWritesVersionedTest {

    private static final String SHARED_INFRA = "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f";
    private static final String USERS_DB = "7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
    private static final String ASSETS = "8c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";

    @TempDir
    Path folder;

    /** The TypeScript registry's setOutputs: outputs, status ready, last_deployed_at and updated_at stamped. */
    private static void typeScriptSetsOutputs(Path file, String resourceId, String outputs, String now) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement pragma = connection.createStatement()) {
            pragma.execute("PRAGMA foreign_keys=ON");
            try (PreparedStatement update = connection.prepareStatement("update \"resources\" set \"outputs\" = ?,"
                    + " \"status\" = ?, \"last_deployed_at\" = ?, \"updated_at\" = ? where \"id\" = ?")) {
                update.setString(1, outputs);
                update.setString(2, "ready");
                update.setString(3, now);
                update.setString(4, now);
                update.setString(5, resourceId);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        }
    }

    @Test
    void writesByTheTypeScriptRegistryBecomeVersionsByNobodyKnown() throws Exception {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);
        try (Registry registry = Registry.open(file)) {
            assertThat(registry.versions().history(USERS_DB, 10)).singleElement()
                    .satisfies(v -> assertThat(v.recordedAt()).isEqualTo(Instant.parse("2026-11-20T10:15:29.001Z")));
            registry.service().mergeResourceOutputs(USERS_DB, Map.of("port", 6432));
        }

        typeScriptSetsOutputs(file, USERS_DB, "{\"connectionString\":\"postgresql://app:n3w@10.0.0.6/users\","
                + "\"host\":\"10.0.0.6\",\"port\":6432}", "2026-12-01T09:00:00.000Z");
        typeScriptSetsOutputs(file, ASSETS, "{\"name\":\"assets\"}", "2026-12-01T09:00:01.000Z");
        typeScriptSetsOutputs(file, ASSETS, "{\"name\":\"assets\"}", "2026-12-01T09:00:02.000Z"); // unchanged
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys=ON");
            statement.execute("insert into \"resources\" (\"id\", \"project_id\", \"type\", \"name\", \"network\","
                    + " \"resource_type\", \"config\", \"outputs\", \"status\", \"created_at\", \"updated_at\") values"
                    + " ('9e9e9e9e-1111-4222-8333-444444444444', '" + SHARED_INFRA + "', 'cache', 'sessions', 'main',"
                    + " 'gcp-cdktf:memorystore', '{}', '{\"host\":\"10.0.0.9\"}', 'ready', '2026-12-01T09:00:03.000Z',"
                    + " '2026-12-01T09:00:03.000Z')");
            // the tool still reads every row it knows, as before
            try (ResultSet rows = statement.executeQuery("select * from \"resources\" where \"project_id\" = '"
                    + SHARED_INFRA + "' order by \"name\"")) {
                int n = 0;
                while (rows.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(3);
            }
        }

        try (Registry registry = Registry.open(file)) {
            List<OutputVersion> db = registry.versions().history(USERS_DB, 10);
            assertThat(db).hasSize(3);
            assertThat(db.get(0).outputs()).containsEntry("host", "10.0.0.6");
            assertThat(db.get(0).by()).as("the TypeScript registry's write").isEmpty();
            assertThat(db.get(0).deploymentId()).isEmpty();
            assertThat(db.get(1).by()).as("this library's write").contains(ResourceRepository.writer());
            assertThat(db.get(2).by()).as("the seeded version").isEmpty();
            assertThat(registry.versions().history(ASSETS, 10)).singleElement()
                    .satisfies(v -> assertThat(v.by()).isEmpty());
            var sessions = registry.service().findResourceByRef(SHARED_INFRA, "sessions", "main").orElseThrow();
            assertThat(registry.versions().history(sessions.id(), 10)).singleElement()
                    .satisfies(v -> assertThat(v.outputs()).containsEntry("host", "10.0.0.9"));
            assertThat(registry.versions().resolveAsOf("@shared-infra/main/users-db.host",
                    AsOf.time(Instant.parse("2026-11-21T00:00:00Z"))).resolved().text()).isEqualTo("10.0.0.5");
        }
    }
}
