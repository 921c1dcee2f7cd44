package dev.stacksolo.registry.service;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.ImportConflictException;
import dev.stacksolo.registry.InvalidDocumentException;
import dev.stacksolo.registry.ReadOnlyRegistryException;
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
 * registries (SQLite and PostgreSQL alike), with ids, timestamps and raw values kept exactly.
 *
 * <p>The document: {@code {"format": "stacksolo-registry", "formatVersion": 1, "schemaVersion": n,
 * "exportedAt": "…", "tables": {"projects": [rows…], "resources": […], "deployments": […],
 * "sessions": […], "events": […]}}}, each row an object of the table's columns (snake_case, as
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
     * @param rowCounts each table's row count, equal in source and target
     * @param checksum the sha256 over every row, equal in source and target
     */
    public record MigrationReport(Map<String, TableCounts> imported, Map<String, Long> rowCounts, String checksum) {}

    /**
     * The whole registry as an export document (a map of JSON values), read in one snapshot.
     *
     * @throws ReadOnlyRegistryException when the registry's schema is newer than this build knows
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
     * Writes an export document into this registry in one transaction. Rows already present with
     * the same values are left alone, so importing twice duplicates nothing.
     *
     * @param overwrite whether rows present with different values are replaced
     * @return what was done, per table
     * @throws ImportConflictException when rows differ and {@code overwrite} is false; nothing written
     * @throws InvalidDocumentException when {@code document} is not an export document
     */
    public Map<String, TableCounts> importDocument(Map<String, ?> document, boolean overwrite) {
        Map<String, List<Map<String, Object>>> tables = tablesOf(document);
        return database.write(handle -> {
            Map<String, TableCounts> counts = new LinkedHashMap<>();
            List<String> conflicts = new ArrayList<>();
            for (Map.Entry<String, List<Map<String, Object>>> table : tables.entrySet()) {
                counts.put(table.getKey(), importTable(table.getKey(), table.getValue(), overwrite, conflicts));
            }
            if (!conflicts.isEmpty()) {
                throw new ImportConflictException(conflicts);
            }
            if (database.dialect().keepsPublicOutputs()) {
                // an export carries the outputs only: a reader role reads their masked copies
                dev.stacksolo.registry.db.PublicOutputs.refreshAll(handle);
            }
            return counts;
        });
    }

    private TableCounts importTable(String table, List<Map<String, Object>> incoming, boolean overwrite,
            List<String> conflicts) {
        String key = RawRowRepository.TABLES.get(table).get(0);
        long inserted = 0;
        long unchanged = 0;
        long overwritten = 0;
        for (Map<String, Object> row : incoming) {
            Optional<Map<String, Object>> existing = rows.find(table, row.get(key));
            if (existing.isEmpty()) {
                rows.insert(table, row);
                inserted++;
            } else if (sameRow(table, existing.get(), row)) {
                unchanged++;
            } else if (overwrite) {
                rows.replace(table, row);
                overwritten++;
            } else {
                conflicts.add(table + " " + row.get(key));
            }
        }
        if (inserted > 0 && table.equals("events")) {
            rows.syncGeneratedKeys(table);
        }
        return new TableCounts(inserted, unchanged, overwritten);
    }

    /**
     * Copies this whole registry into {@code target} in one transaction on the target, then checks
     * that both hold the same number of rows per table and the same checksum over every row. This
     * registry is only read. Running it twice duplicates nothing.
     *
     * @param overwrite whether target rows that differ are replaced
     * @throws ImportConflictException when target rows differ and {@code overwrite} is false
     * @throws DatabaseException when the verification finds a difference
     */
    public MigrationReport migrateTo(TransferService target, boolean overwrite) {
        Map<String, Object> document = exportDocument();
        Map<String, TableCounts> imported = target.importDocument(document, overwrite);
        Map<String, Long> sourceCounts = rowCounts();
        Map<String, Long> targetCounts = target.rowCounts();
        String sourceChecksum = checksum();
        String targetChecksum = target.checksum();
        if (!sourceCounts.equals(targetCounts) || !sourceChecksum.equals(targetChecksum)) {
            throw new DatabaseException("the target differs from the source after the copy (rows " + sourceCounts
                    + " vs " + targetCounts + "); it holds rows the source does not. Migrate into an empty"
                    + " registry, or compare with `stacksolo registry export` on both");
        }
        return new MigrationReport(imported, sourceCounts, sourceChecksum);
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

    private static Map<String, Object> canonical(String table, Map<String, ?> row) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        for (String column : RawRowRepository.TABLES.get(table)) {
            Object value = row.get(column);
            canonical.put(column, value instanceof Number number ? (Object) number.longValue() : value);
        }
        return canonical;
    }

    private static boolean sameRow(String table, Map<String, ?> a, Map<String, ?> b) {
        return Objects.equals(canonical(table, a), canonical(table, b));
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
            }
            result.put(table, (List<Map<String, Object>>) tableRows);
        }
        return result;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
