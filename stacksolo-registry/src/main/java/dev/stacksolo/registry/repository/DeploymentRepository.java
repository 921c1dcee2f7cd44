package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.DeploymentTransitionException;
import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Handle;
import dev.stacksolo.registry.db.Ids;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.db.RowMapper;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.RegistryDeployment;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code deployments} table. Thread-safe (every call goes through {@link Database}). */
public final class DeploymentRepository {

    static final String COLUMNS =
            "id, project_id, action, status, config_snapshot, log_path, error, started_at, completed_at";
    /** The columns as a role without SELECT on the config snapshot (it may hold secrets) reads them. */
    private static final String PUBLIC_COLUMNS = COLUMNS.replace("config_snapshot", "'{}' AS config_snapshot");
    // newest first; create() keeps started_at strictly increasing within a project, so this order
    // is the order of recording on every database (rows of other tools may tie: id decides)
    private static final String NEWEST_FIRST = " ORDER BY started_at DESC, id DESC";

    static final Columns TABLE = new Columns("deployments", COLUMNS);
    static final RowMapper<RegistryDeployment> MAPPER = resultSet -> map(new Rows(resultSet, TABLE, 0));

    private static RegistryDeployment map(Rows row) throws SQLException {
        return new RegistryDeployment(
                row.text("id"),
                row.text("project_id"),
                row.enumValue("action", DeploymentAction::fromValue),
                row.enumValue("status", DeploymentStatus::fromValue),
                row.json("config_snapshot"),
                row.optionalText("log_path"),
                row.optionalText("error"),
                row.instant("started_at"),
                row.optionalInstant("completed_at"));
    }

    private final Database database;
    /** {@code SELECT columns FROM deployments}, without the snapshot for a role that may not read secrets. */
    private final String select;
    /** {@code RETURNING} the columns of {@link #select}: an update gives the row as it is now in the same statement. */
    private final String returning;

    /** A repository over {@code database}. */
    public DeploymentRepository(Database database) {
        this.database = database;
        String columns = database.access().readsSecrets() ? COLUMNS : PUBLIC_COLUMNS;
        this.select = "SELECT " + columns + " FROM deployments";
        this.returning = " RETURNING " + columns;
    }

    /** Inserts a deployment with a new id, started now, and returns it. */
    public RegistryDeployment create(CreateDeploymentInput input) {
        return database.write(handle -> insert(handle, input, startTime(handle, input.projectId())));
    }

    /**
     * Inserts a deployment as {@link #create} does, or nothing when no project has the input's
     * project id (then the result is empty): the project is checked by the query that reads its
     * latest deployment's start, one statement for both.
     */
    public Optional<RegistryDeployment> createIfProjectExists(CreateDeploymentInput input) {
        return database.write(handle -> {
            Optional<Optional<String>> latest = handle.queryFirst("SELECT (SELECT max(started_at) FROM deployments"
                    + " WHERE project_id = p.id) FROM projects p WHERE p.id = ?",
                    row -> Optional.ofNullable(row.getString(1)), input.projectId());
            return latest.isEmpty() ? Optional.<RegistryDeployment>empty()
                    : Optional.of(insert(handle, input, startAfter(latest.get())));
        });
    }

    private RegistryDeployment insert(Handle handle, CreateDeploymentInput input, Instant started) throws SQLException {
        String id = Ids.newId();
        String now = Times.format(started);
        DeploymentStatus status = input.status().orElse(DeploymentStatus.PENDING);
        String snapshot = Json.write(input.configSnapshot());
        // stored masked: the PostgreSQL reader may SELECT log_path, and a path can carry ?password=…
        Optional<String> logPath = input.logPath().map(Secrets::maskText);
        handle.update("INSERT INTO deployments (" + COLUMNS + ", outputs_version_mark) VALUES (?, ?, ?, ?, ?, ?, NULL,"
                + " ?, ?, " + (isFinal(status) ? MARK : "NULL") + ")",
                id, input.projectId(), input.action().value(), status.value(), snapshot,
                logPath.orElse(null), now, isFinal(status) ? now : null);
        // not read back: the row holds these values (the snapshot as a read gives it)
        return new RegistryDeployment(id, input.projectId(), input.action(), status, Json.asReadBack(input.configSnapshot(), snapshot),
                logPath, Optional.empty(), started, isFinal(status) ? Optional.of(started) : Optional.empty());
    }

    /** The deployment with this id. */
    public Optional<RegistryDeployment> findById(String id) {
        return database.read(handle -> byId(handle, id));
    }

    /** The project's deployments, newest first, at most {@code limit}. */
    public List<RegistryDeployment> findByProject(String projectId, int limit) {
        return database.read(handle ->
                handle.query(select + " WHERE project_id = ?" + NEWEST_FIRST + " LIMIT ?", MAPPER, projectId, limit));
    }

    /** The project's deployments as {@link #findByProject(String, int)}; rows that cannot be read are skipped and reported. */
    public List<RegistryDeployment> findByProject(String projectId, int limit,
            java.util.function.Consumer<dev.stacksolo.registry.CorruptRowException> onUnreadable) {
        return database.read(handle -> handle.query(select + " WHERE project_id = ?" + NEWEST_FIRST + " LIMIT ?",
                Rows.skipping(MAPPER, onUnreadable), projectId, limit)).stream().flatMap(Optional::stream).toList();
    }

    /**
     * Sets the status; a final status ({@code succeeded}, {@code failed}, {@code cancelled}) stamps
     * {@code completed_at} (never before {@code started_at}), and {@code error} is stored when present, masked by {@link Secrets#maskText}.
     *
     * @throws DeploymentTransitionException when the move is not forward along pending → running →
     *     succeeded | failed | cancelled, or the deployment finished already; nothing was changed
     * @return the deployment as it is now, or empty when no deployment has this id
     */
    public Optional<RegistryDeployment> updateStatus(String id, DeploymentStatus status, Optional<String> error) {
        return database.write(handle -> {
            Optional<String[]> current = handle.queryFirst("SELECT status, started_at FROM deployments WHERE id = ?",
                    row -> new String[] {row.getString(1), row.getString(2)}, id);
            if (current.isEmpty()) {
                return Optional.<RegistryDeployment>empty();
            }
            requireTransition(id, current.get()[0], status);
            String completedAt = isFinal(status) ? Times.format(completionTime(current.get()[1])) : null;
            // a deployment that ends marks the outputs as they stand: `output --at` it reads them
            // the row as it is now returned by the update itself (every row read, as a statement
            // that returns rows finishes when its last one is read)
            List<RegistryDeployment> updated = handle.query("UPDATE deployments SET status = ?, completed_at = ?,"
                    + " error = coalesce(?, error)" + (isFinal(status) ? ", outputs_version_mark = " + MARK : "")
                    + " WHERE id = ?" + returning, MAPPER, status.value(), completedAt,
                    error.map(Secrets::maskText).orElse(null), id); // stored masked: see recordError
            return updated.isEmpty() ? Optional.<RegistryDeployment>empty() : Optional.of(updated.get(0));
        });
    }

    /** The newest output version's id (0 when none): what a deployment that ends now saw. */
    private static final String MARK = "(SELECT coalesce(max(id), 0) FROM output_versions)";

    /**
     * Sets the deployment's outputs version mark to the newest version now (inside the caller's
     * transaction): done by every move to a final status; called again by a writer that records
     * outputs on behalf of a deployment recorded finished (a whole deploy recorded at once) or
     * that publishes a deployment's writes when it ends, after them.
     *
     * @return whether a deployment has this id
     */
    public boolean markOutputs(String id) {
        return database.writeStatement("UPDATE deployments SET outputs_version_mark = " + MARK + " WHERE id = ?", id) > 0;
    }

    /**
     * The deployment's outputs version mark: the newest output version when it ended. Empty when
     * it has not ended, or ended before versions were kept (schema version 9), or has no such id.
     */
    public Optional<Long> findMark(String id) {
        return database.read(handle -> handle.queryFirst("SELECT outputs_version_mark FROM deployments WHERE id = ?",
                row -> {
                    long mark = row.getLong(1);
                    return row.wasNull() ? Optional.<Long>empty() : Optional.of(mark);
                }, id)).flatMap(mark -> mark);
    }

    /**
     * The project's newest succeeded deployment that ended before {@code deploymentId} started
     * (or the newest succeeded one at all when {@code before} is empty), excluding it.
     */
    public Optional<RegistryDeployment> findPreviousSucceeded(String projectId, Optional<RegistryDeployment> before) {
        return database.read(handle -> before.isPresent()
                ? handle.queryFirst(select + " WHERE project_id = ? AND status = 'succeeded' AND id <> ?"
                        + " AND (started_at < ? OR (started_at = ? AND id < ?))" + NEWEST_FIRST + " LIMIT 1", MAPPER,
                        projectId, before.get().id(), Times.format(before.get().startedAt()),
                        Times.format(before.get().startedAt()), before.get().id())
                : handle.queryFirst(select + " WHERE project_id = ? AND status = 'succeeded'" + NEWEST_FIRST
                        + " LIMIT 1", MAPPER, projectId));
    }

    /** The outputs version marks of every deployment that has one (what `output --at` of each needs). */
    public List<Long> allMarks() {
        return database.read(handle -> handle.query("SELECT DISTINCT outputs_version_mark FROM deployments"
                + " WHERE outputs_version_mark IS NOT NULL", row -> row.getLong(1)));
    }

    /**
     * Stores the error of a deployment just recorded (in the caller's transaction), whatever its
     * status: part of recording a finished deploy, not a change of it. Stored masked by
     * {@link Secrets#maskText}.
     *
     * @return the deployment as it is now, or empty when no deployment has this id
     */
    public Optional<RegistryDeployment> recordError(String id, String error) {
        // stored masked (decisions.md): a deploy tool's free text may quote a secret, and the PostgreSQL
        // reader may SELECT error; the raw secret is never needed back
        return database.write(handle -> handle.update("UPDATE deployments SET error = ? WHERE id = ?",
                Secrets.maskText(error), id) == 0
                ? Optional.<RegistryDeployment>empty() : byId(handle, id));
    }

    /**
     * Now, or one millisecond after the project's latest deployment when that is not earlier:
     * two deployments recorded within one millisecond still sort in the order they were recorded.
     */
    private static Instant startTime(Handle handle, String projectId) throws SQLException {
        return startAfter(handle.queryFirst("SELECT max(started_at) FROM deployments WHERE project_id = ?",
                row -> row.getString(1), projectId));
    }

    /** {@link #startTime} given the latest start of the project's deployments (empty: none). */
    private static Instant startAfter(Optional<String> latest) {
        Instant now = Times.now();
        if (latest.isEmpty()) {
            return now;
        }
        try {
            Instant next = Times.parse(latest.get()).plusMillis(1);
            return next.isAfter(now) ? next : now;
        } catch (java.time.format.DateTimeParseException e) {
            return now; // a malformed timestamp written by another tool does not block recording
        }
    }

    private static boolean isFinal(DeploymentStatus status) {
        return status.isFinal();
    }

    /**
     * Refuses a move the state machine does not allow (checked inside the caller's write
     * transaction, so two processes cannot both finish one deployment).
     */
    private static void requireTransition(String id, String stored, DeploymentStatus next) {
        DeploymentStatus from;
        try {
            from = DeploymentStatus.fromValue(stored);
        } catch (RuntimeException unknown) {
            throw new DeploymentTransitionException(id, String.valueOf(stored), next);
        }
        if (!from.canMoveTo(next)) {
            throw new DeploymentTransitionException(id, from.value(), next);
        }
    }

    /**
     * Now, or the start time when that is later: a deployment started by a host whose clock is
     * ahead (or after a row stamped in the future) never completes before it started.
     */
    private static Instant completionTime(String startedAt) {
        Instant now = Times.now();
        try {
            Instant started = Times.parse(startedAt);
            return started.isAfter(now) ? started : now;
        } catch (RuntimeException malformed) {
            return now;
        }
    }

    private Optional<RegistryDeployment> byId(Handle handle, String id) throws SQLException {
        return handle.queryFirst(select + " WHERE id = ?", MAPPER, id);
    }

    /** Every row that cannot be read, each as the failure reading it gives (what listings skip). */
    public List<dev.stacksolo.registry.CorruptRowException> findUnreadable() {
        List<dev.stacksolo.registry.CorruptRowException> found = new java.util.ArrayList<>();
        database.read(handle -> handle.query(select + " ORDER BY project_id, started_at", Rows.skipping(MAPPER, found::add)));
        return found;
    }
}
