package dev.stacksolo.registry.service;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.ImportConflictException;
import dev.stacksolo.registry.InvalidDocumentException;
import dev.stacksolo.registry.ReadOnlyRegistryException;
import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.UnknownDataException;
import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.db.Schema;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.repository.RawRowRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole registry as one JSON document, and back: export, import and migration between
 * registries (SQLite and PostgreSQL alike), with ids, timestamps and raw values kept exactly, but
 * for a deployment's error and log path, a session's arguments and an event's data, which are
 * brought in masked as this registry's writers store them.
 *
 * <p>The document: {@code {"format": "stacksolo-registry", "formatVersion": 1, "schemaVersion": n,
 * "exportedAt": "…", "tables": {"projects": [rows…], "resources": […], "deployments": […],
 * "sessions": […], "events": […], "project_references": […]}}}, each row an object of the table's columns (snake_case, as
 * stored). Thread-safe.
 */
public final class TransferService {

    /** The {@code format} field of an export document. */
    public static final String FORMAT = "stacksolo-registry";

    private final Database database;
    private final RawRowRepository rows;

    /** A service over {@code database}; obtain one from {@link dev.stacksolo.registry.Registry#transfer()}. */
    public TransferService(Database database) {
        this.database = database;
        this.rows = new RawRowRepository(database);
    }

    /**
     * What an import did, per table.
     *
     * @param inserted rows that were not there
     * @param unchanged rows already there with the same values
     * @param overwritten rows that differed and were replaced (only when asked to)
     */
    public record TableCounts(long inserted, long unchanged, long overwritten) {}

    /**
     * What a migration moved and how it was verified.
     *
     * @param imported the per-table result of writing into the target
     * @param rowCounts each table's row count in the source, every one of those rows found in the
     *     target, identical
     * @param checksum the sha256 over the source's rows, equal to the one over the same rows read
     *     back from the target (events compared by session and seq: their ids may be renumbered)
     * @param targetOwnRows per table, the rows the target holds that the source does not (kept)
     */
    public record MigrationReport(Map<String, TableCounts> imported, Map<String, Long> rowCounts, String checksum,
            Map<String, Long> targetOwnRows) {}

    /**
     * The whole registry as an export document (a map of JSON values), read in one snapshot.
     *
     * @throws ReadOnlyRegistryException when the registry's schema is newer than this build knows
     * @throws UnknownDataException when the registry holds columns or tables this build does not
     *     know (another tool's): an export would leave them out, so none is made
     */
    public Map<String, Object> exportDocument() {
        if (database.readOnlyReason().isPresent()) {
            // the rows may hold columns this build does not know: an export would drop them silently
            throw new ReadOnlyRegistryException("cannot export the registry " + database.dialect().displayLocation()
                    + ": its schema is newer than this stacksolo knows (version " + Schema.CURRENT_VERSION
                    + "), so the export would leave out what the newer version stores. Export it with the"
                    + " newer stacksolo, or upgrade this one");
        }
        return database.write(handle -> {
            // one transaction, so that the tables agree with each other even while others write
            List<String> unknown = rows.unknownColumnsAndTables();
            if (!unknown.isEmpty()) {
                throw new UnknownDataException(database.dialect().displayLocation(), unknown);
            }
            Map<String, Object> tables = new LinkedHashMap<>();
            for (String table : RawRowRepository.TABLES.keySet()) {
                tables.put(table, rows.rows(table));
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("format", FORMAT);
            document.put("formatVersion", 1);
            document.put("schemaVersion", Schema.CURRENT_VERSION);
            document.put("exportedAt", Times.format(Times.now()));
            document.put("tables", tables);
            return document;
        });
    }

    /**
     * Writes an export document into this registry in one transaction, losing nothing on either
     * side. A row is matched by its identity: its id, and for an event its session and seq (event
     * ids are counters that every registry starts at 1). Rows already present with the same values
     * are left alone, so importing twice duplicates nothing; rows not present are inserted, events
     * whose ids are taken here getting new ids after this registry's own, in their session's order
     * (and references between them follow). This registry's own rows are never replaced: only a
     * row of the same identity that differs, and only with {@code overwrite}.
     *
     * @param overwrite whether rows of the same identity with different values are replaced
     * @return what was done, per table
     * @throws ImportConflictException when rows differ and {@code overwrite} is false, or a row
     *     would take a name this registry gives to another project or resource; nothing written
     * @throws InvalidDocumentException when {@code document} is not an export document, has
     *     columns or tables this build does not know, or a value not of its column's type (naming
     *     the table, row id and column); nothing written
     */
    public Map<String, TableCounts> importDocument(Map<String, ?> document, boolean overwrite) {
        Map<String, List<Map<String, Object>>> tables = tablesOf(document);
        return database.write(handle -> importTables(tables, overwrite, new LinkedHashMap<>(), new Renumbering()));
    }

    /**
     * The ids output versions of a document got here (kept, or renumbered after this registry's
     * own), and the deployment marks that follow from them.
     */
    private static final class Renumbering {
        final java.util.TreeMap<Long, Long> ids = new java.util.TreeMap<>();
        boolean renumbered;

        /** The id here of the document's version {@code id}. */
        Object id(Object id) {
            return id instanceof Number number && ids.containsKey(number.longValue()) ? ids.get(number.longValue()) : id;
        }

        /** A deployment's mark here: the newest id here of the document's versions at or below it. */
        Object mark(Object mark) {
            if (!renumbered || !(mark instanceof Number number)) {
                return mark;
            }
            long here = 0;
            for (long id : ids.headMap(number.longValue(), true).values()) {
                here = Math.max(here, id);
            }
            return here;
        }

        /** The row with its id (output_versions) or mark (deployments) as here. */
        Map<String, Object> translate(String table, Map<String, Object> row) {
            if (table.equals("output_versions")) {
                Map<String, Object> here = new LinkedHashMap<>(row);
                here.put("id", id(row.get("id")));
                return here;
            }
            if (table.equals("deployments") && row.get("outputs_version_mark") != null) {
                Map<String, Object> here = new LinkedHashMap<>(row);
                here.put("outputs_version_mark", mark(row.get("outputs_version_mark")));
                return here;
            }
            return row;
        }
    }

    private Map<String, TableCounts> importTables(Map<String, List<Map<String, Object>>> tables, boolean overwrite,
            Map<Object, Object> eventIds, Renumbering versionIds) {
        // the versions this import's own writes of resources make come after every id known now
        long history = rows.maxKey("output_versions");
        Map<String, TableCounts> counts = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        // rows refused: their children are left out too, so that every conflict is reported at once
        java.util.Set<Object> refused = new java.util.HashSet<>();
        for (Map.Entry<String, List<Map<String, Object>>> table : tables.entrySet()) {
            List<Map<String, Object>> incoming = table.getValue().stream()
                    .filter(row -> !refused.contains(row.get("project_id")) && !refused.contains(row.get("session_id")))
                    .toList();
            if (table.getKey().equals("output_versions")) {
                counts.put(table.getKey(), importVersions(incoming, versionIds));
                history = rows.maxKey("output_versions");
                continue;
            }
            if (table.getKey().equals("deployments")) {
                incoming = incoming.stream().map(row -> versionIds.translate("deployments", row)).toList();
            }
            counts.put(table.getKey(), table.getKey().equals("events")
                    ? importEvents(incoming, overwrite, conflicts, eventIds)
                    : importTable(table.getKey(), incoming, overwrite, conflicts, refusals, refused));
        }
        if (!conflicts.isEmpty() || !refusals.isEmpty()) {
            throw new ImportConflictException(conflicts, refusals);
        }
        long madeHere = history;
        database.write(handle -> {
            // writing a resource's row versions it again (the trigger): where that repeats the newest
            // version the document brought, it is the same change, not a new one
            return handle.update("DELETE FROM output_versions WHERE id > ? AND outputs = (SELECT w.outputs"
                    + " FROM output_versions w WHERE w.resource_id = output_versions.resource_id"
                    + " AND w.id < output_versions.id ORDER BY w.id DESC LIMIT 1)", madeHere);
        });
        if (database.dialect().keepsPublicOutputs()) {
            // an export carries the outputs only: a reader role reads their masked copies
            database.write(handle -> {
                dev.stacksolo.registry.db.PublicOutputs.refreshAll(handle);
                return null;
            });
        }
        return counts;
    }

    private TableCounts importTable(String table, List<Map<String, Object>> incoming, boolean overwrite,
            List<String> conflicts, List<String> refusals, java.util.Set<Object> refused) {
        long inserted = 0;
        long unchanged = 0;
        long overwritten = 0;
        for (Map<String, Object> row : incoming) {
            Optional<Map<String, Object>> existing = rows.findSame(table, row);
            Optional<String> taken = nameTaken(table, row, incoming);
            Optional<String> never = taken.isPresent() ? taken
                    : existing.isEmpty() ? secondRun(table, row)
                    : sameRow(table, existing.get(), row) ? Optional.empty() : neverReplaced(table, existing.get(), row);
            if (never.isPresent()) {
                refusals.add(never.get());
                refused.add(row.get("id"));
            } else if (existing.isEmpty()) {
                rows.insert(table, row);
                inserted++;
            } else if (sameRow(table, existing.get(), row)) {
                unchanged++;
            } else if (overwrite) {
                rows.replace(table, row);
                overwritten++;
            } else {
                conflicts.add(table + " " + label(table, row));
                refused.add(row.get("id"));
            }
        }
        return new TableCounts(inserted, unchanged, overwritten);
    }

    /** Deployment statuses that are final: a finished deployment never changes. */
    private static final java.util.Set<Object> FINISHED = java.util.Set.of("succeeded", "failed", "cancelled");

    /**
     * Why a row here must not be replaced by the document's, even with overwrite: a finished
     * deployment is history (an older backup would move it back to running), and a project moves to
     * 'deploying' only with a running deploy that holds its lock.
     */
    private static Optional<String> neverReplaced(String table, Map<String, Object> here, Map<String, Object> row) {
        if (table.equals("deployments") && FINISHED.contains(here.get("status"))) {
            return Optional.of("deployments " + row.get("id") + " (finished here as '" + here.get("status")
                    + "', the document says '" + row.get("status") + "': a finished deployment never changes; leave"
                    + " it out of the document, or unregister its project here first and import again)");
        }
        if (table.equals("projects") && "deploying".equals(row.get("status")) && !"deploying".equals(here.get("status"))) {
            return Optional.of("projects " + row.get("id") + " ('" + here.get("name") + "' is '" + here.get("status")
                    + "' here, the document says 'deploying': an import never moves a project back into a deploy,"
                    + " only `deployment start` holding its lock does; unregister it here first to take the document's)");
        }
        return Optional.empty();
    }

    /**
     * Why a new deployment row cannot come in: it is running (or pending) while this registry runs
     * another deployment of the same project; its lock does not travel, so two would run at once.
     */
    private Optional<String> secondRun(String table, Map<String, Object> row) {
        if (!table.equals("deployments") || FINISHED.contains(row.get("status"))) {
            return Optional.empty();
        }
        return rows.findUnfinishedDeployment(row.get("project_id"))
                .map(other -> "deployments " + row.get("id") + " (it is '" + row.get("status") + "' while deployment "
                        + other.get("id") + " of the same project runs here; wait for that one to finish, or leave"
                        + " this one out of the document)");
    }

    /**
     * Why a row cannot come in under its name: a project name, or a resource's (project, network,
     * name, type), held here by a row of another id (another registry's project of the same name
     * is not the same project; it is never replaced, even with overwrite).
     */
    private Optional<String> nameTaken(String table, Map<String, Object> row, List<Map<String, Object>> incoming) {
        Optional<Map<String, Object>> holder = switch (table) {
            case "projects" -> rows.findBy("projects", "name", row.get("name"));
            case "resources" -> rows.findResourceByKey(row.get("project_id"), row.get("network"), row.get("name"),
                    row.get("type"));
            default -> Optional.empty();
        };
        java.util.Set<Object> documentIds = new java.util.HashSet<>();
        incoming.forEach(r -> documentIds.add(r.get("id")));
        return holder.filter(other -> !Objects.equals(other.get("id"), row.get("id")))
                .map(other -> documentIds.contains(other.get("id"))
                        ? table + " " + row.get("id") + " (the document itself holds two " + table + " named '"
                                + row.get("name") + "'" + (table.equals("resources") ? " in project " + row.get("project_id")
                                        + ", network " + (row.get("network") == null ? "(none)" : row.get("network"))
                                        + ", type " + row.get("type") : "")
                                + ": " + other.get("id") + " and " + row.get("id") + "; keep one of them in the document)"
                        : table + " " + row.get("id") + " (its name '" + row.get("name") + "' belongs here to "
                        + table.substring(0, table.length() - 1) + " " + other.get("id")
                        + ", which an import never replaces, not even with --overwrite; rename one of them, or"
                        + " unregister this registry's " + table.substring(0, table.length() - 1) + " first)");
    }

    /**
     * Output versions: history, so a version is matched by what it records (resource, time,
     * outputs, marks, deployment, writer), never replaced; new ones keep their ids when every one
     * is above this registry's newest, else all are renumbered after it, in the document's order
     * (the order of the changes). {@code versionIds} receives each document id's id here.
     */
    private TableCounts importVersions(List<Map<String, Object>> incoming, Renumbering versionIds) {
        List<Map<String, Object>> ordered = new ArrayList<>(incoming);
        ordered.sort(java.util.Comparator.comparingLong(row -> ((Number) row.get("id")).longValue()));
        long newest = rows.maxKey("output_versions");
        List<Map<String, Object>> fresh = new ArrayList<>();
        long unchanged = 0;
        for (Map<String, Object> row : ordered) {
            Optional<Object> same = rows.findSameVersion(row);
            if (same.isPresent()) {
                versionIds.ids.put(((Number) row.get("id")).longValue(), ((Number) same.get()).longValue());
                unchanged++;
            } else {
                fresh.add(row);
            }
        }
        boolean keep = fresh.stream().allMatch(row -> ((Number) row.get("id")).longValue() > newest);
        long next = newest + 1;
        for (Map<String, Object> row : fresh) {
            long id = ((Number) row.get("id")).longValue();
            long here = keep ? id : next++;
            versionIds.ids.put(id, here);
            versionIds.renumbered |= here != id;
            Map<String, Object> inserted = new LinkedHashMap<>(row);
            inserted.put("id", here);
            rows.insert("output_versions", inserted);
        }
        versionIds.renumbered |= unchanged > 0 && versionIds.ids.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(e.getValue()));
        if (!fresh.isEmpty()) {
            rows.syncGeneratedKeys("output_versions");
        }
        return new TableCounts(fresh.size(), unchanged, 0);
    }

    /**
     * Events matched by (session, seq); new ones keep their ids when none is taken here, else the
     * whole session's new events are renumbered after every id in use, in seq order.
     * {@code eventIds} receives each document id's id here.
     */
    private TableCounts importEvents(List<Map<String, Object>> incoming, boolean overwrite, List<String> conflicts,
            Map<Object, Object> eventIds) {
        List<Map<String, Object>> ordered = new ArrayList<>(incoming);
        ordered.sort(java.util.Comparator.comparing((Map<String, Object> row) -> String.valueOf(row.get("session_id")))
                .thenComparingLong(row -> ((Number) row.get("seq")).longValue())
                .thenComparingLong(row -> ((Number) row.get("id")).longValue()));
        Map<Map<String, Object>, Map<String, Object>> matched = new java.util.IdentityHashMap<>();
        Map<Object, Boolean> sessionKeepsIds = new LinkedHashMap<>();
        long highestKept = 0;
        for (Map<String, Object> row : ordered) {
            Optional<Map<String, Object>> existing = rows.findEvent(row.get("session_id"), row.get("seq"));
            if (existing.isPresent()) {
                matched.put(row, existing.get());
                eventIds.put(row.get("id"), existing.get().get("id"));
                continue;
            }
            boolean free = rows.find("events", row.get("id")).isEmpty();
            sessionKeepsIds.merge(row.get("session_id"), free, Boolean::logicalAnd);
        }
        for (Map<String, Object> row : ordered) {
            if (!matched.containsKey(row) && sessionKeepsIds.get(row.get("session_id"))) {
                eventIds.put(row.get("id"), row.get("id"));
                highestKept = Math.max(highestKept, ((Number) row.get("id")).longValue());
            }
        }
        long next = Math.max(rows.maxKey("events"), highestKept) + 1;
        for (Map<String, Object> row : ordered) {
            if (!eventIds.containsKey(row.get("id"))) {
                eventIds.put(row.get("id"), next++);
            }
        }
        long inserted = 0;
        long unchanged = 0;
        long overwritten = 0;
        for (Map<String, Object> row : ordered) {
            Map<String, Object> here = new LinkedHashMap<>(row);
            here.put("id", eventIds.get(row.get("id")));
            Object parent = row.get("parent_event_id");
            if (parent != null && eventIds.containsKey(parent)) {
                here.put("parent_event_id", eventIds.get(parent));
            }
            Map<String, Object> existing = matched.get(row);
            if (existing == null) {
                rows.insert("events", here);
                inserted++;
            } else if (sameRow("events", existing, here)) {
                unchanged++;
            } else if (overwrite) {
                rows.replace("events", here);
                overwritten++;
            } else {
                conflicts.add("events " + row.get("id") + " (session " + row.get("session_id") + ", seq "
                        + row.get("seq") + ")");
            }
        }
        if (inserted > 0) {
            rows.syncGeneratedKeys("events");
        }
        return new TableCounts(inserted, unchanged, overwritten);
    }

    /**
     * Copies this whole registry into {@code target} and verifies the copy, in one transaction on
     * the target: every row of the source is found in the target with the same values (events by
     * session and seq), or nothing is committed. The target's own rows are kept. This registry is
     * only read. Running it twice duplicates nothing.
     *
     * @param overwrite whether target rows of the same identity that differ are replaced
     * @throws ImportConflictException when target rows differ and {@code overwrite} is false
     * @throws UnknownDataException when this registry holds columns or tables this build does not know
     * @throws DatabaseException when the verification finds a difference; nothing was committed
     */
    public MigrationReport migrateTo(TransferService target, boolean overwrite) {
        Map<String, Object> document = exportDocument();
        Map<String, List<Map<String, Object>>> tables = tablesOf(document);
        return target.database.write(handle -> {
            Map<Object, Object> eventIds = new LinkedHashMap<>();
            Renumbering versionIds = new Renumbering();
            Map<String, TableCounts> imported = target.importTables(tables, overwrite, eventIds, versionIds);
            MessageDigest sourceDigest = sha256();
            MessageDigest targetDigest = sha256();
            Map<String, Long> counts = new LinkedHashMap<>();
            Map<String, Long> own = new LinkedHashMap<>();
            List<String> differences = new ArrayList<>();
            for (Map.Entry<String, List<Map<String, Object>>> table : tables.entrySet()) {
                String name = table.getKey();
                // digested as checksum() digests a table, so that a copy into an empty target gives its checksum
                sourceDigest.update(name.getBytes(StandardCharsets.UTF_8));
                targetDigest.update(name.getBytes(StandardCharsets.UTF_8));
                for (Map<String, Object> row : table.getValue()) {
                    Map<String, Object> expected = new LinkedHashMap<>(versionIds.translate(name, row));
                    if (name.equals("events")) {
                        expected.put("id", eventIds.get(row.get("id")));
                        Object parent = row.get("parent_event_id");
                        if (parent != null && eventIds.containsKey(parent)) {
                            expected.put("parent_event_id", eventIds.get(parent));
                        }
                    }
                    Optional<Map<String, Object>> found = target.rows.findSame(name, expected);
                    if (found.isEmpty() || !sameRow(name, found.get(), expected)) {
                        differences.add(name + " " + label(name, row));
                        continue;
                    }
                    sourceDigest.update(Json.writeValue(canonical(name, expected)).getBytes(StandardCharsets.UTF_8));
                    sourceDigest.update((byte) '\n');
                    targetDigest.update(Json.writeValue(canonical(name, found.get())).getBytes(StandardCharsets.UTF_8));
                    targetDigest.update((byte) '\n');
                }
                counts.put(name, (long) table.getValue().size());
                own.put(name, target.rows.count(name) - table.getValue().size());
            }
            String sourceChecksum = HexFormat.of().formatHex(sourceDigest.digest());
            if (!differences.isEmpty() || !sourceChecksum.equals(HexFormat.of().formatHex(targetDigest.digest()))) {
                throw new DatabaseException("the target would differ from the source after the copy ("
                        + String.join(", ", differences.subList(0, Math.min(10, differences.size())))
                        + "); nothing was committed. Compare with `stacksolo registry export` on both");
            }
            return new MigrationReport(imported, counts, sourceChecksum, own);
        });
    }

    /** Each table's row count. */
    public Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : RawRowRepository.TABLES.keySet()) {
            counts.put(table, rows.count(table));
        }
        return counts;
    }

    /** The sha256 (hex) over every row of every table, in key order, as canonical JSON. */
    public String checksum() {
        MessageDigest digest = sha256();
        database.write(handle -> {
            for (String table : RawRowRepository.TABLES.keySet()) {
                digest.update(table.getBytes(StandardCharsets.UTF_8));
                for (Map<String, Object> row : rows.rows(table)) {
                    digest.update(Json.writeValue(canonical(table, row)).getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) '\n');
                }
            }
            return null;
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A row's identity for messages: its key value(s). */
    private static String label(String table, Map<String, ?> row) {
        return String.join(" ", RawRowRepository.keyColumns(table).stream().map(c -> String.valueOf(row.get(c))).toList());
    }

    private static Map<String, Object> canonical(String table, Map<String, ?> row) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        for (String column : RawRowRepository.TABLES.get(table)) {
            Object value = row.get(column);
            canonical.put(column, value instanceof Number number ? (Object) number.longValue() : value);
        }
        return canonical;
    }

    private static boolean sameRow(String table, Map<String, ?> a, Map<String, ?> b) {
        Map<String, Object> first = canonical(table, a);
        Map<String, Object> second = canonical(table, b);
        if (table.equals("deployments")) {
            // where outputs stood when it ended, as each registry numbers its versions: not the deployment itself
            first.remove("outputs_version_mark");
            second.remove("outputs_version_mark");
        }
        return Objects.equals(first, second);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Map<String, Object>>> tablesOf(Map<String, ?> document) {
        if (!FORMAT.equals(document.get("format")) || !(document.get("tables") instanceof Map<?, ?> tables)) {
            throw new InvalidDocumentException("not a registry export: it needs \"format\": \"" + FORMAT
                    + "\" and a \"tables\" object (make one with `stacksolo registry export`)");
        }
        for (Object table : tables.keySet()) {
            if (!RawRowRepository.TABLES.containsKey(String.valueOf(table))) {
                throw new InvalidDocumentException("the export has an unknown table \"" + table + "\"; expected "
                        + String.join(", ", RawRowRepository.TABLES.keySet()));
            }
        }
        Map<String, List<Map<String, Object>>> result = new LinkedHashMap<>();
        for (String table : RawRowRepository.TABLES.keySet()) {
            Object tableRows = tables.get(table);
            if (tableRows == null) {
                continue;
            }
            if (!(tableRows instanceof List<?> list) || !list.stream().allMatch(r -> r instanceof Map<?, ?>)) {
                throw new InvalidDocumentException("the export's \"" + table + "\" must be a list of row objects");
            }
            List<String> columns = RawRowRepository.TABLES.get(table);
            for (int i = 0; i < list.size(); i++) {
                Map<?, ?> row = (Map<?, ?>) list.get(i);
                List<String> missing = columns.stream().filter(column -> !row.containsKey(column)
                        && !RawRowRepository.OPTIONAL_COLUMNS.contains(column)).toList();
                if (!missing.isEmpty()) {
                    throw new InvalidDocumentException("row " + (i + 1) + " of \"" + table + "\" lacks "
                            + String.join(", ", missing) + "; an export has every column of every row"
                            + " (null where empty)");
                }
                List<String> unknown = row.keySet().stream().map(String::valueOf).filter(c -> !columns.contains(c)).toList();
                if (!unknown.isEmpty()) {
                    throw new InvalidDocumentException("the export's " + table + " row " + row.get(columns.get(0))
                            + " has columns this stacksolo does not know: " + String.join(", ", unknown)
                            + "; importing would drop them. Import it with the tool that wrote them; nothing was imported");
                }
                for (String column : columns) {
                    Object value = row.get(column);
                    String problem = typeProblem(table, column, value);
                    if (problem != null) {
                        throw new InvalidDocumentException("the export's " + table + " row " + row.get(columns.get(0))
                                + " has " + problem + " in column " + column + "; nothing was imported");
                    }
                }
            }
            List<Map<String, Object>> valid = (List<Map<String, Object>>) tableRows;
            result.put(table, switch (table) {
                case "deployments" -> valid.stream().map(row -> maskedAsStored(row, MASKED_COLUMNS)).toList();
                // checked when a config is read, never by another tool: a URL with a password there is shown
                // by every view and readable by a team's reader role
                case "projects" -> valid.stream().map(row -> maskedAsStored(row, MASKED_PROJECT_COLUMNS)).toList();
                case "sessions" -> valid.stream().map(TransferService::sessionAsStored).toList();
                case "events" -> valid.stream().map(TransferService::eventAsStored).toList();
                default -> valid;
            });
        }
        return result;
    }

    /** Deployment text columns our writers store masked (DeploymentRepository), whoever wrote them. */
    private static final List<String> MASKED_COLUMNS = List.of("error", "log_path");

    /** Project columns that are names to show, masked when they hold something secret. */
    private static final List<String> MASKED_PROJECT_COLUMNS = List.of("region", "gcp_project_id");

    /**
     * A deployment row as this registry stores one: its error and log path masked by
     * {@link Secrets#maskText}, as our own writers store them, so that an older version's or the
     * TypeScript registry's unmasked text (which a PostgreSQL reader role may SELECT) is not brought in.
     */
    private static Map<String, Object> maskedAsStored(Map<String, Object> row, List<String> columns) {
        Map<String, Object> masked = null;
        for (String column : columns) {
            if (row.get(column) instanceof String text) {
                String stored = Secrets.maskText(text);
                if (!stored.equals(text)) {
                    if (masked == null) {
                        masked = new LinkedHashMap<>(row);
                    }
                    masked.put(column, stored);
                }
            }
        }
        return masked == null ? row : masked;
    }

    /**
     * A session row as this registry stores one: each of its arguments masked as {@link
     * EventLogService} masks them when it logs a command (another tool's or an older version's row may
     * hold a raw {@code --password=…}); an {@code args} that is not a JSON array masked as text. The
     * row is kept as it is when masking changes nothing.
     */
    private static Map<String, Object> sessionAsStored(Map<String, Object> row) {
        // the command too: ours writes a command's name, another tool may have written a whole line
        Map<String, Object> commandMasked = row.get("command") instanceof String command
                ? withColumn(row, "command", command, Secrets.maskText(command)) : row;
        if (!(commandMasked.get("args") instanceof String text) || text.isBlank()) {
            return commandMasked;
        }
        String stored;
        try {
            List<Object> args = Json.codec().listFrom(text);
            List<String> masked = EventLogService.maskArguments(args.stream().map(String::valueOf).toList());
            stored = masked.equals(args) ? text : Json.writeValue(masked);
        } catch (java.io.IOException | RuntimeException notAnArray) {
            stored = Secrets.maskText(text);
        }
        return withColumn(commandMasked, "args", text, stored);
    }

    /**
     * An event row as this registry stores one: its data masked by {@link Secrets#mask(Map)} as
     * {@link EventLogService} masks every event it logs; data that is not a JSON object masked as text.
     */
    private static Map<String, Object> eventAsStored(Map<String, Object> row) {
        if (!(row.get("data") instanceof String text)) {
            return row;
        }
        String stored;
        try {
            Map<String, Object> data = Json.readObject(text);
            Map<String, Object> masked = Secrets.mask(data);
            stored = masked.equals(data) ? text : Json.writeValue(masked);
        } catch (java.io.IOException | RuntimeException notAnObject) {
            stored = Secrets.maskText(text);
        }
        return withColumn(row, "data", text, stored);
    }

    private static Map<String, Object> withColumn(Map<String, Object> row, String column, String was, String now) {
        if (now.equals(was)) {
            return row;
        }
        Map<String, Object> masked = new LinkedHashMap<>(row);
        masked.put(column, now);
        return masked;
    }

    /** Integer columns of the format (the others hold text). */
    private static final java.util.Set<String> INTEGER_COLUMNS = java.util.Set.of("seq", "parent_event_id", "exit_code",
            "outputs_version_mark");

    /** Columns declared NOT NULL by the format, as table.column. */
    private static final java.util.Set<String> REQUIRED = java.util.Set.of(
            "projects.id", "projects.name", "projects.gcp_project_id", "projects.region", "projects.status",
            "projects.created_at", "projects.updated_at", "resources.id", "resources.project_id", "resources.type",
            "resources.name", "resources.resource_type", "resources.config", "resources.status",
            "resources.created_at", "resources.updated_at", "deployments.id", "deployments.project_id",
            "deployments.action", "deployments.status", "deployments.config_snapshot", "deployments.started_at",
            "sessions.id", "sessions.started_at", "sessions.command", "events.id", "events.session_id",
            "events.timestamp", "events.seq", "events.category", "events.event_type", "events.data",
            "project_references.project_id", "project_references.path", "project_references.reference",
            "project_references.target_project", "project_references.target_resource",
            "project_references.recorded_at", "output_versions.id", "output_versions.resource_id",
            "output_versions.project_id", "output_versions.outputs", "output_versions.recorded_at");

    /** What is wrong with {@code value} for the column, or null when it fits the schema. */
    private static String typeProblem(String table, String column, Object value) {
        if (value == null) {
            return REQUIRED.contains(table + "." + column) ? "null where a value is required" : null;
        }
        boolean integer = INTEGER_COLUMNS.contains(column)
                || ((table.equals("events") || table.equals("output_versions")) && column.equals("id"));
        if (integer) {
            return value instanceof Integer || value instanceof Long
                    || (value instanceof java.math.BigInteger big && big.bitLength() < 64) ? null
                    : describe(value) + " where a whole number belongs";
        }
        return value instanceof String text ? valueProblem(table + "." + column, text)
                : describe(value) + " where text belongs";
    }

    /** Why {@code text} is not what register records as a config path (absolute), or empty. */
    static Optional<String> absolutePathProblem(String text) {
        try {
            return !text.isBlank() && java.nio.file.Path.of(text).isAbsolute() ? Optional.empty()
                    : Optional.of("config path '" + text + "' is not absolute");
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.of("config path '" + text + "' is not a path");
        }
    }

    /** Timestamp columns, as table.column: their text must parse as the library's own writes do. */
    private static final java.util.Set<String> TIMESTAMPS = java.util.Set.of("projects.last_deployed_at",
            "projects.created_at", "projects.updated_at", "resources.last_deployed_at", "resources.created_at",
            "resources.updated_at", "deployments.started_at", "deployments.completed_at", "sessions.started_at",
            "sessions.finished_at", "events.timestamp", "project_references.recorded_at", "output_versions.recorded_at");

    /** Columns holding a JSON object, as table.column: finite numbers only, as the library writes them. */
    private static final java.util.Set<String> JSON_OBJECTS = java.util.Set.of("resources.config",
            "resources.outputs", "deployments.config_snapshot", "output_versions.outputs");

    /** Columns holding one of a known set of values, as table.column, with the parser that knows them. */
    private static final Map<String, java.util.function.Function<String, ?>> ENUMS = Map.of(
            "projects.status", dev.stacksolo.registry.types.ProjectStatus::fromValue,
            "resources.type", dev.stacksolo.registry.types.ResourceType::fromValue,
            "resources.status", dev.stacksolo.registry.types.ResourceStatus::fromValue,
            "deployments.action", dev.stacksolo.registry.types.DeploymentAction::fromValue,
            "deployments.status", dev.stacksolo.registry.types.DeploymentStatus::fromValue);

    /**
     * What the library, reading the row back, would find wrong with {@code text} (a timestamp that
     * does not parse, a status it does not know, JSON that is not a finite object), or null.
     */
    private static String valueProblem(String column, String text) {
        if (TIMESTAMPS.contains(column)) {
            try {
                Times.parse(text);
            } catch (RuntimeException e) {
                return "the text " + Json.writeValue(text) + ", not a timestamp (like 2026-01-31T12:00:00.000Z),";
            }
        }
        if (ENUMS.containsKey(column)) {
            try {
                ENUMS.get(column).apply(text);
            } catch (RuntimeException e) {
                return "the text " + Json.writeValue(text) + ", not a value this stacksolo knows,";
            }
        }
        Optional<String> badName = switch (column) {
            case "projects.name" -> dev.stacksolo.registry.types.Names.projectNameProblem(text);
            case "resources.name" -> dev.stacksolo.registry.types.Names.segmentProblem("resource", text);
            case "resources.network" -> dev.stacksolo.registry.types.Names.segmentProblem("network", text);
            case "projects.config_path" -> absolutePathProblem(text);
            default -> Optional.empty();
        };
        if (badName.isPresent()) {
            return "a value `stacksolo register` refuses (" + badName.get() + ")";
        }
        if (JSON_OBJECTS.contains(column)) {
            try {
                Json.write(Json.readObject(text));
            } catch (java.io.IOException | RuntimeException e) {
                return "text that is not a JSON object of finite values ("
                        + (e instanceof java.io.IOException io ? Json.describeError(io) : e.getMessage()) + ")";
            }
        }
        return null;
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a JSON object";
        }
        if (value instanceof List<?>) {
            return "a JSON list";
        }
        return (value instanceof String ? "the text " : "the value ") + Json.writeValue(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
