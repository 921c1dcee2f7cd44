package dev.stacksolo.registry.transfer;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.ImportConflictException;
import dev.stacksolo.registry.InvalidDocumentException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.UnknownDataException;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.service.TransferService;
import dev.stacksolo.registry.service.TransferService.MigrationReport;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.ResourceType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 4: import and migrate lose nothing on either side. The registry under test is
 * the used one (SQLite and PostgreSQL); the other side is a SQLite file.
 */
class LosslessTransferTest {

    @TempDir
    Path folder;

    private static final String OWN_SESSION = "0a0b0c0d-0000-4000-8000-00000000000a";

    /** The used registry's own rows: a project, a resource, a session with three events (ids 1-3). */
    private static RegistryProject use(Registry registry, String location) {
        RegistryProject own = project(registry, "billing");
        deployed(registry, own, ResourceType.CONTAINER, "invoices", "main", Map.of("url", "https://billing"));
        Sql.execute(location,
                "INSERT INTO sessions (id, started_at, command, project_name) VALUES ('" + OWN_SESSION
                        + "', '2026-11-01T00:00:00.000Z', 'deploy', 'billing')",
                "INSERT INTO events (session_id, timestamp, seq, category, event_type, data) VALUES ('" + OWN_SESSION
                        + "', '2026-11-01T00:00:00.001Z', 1, 'internal', 'session_start', '{}')",
                "INSERT INTO events (session_id, timestamp, seq, category, event_type, data) VALUES ('" + OWN_SESSION
                        + "', '2026-11-01T00:00:00.002Z', 2, 'terraform', 'apply_start', '{}')",
                "INSERT INTO events (session_id, timestamp, seq, category, event_type, data, parent_event_id) VALUES ('"
                        + OWN_SESSION + "', '2026-11-01T00:00:00.003Z', 3, 'terraform', 'apply_end', '{}', 2)");
        return own;
    }

    /** Every row of every table, as export shows them. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<Map<String, Object>>> tables(Registry registry) {
        return (Map<String, List<Map<String, Object>>>) (Map<?, ?>) registry.transfer().exportDocument().get("tables");
    }

    private static List<Map<String, Object>> withoutMarks(List<Map<String, Object>> deployments) {
        return deployments.stream().map(d -> {
            Map<String, Object> copy = new LinkedHashMap<>(d);
            copy.remove("outputs_version_mark");
            return copy;
        }).toList();
    }

    private static List<Map<String, Object>> events(Registry registry, String session) {
        return tables(registry).get("events").stream().filter(e -> session.equals(e.get("session_id"))).toList();
    }

    /** An event without its id (which an import may renumber), its parent named by seq. */
    private static Map<String, Object> identity(Map<String, Object> event, List<Map<String, Object>> session) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        copy.remove("id");
        Object parent = copy.remove("parent_event_id");
        copy.put("parent_seq", parent == null ? null : session.stream()
                .filter(e -> ((Number) e.get("id")).longValue() == ((Number) parent).longValue())
                .map(e -> ((Number) e.get("seq")).longValue()).findFirst().orElse(-1L));
        copy.put("seq", ((Number) copy.get("seq")).longValue());
        return copy;
    }

    @RegistryTest
    void importingAnExportIntoAUsedRegistryKeepsEveryRowOfBoth(Registry registry, BothDatabases.Location location)
            throws Exception {
        RegistryProject own = use(registry, location.url());
        Map<String, List<Map<String, Object>>> before = tables(registry);
        Path sourceFile = folder.resolve("laptop.db");
        Map<String, Object> exported;
        Map<String, List<Map<String, Object>>> source;
        try (Registry laptop = Registry.open(sourceFile)) {
            TransferTest.populate(laptop, sourceFile.toString());
            Sql.execute(sourceFile.toString(), "UPDATE events SET parent_event_id = 1 WHERE seq = 2");
            exported = Json.readObject(Json.write(laptop.transfer().exportDocument()));
            source = tables(laptop);
        }

        Map<String, TransferService.TableCounts> counts = registry.transfer().importDocument(exported, false);
        Map<String, TransferService.TableCounts> again = registry.transfer().importDocument(exported, false);

        assertThat(counts.get("events").inserted()).isEqualTo(2);
        assertThat(counts.get("projects").inserted()).isEqualTo(2);
        assertThat(again.values()).allSatisfy(c -> assertThat(c.inserted() + c.overwritten()).isZero());
        Map<String, List<Map<String, Object>>> after = tables(registry);
        for (String table : List.of("projects", "resources", "sessions")) {
            assertThat(after.get(table)).as(table).containsAll(before.get(table)).containsAll(source.get(table))
                    .hasSize(before.get(table).size() + source.get(table).size());
        }
        // deployments as they were, but for the outputs version mark: the source's versions were
        // renumbered after this registry's own, and the mark with them
        assertThat(withoutMarks(after.get("deployments"))).containsAll(withoutMarks(before.get("deployments")))
                .containsAll(withoutMarks(source.get("deployments")))
                .hasSize(before.get("deployments").size() + source.get("deployments").size());
        // every version of both, the source's after the registry's own, nothing doubled by the import's writes
        assertThat(after.get("output_versions")).containsAll(before.get("output_versions"))
                .hasSize(before.get("output_versions").size() + source.get("output_versions").size());
        long ownNewest = before.get("output_versions").stream().mapToLong(v -> ((Number) v.get("id")).longValue())
                .max().orElse(0);
        assertThat(after.get("output_versions").stream().filter(v -> ((Number) v.get("id")).longValue() > ownNewest)
                .map(v -> v.get("outputs")).toList())
                .isEqualTo(source.get("output_versions").stream().map(v -> v.get("outputs")).toList());
        assertThat(after.get("deployments")).filteredOn(d -> d.get("outputs_version_mark") != null)
                .allSatisfy(d -> assertThat(((Number) d.get("outputs_version_mark")).longValue())
                        .isGreaterThan(ownNewest));
        // the registry's own events untouched, ids and all
        assertThat(after.get("events")).containsAll(before.get("events"));
        // the imported ones all there, renumbered after them, in their session's order, parent link kept
        String importedSession = "1f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c";
        List<Map<String, Object>> sourceEvents = source.get("events");
        List<Map<String, Object>> arrived = events(registry, importedSession);
        assertThat(arrived).hasSize(2);
        assertThat(arrived.stream().map(e -> identity(e, arrived)).toList())
                .isEqualTo(sourceEvents.stream().map(e -> identity(e, sourceEvents)).toList());
        assertThat(arrived).extracting(e -> ((Number) e.get("id")).longValue()).isSorted()
                .allSatisfy(id -> assertThat(id).isGreaterThan(3L));
        assertThat(registry.service().findProjectById(own.id())).isPresent();
        assertThat(registry.references().resolve("@billing/main/invoices")).isEqualTo("https://billing");
        assertThat(registry.references().resolve("@shared-infra/main/users-db.port")).isEqualTo("5432");
    }

    @RegistryTest
    void overwriteReplacesOnlyRowsFromTheSameSourceNeverTheTargetsOwn(Registry registry,
            BothDatabases.Location location) throws Exception {
        use(registry, location.url());
        Map<String, List<Map<String, Object>>> before = tables(registry);
        Path otherFile = folder.resolve("other.db");
        Map<String, Object> exported;
        try (Registry other = Registry.open(otherFile)) {
            // another registry's project of the same name, and events with the same ids 1-3
            RegistryProject billing = project(other, "billing");
            deployed(other, billing, ResourceType.CONTAINER, "invoices", "main", Map.of("url", "https://evil"));
            Sql.execute(otherFile.toString(),
                    "INSERT INTO sessions (id, started_at, command) VALUES ('9e9e9e9e-0000-4000-8000-000000000009',"
                            + " '2026-11-02T00:00:00.000Z', 'deploy')",
                    "INSERT INTO events (session_id, timestamp, seq, category, event_type, data) VALUES"
                            + " ('9e9e9e9e-0000-4000-8000-000000000009', '2026-11-02T00:00:00.001Z', 1, 'internal',"
                            + " 'session_start', '{\"from\":\"other\"}')");
            exported = Json.readObject(Json.write(other.transfer().exportDocument()));
        }

        assertThatThrownBy(() -> registry.transfer().importDocument(exported, true))
                .isInstanceOfSatisfying(ImportConflictException.class, e -> assertThat(e.getMessage())
                        .contains("its name 'billing' belongs here to project"));
        assertThat(tables(registry)).isEqualTo(before);

        // without the clashing project, the events come in beside the registry's own
        @SuppressWarnings("unchecked")
        Map<String, Object> eventsOnly = new LinkedHashMap<>(exported);
        Map<String, Object> onlyLog = new LinkedHashMap<>();
        onlyLog.put("sessions", ((Map<?, ?>) exported.get("tables")).get("sessions"));
        onlyLog.put("events", ((Map<?, ?>) exported.get("tables")).get("events"));
        eventsOnly.put("tables", onlyLog);
        registry.transfer().importDocument(eventsOnly, true);
        assertThat(tables(registry).get("events")).containsAll(before.get("events")).hasSize(4);
    }

    @RegistryTest
    void migrateWithOverwriteIntoANonEmptyTargetKeepsItsRowsAndVerifiesBeforeCommitting(Registry registry,
            BothDatabases.Location location) throws Exception {
        use(registry, location.url());
        Map<String, List<Map<String, Object>>> targetBefore = tables(registry);
        Path sourceFile = folder.resolve("source.db");
        try (Registry source = Registry.open(sourceFile)) {
            TransferTest.populate(source, sourceFile.toString());

            MigrationReport report = source.transfer().migrateTo(registry.transfer(), true);
            MigrationReport second = source.transfer().migrateTo(registry.transfer(), true);

            assertThat(report.rowCounts()).containsEntry("projects", 2L).containsEntry("events", 2L);
            assertThat(report.targetOwnRows()).containsEntry("projects", 1L).containsEntry("events", 3L);
            assertThat(second.checksum()).isEqualTo(report.checksum());
            assertThat(second.imported().values()).allSatisfy(c -> assertThat(c.inserted() + c.overwritten()).isZero());
            Map<String, List<Map<String, Object>>> after = tables(registry);
            for (String table : targetBefore.keySet()) {
                assertThat(after.get(table)).as(table).containsAll(targetBefore.get(table));
            }
            assertThat(after.get("projects")).containsAll(tables(source).get("projects")).hasSize(3);
        }
    }

    @RegistryTest
    void exportImportAndMigrateCarryCrossProjectReferencesSoTheCopyStillRefusesDestroyingARead(Registry registry)
            throws Exception {
        Path sourceFile = folder.resolve("graph.db");
        Map<String, Object> document;
        try (Registry source = Registry.open(sourceFile)) {
            project(source, "shared-infra");
            RegistryProject api = project(source, "api");
            source.references().recordReferences(api.id(), Map.of("project", Map.of("name", "api",
                    "env", Map.of("DATABASE_URL", "@shared-infra/main/users-db.connectionString",
                            "REDIS_HOST", "@shared-infra/sessions"))));
            document = Json.readObject(Json.writeValue(source.transfer().exportDocument()));
            assertThat(tables(source).get("project_references")).hasSize(2);

            MigrationReport report = source.transfer().migrateTo(registry.transfer(), false);

            assertThat(report.rowCounts()).containsEntry("project_references", 2L);
            assertThat(report.checksum()).isEqualTo(source.transfer().checksum());
        }
        assertThat(registry.references().dependents("shared-infra")).hasSize(2);
        assertThatThrownBy(() -> registry.references().requireNoDependents("shared-infra", "destroy"))
                .hasMessageContaining("api reads @shared-infra/main/users-db.connectionString");

        // import: again unchanged; a differing reference is a conflict, replaced only with overwrite
        assertThat(registry.transfer().importDocument(document, false).get("project_references"))
                .isEqualTo(new TransferService.TableCounts(0, 2, 0));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> refs = (List<Map<String, Object>>) ((Map<String, Object>) document.get("tables"))
                .get("project_references");
        refs.get(0).put("recorded_at", "2030-01-01T00:00:00.000Z");
        assertThatThrownBy(() -> registry.transfer().importDocument(document, false))
                .isInstanceOf(ImportConflictException.class).hasMessageContaining("project_references");
        assertThat(registry.transfer().importDocument(document, true).get("project_references"))
                .isEqualTo(new TransferService.TableCounts(0, 1, 1));
        assertThat(registry.references().dependents("shared-infra")).hasSize(2);
    }

    @RegistryTest
    void overwriteWithAnOlderBackupNeverReopensAFinishedDeploymentNorStartsASecondRun(Registry registry)
            throws Exception {
        RegistryProject api = project(registry, "api");
        dev.stacksolo.registry.service.LockedDeployment deploy = registry.deployments().start(
                dev.stacksolo.registry.types.CreateDeploymentInput.builder().projectId(api.id())
                        .action(dev.stacksolo.registry.types.DeploymentAction.DEPLOY).configSnapshot(Map.of()).build());
        Map<String, Object> backup = Json.readObject(Json.writeValue(registry.transfer().exportDocument()));
        deploy.succeed();
        deploy.close();
        Map<String, List<Map<String, Object>>> finished = tables(registry);

        assertThatThrownBy(() -> registry.transfer().importDocument(backup, true))
                .isInstanceOf(ImportConflictException.class)
                .hasMessageContaining("not even with --overwrite")
                .hasMessageContaining("projects " + api.id() + " ('api' is 'deployed' here")
                .hasMessageContaining("nothing was written");
        @SuppressWarnings("unchecked")
        Map<String, Object> backupDeployments = Map.of("format", TransferService.FORMAT, "tables", Map.of(
                "deployments", ((Map<String, Object>) backup.get("tables")).get("deployments")));
        assertThatThrownBy(() -> registry.transfer().importDocument(backupDeployments, true))
                .isInstanceOf(ImportConflictException.class)
                .hasMessageContaining("deployments " + deploy.id() + " (finished here as 'succeeded'")
                .hasMessageNotContaining("--overwrite replaces");
        assertThat(tables(registry)).isEqualTo(finished);
        assertThat(registry.service().findDeploymentById(deploy.id()).orElseThrow().status())
                .isEqualTo(dev.stacksolo.registry.types.DeploymentStatus.SUCCEEDED);

        // a running deployment of the same project from elsewhere, while one runs here: refused
        dev.stacksolo.registry.service.LockedDeployment running = registry.deployments().start(
                dev.stacksolo.registry.types.CreateDeploymentInput.builder().projectId(api.id())
                        .action(dev.stacksolo.registry.types.DeploymentAction.DEPLOY).configSnapshot(Map.of()).build());
        @SuppressWarnings("unchecked")
        Map<String, Object> row = new LinkedHashMap<>(((List<Map<String, Object>>) ((Map<String, Object>) backup
                .get("tables")).get("deployments")).get(0));
        row.put("id", "99999999-0000-4000-8000-000000000099");
        Map<String, Object> other = Map.of("format", TransferService.FORMAT, "tables",
                Map.of("deployments", List.of(row)));
        assertThatThrownBy(() -> registry.transfer().importDocument(other, true))
                .isInstanceOf(ImportConflictException.class)
                .hasMessageContaining("deployments 99999999-0000-4000-8000-000000000099 (it is 'running' while deployment "
                        + running.id());
        running.close();
    }

    @RegistryTest
    void importRefusesValuesTheLibraryCouldNotReadBackNamingTableRowAndColumn(Registry registry) throws Exception {
        Path sourceFile = folder.resolve("source.db");
        String exported;
        try (Registry source = Registry.open(sourceFile)) {
            TransferTest.populate(source, sourceFile.toString());
            exported = Json.write(source.transfer().exportDocument());
        }
        String[][] cases = {
            {"projects", "last_deployed_at", "garbage", "not a timestamp"},
            {"deployments", "started_at", "2027-13-45", "not a timestamp"},
            {"deployments", "status", "exploded", "not a value this stacksolo knows"},
            {"resources", "outputs", "{\"port\": NaN}", "not a JSON object of finite values"},
            {"resources", "config", "[1]", "not a JSON object"},
            {"projects", "name", "-lead", "starts with a hyphen"},
            {"projects", "config_path", "rel/x.json", "is not absolute"},
            {"resources", "name", "", "name is empty"},
        };
        for (String[] bad : cases) {
            Map<String, Object> document = Json.readObject(exported);
            @SuppressWarnings("unchecked")
            Map<String, Object> row = ((List<Map<String, Object>>) ((Map<?, ?>) document.get("tables")).get(bad[0])).get(0);
            row.put(bad[1], bad[2]);
            assertThatThrownBy(() -> registry.transfer().importDocument(document, true)).as(bad[1])
                    .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.getMessage())
                            .contains(bad[0] + " row " + row.get("id")).contains("column " + bad[1]).contains(bad[3])
                            .contains("nothing was imported"));
        }
        assertThat(registry.service().listProjects()).isEmpty();
    }

    @RegistryTest
    void aDocumentHoldingTheSameResourceTwiceIsRefusedSayingTheDocumentHoldsBoth(Registry registry) throws Exception {
        Path sourceFile = folder.resolve("source.db");
        Map<String, Object> document;
        try (Registry source = Registry.open(sourceFile)) {
            TransferTest.populate(source, sourceFile.toString());
            document = Json.readObject(Json.write(source.transfer().exportDocument()));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> resources = (List<Map<String, Object>>) ((Map<?, ?>) document.get("tables")).get("resources");
        Map<String, Object> twin = new LinkedHashMap<>(resources.get(0));
        twin.put("id", "99999999-0000-4000-8000-000000000042");
        resources.add(twin);

        assertThatThrownBy(() -> registry.transfer().importDocument(document, true))
                .isInstanceOf(ImportConflictException.class)
                .hasMessageContaining("the document itself holds two resources named '" + twin.get("name") + "'")
                .hasMessageContaining(resources.get(0).get("id") + " and 99999999-0000-4000-8000-000000000042")
                .hasMessageNotContaining("Import into an empty registry");
        assertThat(registry.service().listProjects()).isEmpty();
    }

    @RegistryTest
    void migrateOfARegistryWithAnUnknownColumnAndTableIsRefusedNamingThem(Registry registry) throws Exception {
        Path sourceFile = folder.resolve("newer.db");
        try (Registry source = Registry.open(sourceFile)) {
            TransferTest.populate(source, sourceFile.toString());
        }
        Sql.execute(sourceFile.toString(), "ALTER TABLE resources ADD COLUMN cost_center TEXT",
                "UPDATE resources SET cost_center = 'cc-42'",
                "CREATE TABLE audit_trail (id TEXT PRIMARY KEY, note TEXT)",
                "INSERT INTO audit_trail VALUES ('a1', 'approved by security')");
        Map<String, List<Map<String, Object>>> targetBefore = tables(registry);
        try (Registry source = Registry.open(sourceFile)) {
            assertThatThrownBy(() -> source.transfer().migrateTo(registry.transfer(), false))
                    .isInstanceOfSatisfying(UnknownDataException.class, e -> {
                        assertThat(e.unknown()).containsExactlyInAnyOrder("column resources.cost_center",
                                "table audit_trail");
                        assertThat(e.getMessage()).contains("nothing was copied").doesNotContain("Verified");
                    });
            assertThatThrownBy(() -> source.transfer().exportDocument()).isInstanceOf(UnknownDataException.class);
        }
        assertThat(tables(registry)).isEqualTo(targetBefore);
    }

    @RegistryTest
    void importRowsOfTheWrongTypeOrWithUnknownColumnsAreRefusedNamingTableRowAndColumn(Registry registry)
            throws Exception {
        Path sourceFile = folder.resolve("source.db");
        Map<String, Object> exported;
        try (Registry source = Registry.open(sourceFile)) {
            TransferTest.populate(source, sourceFile.toString());
            exported = Json.readObject(Json.write(source.transfer().exportDocument()));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> projects = (List<Map<String, Object>>) ((Map<?, ?>) exported.get("tables")).get("projects");
        Map<String, Object> first = projects.get(0);
        Object region = first.get("region");
        first.put("region", Map.of("name", "us-central1"));

        assertThatThrownBy(() -> registry.transfer().importDocument(exported, false))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.getMessage())
                        .contains("projects row " + first.get("id")).contains("a JSON object where text belongs")
                        .contains("column region"));
        first.put("region", region);
        first.put("seq_extra", "x");
        assertThatThrownBy(() -> registry.transfer().importDocument(exported, false))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.getMessage())
                        .contains("projects row " + first.get("id")).contains("seq_extra"));
        first.remove("seq_extra");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) ((Map<?, ?>) exported.get("tables")).get("events");
        events.get(0).put("seq", "one");
        assertThatThrownBy(() -> registry.transfer().importDocument(exported, false))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.getMessage())
                        .contains("events row " + events.get(0).get("id")).contains("column seq")
                        .contains("whole number"));
        assertThat(registry.service().listProjects()).isEmpty();
        assertThat(new ArrayList<>(tables(registry).get("events"))).isEmpty();
    }
}
