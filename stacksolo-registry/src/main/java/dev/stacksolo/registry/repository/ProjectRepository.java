package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Handle;
import dev.stacksolo.registry.db.Ids;
import dev.stacksolo.registry.db.RowMapper;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.ProjectSummary;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.UpdateProjectInput;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code projects} table. Thread-safe (every call goes through {@link Database}). */
public final class ProjectRepository {

    static final String COLUMNS = "id, name, gcp_project_id, region, config_path, config_hash, status,"
            + " last_deployed_at, created_at, updated_at";
    /**
     * The columns as a role without SELECT on the config hash reads them (a PostgreSQL reader): the
     * hash is the TypeScript registry's plain sha256 of the config file, so a dictionary of guessed
     * passwords finds one in it.
     */
    private static final String PUBLIC_COLUMNS = COLUMNS.replace("config_hash", "NULL AS config_hash");

    static final Columns TABLE = new Columns("projects", COLUMNS);
    static final RowMapper<RegistryProject> MAPPER = mapper(0);

    /** Maps the projects columns that start after {@code offset} other columns. */
    static RowMapper<RegistryProject> mapper(int offset) {
        return resultSet -> map(new Rows(resultSet, TABLE, offset));
    }

    private static RegistryProject map(Rows row) throws java.sql.SQLException {
        return new RegistryProject(
                row.text("id"),
                row.text("name"),
                row.text("gcp_project_id"),
                row.text("region"),
                row.optionalText("config_path"),
                row.optionalText("config_hash"),
                row.enumValue("status", ProjectStatus::fromValue),
                row.optionalInstant("last_deployed_at"),
                row.instant("created_at"),
                row.instant("updated_at"));
    }

    private final Database database;
    /** {@code SELECT columns FROM projects}, without the config hash for a role that may not read it. */
    private final String select;
    /** The columns prefixed {@code p.}, the same way. */
    private final String prefixed;
    /** {@code RETURNING} the columns of {@link #select}: an update gives the row as it is now in the same statement. */
    private final String returning;

    /** A repository over {@code database}. */
    public ProjectRepository(Database database) {
        this.database = database;
        boolean secrets = database.access().readsSecrets();
        this.select = "SELECT " + (secrets ? COLUMNS : PUBLIC_COLUMNS) + " FROM projects";
        this.returning = " RETURNING " + (secrets ? COLUMNS : PUBLIC_COLUMNS);
        this.prefixed = secrets ? TABLE.prefixed("p") : TABLE.prefixed("p").replace("p.config_hash", "NULL AS config_hash");
    }

    /** Inserts a project with a new id and returns it. */
    public RegistryProject create(CreateProjectInput input, Optional<String> configHash) {
        return database.write(handle -> insert(handle, input, configHash, ""))
                .orElseThrow(() -> new IllegalStateException("the insert of project '" + input.name() + "' wrote no row"));
    }

    /**
     * Inserts a project with a new id and returns it, unless a project of that name exists: then
     * nothing is written and the result is empty. One statement, committed on its own (the check
     * is the insert's own, so another process registering the name at once cannot slip in).
     */
    public Optional<RegistryProject> createUnlessNamed(CreateProjectInput input, Optional<String> configHash) {
        return database.writeOneStatement(handle -> insert(handle, input, configHash, " ON CONFLICT (name) DO NOTHING"));
    }

    private static Optional<RegistryProject> insert(Handle handle, CreateProjectInput input, Optional<String> configHash,
            String onConflict) throws java.sql.SQLException {
        String id = Ids.newId();
        Instant now = Times.now();
        String stamp = Times.format(now);
        ProjectStatus status = input.status().orElse(ProjectStatus.PENDING);
        int inserted = handle.update("INSERT INTO projects (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)"
                + onConflict, id, input.name(), input.gcpProjectId(), input.region(), input.configPath().orElse(null),
                configHash.orElse(null), status.value(), stamp, stamp);
        // the row holds exactly these values: no need to read it back
        return inserted == 0 ? Optional.empty() : Optional.of(new RegistryProject(id, input.name(), input.gcpProjectId(),
                input.region(), input.configPath(), configHash, status, Optional.empty(), now, now));
    }

    /** The project with this id. */
    public Optional<RegistryProject> findById(String id) {
        return database.read(handle -> byId(handle, id));
    }

    /** Whether a project has this id: one index look-up, no row read (a write checks it first). */
    public boolean exists(String id) {
        return database.read(handle -> handle.queryFirst("SELECT 1 FROM projects WHERE id = ?", row -> true, id))
                .isPresent();
    }

    /** The project with this name. */
    public Optional<RegistryProject> findByName(String name) {
        return database.read(handle -> handle.queryFirst(select + " WHERE name = ?", MAPPER, name));
    }

    /** The project registered from this config path. */
    public Optional<RegistryProject> findByConfigPath(String configPath) {
        return database.read(handle ->
                handle.queryFirst(select + " WHERE config_path = ? ORDER BY created_at", MAPPER, configPath));
    }

    /** The projects that deploy into this GCP project, by name. */
    public List<RegistryProject> findByGcpProjectId(String gcpProjectId) {
        return database.read(handle ->
                handle.query(select + " WHERE gcp_project_id = ? ORDER BY name", MAPPER, gcpProjectId));
    }

    /** A project's id, name and status as stored (text: a status another tool wrote is kept as it is). */
    public record Brief(String id, String name, String status) {}

    /** Every project's id, name and status, by name: what the graph and staleness need, nothing to parse. */
    public List<Brief> findAllBrief() {
        return database.read(handle -> handle.query("SELECT id, name, status FROM projects ORDER BY name",
                row -> new Brief(row.getString(1), row.getString(2), row.getString(3))));
    }

    /** Every project, by name. */
    public List<RegistryProject> findAll() {
        return database.read(handle -> handle.query(select + " ORDER BY name", MAPPER));
    }

    /** Every project with its resource count, by name, in one query. */
    public List<ProjectSummary> findAllWithResourceCounts() {
        // the counts the triggers keep (schema version 4): counting 500,000 resources took 43 ms
        String sql = "SELECT " + prefixed + ", coalesce(c.n, 0) AS resource_count FROM projects p"
                + " LEFT JOIN resource_counts c ON c.project_id = p.id ORDER BY p.name";
        return database.read(handle -> handle.query(sql,
                row -> new ProjectSummary(MAPPER.map(row), row.getInt(TABLE.names().size() + 1))));
    }

    /**
     * Every project with its resource count as {@link #findAllWithResourceCounts()}; a project row
     * that cannot be read is skipped and passed to {@code onUnreadable}, so one row written badly
     * by another tool does not hide every project.
     */
    public List<ProjectSummary> findAllWithResourceCounts(
            java.util.function.Consumer<dev.stacksolo.registry.CorruptRowException> onUnreadable) {
        String sql = "SELECT " + prefixed + ", coalesce(c.n, 0) AS resource_count FROM projects p"
                + " LEFT JOIN resource_counts c ON c.project_id = p.id ORDER BY p.name";
        RowMapper<ProjectSummary> summary = row -> new ProjectSummary(MAPPER.map(row), row.getInt(TABLE.names().size() + 1));
        return database.read(handle -> handle.query(sql, Rows.skipping(summary, onUnreadable)))
                .stream().flatMap(Optional::stream).toList();
    }

    /**
     * Every project row that cannot be read, each as the failure reading it gives.
     */
    public List<dev.stacksolo.registry.CorruptRowException> findUnreadable() {
        List<dev.stacksolo.registry.CorruptRowException> found = new java.util.ArrayList<>();
        database.read(handle -> handle.query(select + " ORDER BY name", Rows.skipping(MAPPER, found::add)));
        return found;
    }

    /**
     * Applies the present fields of {@code input} and stamps {@code updated_at}.
     *
     * @return the project as it is now, or empty when no project has this id
     */
    public Optional<RegistryProject> update(String id, UpdateProjectInput input) {
        Assignments set = new Assignments();
        input.name().ifPresent(value -> set.add("name", value));
        input.gcpProjectId().ifPresent(value -> set.add("gcp_project_id", value));
        input.region().ifPresent(value -> set.add("region", value));
        input.configPath().ifPresent(value -> set.add("config_path", value));
        input.configHash().ifPresent(value -> set.add("config_hash", value));
        input.status().ifPresent(value -> set.add("status", value.value()));
        input.lastDeployedAt().ifPresent(value -> set.add("last_deployed_at", Times.format(value)));
        return database.writeOneStatement(handle -> update(handle, id, set));
    }

    /**
     * Applies {@code set} and stamps {@code updated_at} in one statement that also returns the row
     * as it is now (no read after it, no transaction around the two).
     */
    Optional<RegistryProject> update(Handle handle, String id, Assignments set) throws java.sql.SQLException {
        set.add("updated_at", Times.format(Times.now()));
        // every row read: a statement that returns rows commits (on its own) when its last row is read
        List<RegistryProject> updated = handle.query("UPDATE projects SET " + set.clause() + " WHERE id = ?" + returning,
                MAPPER, set.values(id));
        return updated.isEmpty() ? Optional.empty() : Optional.of(updated.get(0));
    }

    /** Sets the status; when {@code deployedAt} is present, also {@code last_deployed_at}. */
    public Optional<RegistryProject> updateStatus(String id, ProjectStatus status, Optional<Instant> deployedAt) {
        Assignments set = new Assignments();
        set.add("status", status.value());
        deployedAt.ifPresent(value -> set.add("last_deployed_at", Times.format(value)));
        return database.writeOneStatement(handle -> update(handle, id, set));
    }

    /** Deletes the project; its resources and deployments go with it (foreign-key cascade). */
    public boolean delete(String id) {
        return database.write(handle -> handle.update("DELETE FROM projects WHERE id = ?", id) > 0);
    }

    private Optional<RegistryProject> byId(Handle handle, String id) throws java.sql.SQLException {
        return handle.queryFirst(select + " WHERE id = ?", MAPPER, id);
    }
}
