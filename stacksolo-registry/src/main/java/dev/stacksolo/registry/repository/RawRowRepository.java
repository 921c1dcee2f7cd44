package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Handle;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every table's rows as raw column values (text, integers, nulls), exactly as stored: what an
 * export, import or migration copies, including rows this build could not map to records.
 * Thread-safe (every call goes through {@link Database}).
 */
public final class RawRowRepository {

    /**
     * The format's tables in foreign-key order (parents first), each with its columns; the first
     * column is the primary key, except where {@link #keyColumns(String)} says otherwise.
     */
    public static final Map<String, List<String>> TABLES = tables();

    /**
     * The primary key columns of {@code table}: its first column, or (project_id, path) for
     * {@code project_references}, whose rows are one per reference a project's config makes.
     *
     * @throws IllegalArgumentException when {@code table} is not one of {@link #TABLES}
     */
    public static List<String> keyColumns(String table) {
        List<String> columns = requireTable(table);
        return table.equals("project_references") ? List.of("project_id", "path") : List.of(columns.get(0));
    }

    private final Database database;

    /** A repository over {@code database}. */
    public RawRowRepository(Database database) {
        this.database = database;
    }

    private static Map<String, List<String>> tables() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        tables.put("projects", columns(ProjectRepository.COLUMNS));
        // before resources: an import writes the history first, so that the versions its own writes
        // of resources make come after it (and are dropped where they repeat its newest)
        tables.put("output_versions", columns(OutputVersionRepository.COLUMNS));
        tables.put("resources", columns(ResourceRepository.COLUMNS));
        List<String> deployments = new ArrayList<>(columns(DeploymentRepository.COLUMNS));
        deployments.add("outputs_version_mark");
        tables.put("deployments", List.copyOf(deployments));
        tables.put("sessions", List.of("id", "started_at", "finished_at", "command", "args", "config_hash",
                "project_name", "gcp_project_id", "exit_code"));
        tables.put("events", List.of("id", "session_id", "timestamp", "seq", "project", "category", "event_type",
                "resource_type", "resource_name", "terraform_address", "data", "parent_event_id", "correlation_id"));
        // the cross-project graph: without it a copy would let a project others read from be destroyed
        tables.put("project_references", List.of("project_id", "path", "reference", "target_project",
                "target_network", "target_resource", "property", "recorded_at"));
        return java.util.Collections.unmodifiableMap(tables);
    }

    private static List<String> columns(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::trim).toList();
    }

    /** Every row of {@code table}, ordered by primary key, as column → value. */
    public List<Map<String, Object>> rows(String table) {
        List<String> columns = requireTable(table);
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + table + " ORDER BY "
                + String.join(", ", keyColumns(table));
        return database.read(handle -> handle.query(sql, RawRowRepository::map));
    }

    /** How many rows {@code table} has. */
    public long count(String table) {
        requireTable(table);
        return database.read(handle -> handle.queryFirst("SELECT count(*) FROM " + table, row -> row.getLong(1))
                .orElse(0L));
    }

    /**
     * Columns an export made before they existed lacks (imported as NULL): {@code sensitive_outputs}
     * came with schema version 5.
     */
    public static final java.util.Set<String> OPTIONAL_COLUMNS = java.util.Set.of("sensitive_outputs",
            "outputs_version_mark");

    /**
     * Columns of {@code resources} that are derived or local, never exported: the reader role's
     * masked copy, and who last wrote the outputs (the versions carry it).
     */
    public static final java.util.Set<String> LOCAL_RESOURCE_COLUMNS = java.util.Set.of(
            dev.stacksolo.registry.db.PublicOutputs.COLUMN, "outputs_write_token", "outputs_by", "outputs_deployment_id");

    /** The integer columns of the format (all others are text). */
    private static final java.util.Set<String> INTEGER_COLUMNS = java.util.Set.of("seq", "parent_event_id", "exit_code",
            "outputs_version_mark");
    private static final Handle.TypedNull INTEGER_NULL = new Handle.TypedNull(java.sql.Types.INTEGER);

    /** The row of {@code table} whose primary key is {@code id}, inside the caller's transaction or not. */
    public Optional<Map<String, Object>> find(String table, Object id) {
        List<String> columns = requireTable(table);
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE " + columns.get(0) + " = ?";
        return database.read(handle -> handle.queryFirst(sql, RawRowRepository::map, id));
    }

    /** The row of {@code table} with the same primary key (all its key columns) as {@code row}. */
    public Optional<Map<String, Object>> findSame(String table, Map<String, ?> row) {
        List<String> columns = requireTable(table);
        List<String> key = keyColumns(table);
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE "
                + String.join(" AND ", key.stream().map(c -> c + " = ?").toList());
        Object[] values = key.stream().map(row::get).toArray();
        return database.read(handle -> handle.queryFirst(sql, RawRowRepository::map, values));
    }

    /** Inserts a row with its own primary key. */
    public void insert(String table, Map<String, Object> row) {
        List<String> columns = requireTable(table);
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        database.write(handle -> handle.update(sql, values(columns, row, 0)));
    }

    /** Replaces every column of the row with the same primary key. */
    public void replace(String table, Map<String, Object> row) {
        List<String> columns = requireTable(table);
        List<String> key = keyColumns(table);
        List<String> others = columns.stream().filter(c -> !key.contains(c)).toList();
        String sql = "UPDATE " + table + " SET " + String.join(", ", others.stream().map(c -> c + " = ?").toList())
                + " WHERE " + String.join(" AND ", key.stream().map(c -> c + " = ?").toList());
        List<Object> values = new ArrayList<>(java.util.Arrays.asList(values(others, row, 0)));
        key.forEach(c -> values.add(row.get(c)));
        Object[] withKey = values.toArray();
        database.write(handle -> handle.update(sql, withKey));
    }

    private static Object[] values(List<String> columns, Map<String, Object> row, int from) {
        List<Object> values = new ArrayList<>();
        for (String column : columns.subList(from, columns.size())) {
            Object value = row.get(column);
            values.add(value == null && INTEGER_COLUMNS.contains(column) ? INTEGER_NULL : value);
        }
        return values.toArray();
    }

    private static Map<String, Object> map(ResultSet row) throws SQLException {
        ResultSetMetaData meta = row.getMetaData();
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String column = meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
            values.put(column, isInteger(meta.getColumnType(i)) || isIntegerColumn(column)
                    ? integer(row, i) : row.getString(i));
        }
        return values;
    }

    // SQLite reports the declared type loosely; these columns are integers in the format
    private static boolean isIntegerColumn(String column) {
        return column.equals("seq") || column.equals("exit_code") || column.equals("parent_event_id")
                || column.equals("outputs_version_mark");
    }

    private static boolean isInteger(int type) {
        return type == Types.INTEGER || type == Types.BIGINT || type == Types.SMALLINT;
    }

    private static Long integer(ResultSet row, int index) throws SQLException {
        long value = row.getLong(index);
        return row.wasNull() ? null : value;
    }

    private static List<String> requireTable(String table) {
        List<String> columns = TABLES.get(table);
        if (columns == null) {
            throw new IllegalArgumentException("not a registry table: " + table);
        }
        return columns;
    }

    /**
     * Tells the database that rows of {@code table} were inserted with explicit integer keys, so
     * that its next generated key does not collide with them.
     */
    public void syncGeneratedKeys(String table) {
        String key = requireTable(table).get(0);
        database.write(handle -> {
            database.dialect().syncIdentity(handle.connection(), table, key);
            return null;
        });
    }

    /**
     * Tables of this project's own that an export leaves out on purpose: {@code deployment_locks}
     * is live state of this registry (a lease held by a process on this machine, meaningless in
     * another registry), as is {@code staged_outputs} (a running deploy's writes, not yet
     * published: a copy holds what readers see, the published outputs), {@code resource_counts} is
     * derived (kept by triggers), {@code stacksolo_schema} is versioning, {@code reference_baselines}
     * are keyed hashes that only this registry's {@code registry_keys} can check (a key that must not
     * travel in a document; an imported project is untracked until its next deploy, which
     * {@code stacksolo stale} says). {@code project_references} is carried (see {@link #TABLES}).
     */
    public static final java.util.Set<String> OWN_TABLES = java.util.Set.of(
            "deployment_locks", "resource_counts", "stacksolo_schema", "reference_baselines", "registry_keys",
            "staged_outputs");

    /**
     * Columns and tables in this database that this build does not know (another tool's, or a
     * newer version's), as {@code table.column} and {@code table}: what an export would leave out.
     */
    public List<String> unknownColumnsAndTables() {
        return database.read(handle -> {
            java.sql.Connection connection = handle.connection();
            java.sql.DatabaseMetaData meta = connection.getMetaData();
            String schema = connection.getSchema();
            List<String> unknown = new ArrayList<>();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
                }
            }
            for (String table : tables) {
                if (table.startsWith("sqlite_") || OWN_TABLES.contains(table)) {
                    continue;
                }
                List<String> known = TABLES.get(table);
                if (known == null) {
                    unknown.add("table " + table);
                    continue;
                }
                try (ResultSet columns = meta.getColumns(null, schema, table, "%")) {
                    while (columns.next()) {
                        String column = columns.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT);
                        // the reader role's masked copy of the outputs: derived, made again after an import
                        boolean derived = table.equals("resources") && LOCAL_RESOURCE_COLUMNS.contains(column);
                        if (!known.contains(column) && !derived) {
                            unknown.add("column " + table + "." + column);
                        }
                    }
                }
            }
            return unknown;
        });
    }

    /** The first event of {@code sessionId} with this {@code seq}: an event's identity across registries. */
    public Optional<Map<String, Object>> findEvent(Object sessionId, Object seq) {
        List<String> columns = requireTable("events");
        String sql = "SELECT " + String.join(", ", columns) + " FROM events WHERE session_id = ? AND seq = ? ORDER BY id";
        return database.read(handle -> handle.queryFirst(sql, RawRowRepository::map, sessionId, seq));
    }

    /**
     * The id of an output version that records the same change as {@code row} (every column but
     * the id equal): the identity of a version across registries, whose ids each number alone.
     */
    public Optional<Object> findSameVersion(Map<String, ?> row) {
        List<String> columns = requireTable("output_versions").subList(1, TABLES.get("output_versions").size());
        StringBuilder sql = new StringBuilder("SELECT id FROM output_versions WHERE resource_id = ? AND recorded_at = ?");
        List<Object> values = new ArrayList<>(List.of(String.valueOf(row.get("resource_id")),
                String.valueOf(row.get("recorded_at"))));
        for (String column : columns) {
            if (column.equals("resource_id") || column.equals("recorded_at")) {
                continue;
            }
            Object value = row.get(column);
            if (value == null) {
                sql.append(" AND ").append(column).append(" IS NULL");
            } else {
                sql.append(" AND ").append(column).append(" = ?");
                values.add(value);
            }
        }
        Object[] parameters = values.toArray();
        return database.read(handle -> handle.queryFirst(sql + " ORDER BY id", r -> (Object) r.getLong(1), parameters));
    }

    /** A deployment of the project that is running or pending (not finished), if any. */
    public Optional<Map<String, Object>> findUnfinishedDeployment(Object projectId) {
        List<String> columns = requireTable("deployments");
        String sql = "SELECT " + String.join(", ", columns) + " FROM deployments WHERE project_id = ?"
                + " AND status IN ('running', 'pending') ORDER BY id";
        return database.read(handle -> handle.queryFirst(sql, RawRowRepository::map, projectId));
    }

    /** The largest integer key of {@code table} (0 when empty). */
    public long maxKey(String table) {
        String key = requireTable(table).get(0);
        return database.read(handle -> handle.queryFirst("SELECT coalesce(max(" + key + "), 0) FROM " + table,
                row -> row.getLong(1)).orElse(0L));
    }

    /** The first row of {@code table} whose {@code column} equals {@code value}. */
    public Optional<Map<String, Object>> findBy(String table, String column, Object value) {
        List<String> columns = requireTable(table);
        if (!columns.contains(column)) {
            throw new IllegalArgumentException("not a column of " + table + ": " + column);
        }
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE " + column + " = ?";
        return database.read(handle -> handle.queryFirst(sql, RawRowRepository::map, value));
    }

    /** The resource of this project with this network (null: none), name and type, whatever its id. */
    public Optional<Map<String, Object>> findResourceByKey(Object projectId, Object network, Object name, Object type) {
        List<String> columns = requireTable("resources");
        String sql = "SELECT " + String.join(", ", columns) + " FROM resources WHERE project_id = ?"
                + " AND coalesce(network, '') = ? AND name = ? AND type = ?";
        return database.read(handle -> handle.queryFirst(sql, RawRowRepository::map, projectId,
                network == null ? "" : network, name, type));
    }
}
