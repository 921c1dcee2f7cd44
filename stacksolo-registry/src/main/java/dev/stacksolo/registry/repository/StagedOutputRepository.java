package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.RowMapper;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.StagedOutputs;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code staged_outputs} table: outputs written on behalf of a running deployment, waiting for
 * it to end. Thread-safe (every call goes through {@link Database}; inside a service's write it
 * joins that transaction).
 */
public final class StagedOutputRepository {

    static final String COLUMNS = "deployment_id, resource_id, outputs, sensitive_outputs, staged_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM staged_outputs";

    static final Columns TABLE = new Columns("staged_outputs", COLUMNS);
    static final RowMapper<StagedOutputs> MAPPER = resultSet -> map(new Rows(resultSet, TABLE, 0));

    private static StagedOutputs map(Rows row) throws SQLException {
        return new StagedOutputs(row.text("deployment_id"), row.text("resource_id"), row.json("outputs"),
                row.keySet("sensitive_outputs"), row.instant("staged_at"));
    }

    /**
     * What a staged write starts from, as stored text: the outputs and marks this deployment staged
     * for the resource, or else the resource's published ones.
     *
     * @param outputs the outputs text (NULL published outputs: none yet)
     * @param sensitiveOutputs the {@code sensitive_outputs} text (NULL: no key marked)
     * @param staged whether they come from a row this deployment staged
     */
    public record Base(Optional<String> outputs, Optional<String> sensitiveOutputs, boolean staged) {}

    private final Database database;

    /** A repository over {@code database}. */
    public StagedOutputRepository(Database database) {
        this.database = database;
    }

    /**
     * What a write of {@code deploymentId} to {@code resourceId} merges over (one query); empty when
     * the resource does not exist.
     */
    public Optional<Base> base(String deploymentId, String resourceId) {
        return database.read(handle -> handle.queryFirst("SELECT s.resource_id, s.outputs, s.sensitive_outputs,"
                + " r.outputs, r.sensitive_outputs FROM resources r LEFT JOIN staged_outputs s"
                + " ON s.resource_id = r.id AND s.deployment_id = ? WHERE r.id = ?", row -> row.getString(1) != null
                        ? new Base(Optional.of(row.getString(2)), Optional.ofNullable(row.getString(3)), true)
                        : new Base(Optional.ofNullable(row.getString(4)), Optional.ofNullable(row.getString(5)), false),
                deploymentId, resourceId));
    }

    /** Stages the outputs (and marks, NULL for none) a resource will have, replacing what the deployment staged for it. */
    public void stage(String deploymentId, String resourceId, String outputs, String sensitiveOutputs) {
        database.writeStatement("INSERT INTO staged_outputs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (deployment_id, resource_id) DO UPDATE SET outputs = excluded.outputs,"
                + " sensitive_outputs = excluded.sensitive_outputs, staged_at = excluded.staged_at",
                deploymentId, resourceId, outputs, sensitiveOutputs, Times.format(Times.now()));
    }

    /** What the deployment staged, by resource id. */
    public List<StagedOutputs> findByDeployment(String deploymentId) {
        return database.read(handle -> handle.query(SELECT + " WHERE deployment_id = ? ORDER BY resource_id", MAPPER,
                deploymentId));
    }

    /**
     * How many resources the deployment staged outputs for (reads ids only: a PostgreSQL reader may
     * ask); a resource another tool deleted without foreign keys, leaving its staged row, is not one.
     */
    public int countByDeployment(String deploymentId) {
        return database.read(handle -> handle.queryFirst("SELECT count(s.resource_id) FROM staged_outputs s"
                + " JOIN resources r ON r.id = s.resource_id WHERE s.deployment_id = ?", row -> row.getInt(1),
                deploymentId)).orElse(0);
    }

    /**
     * What an unfinished deployment staged for the resource (the newest, should there be two: a
     * deploy and a preview): what a live read sees.
     */
    public Optional<StagedOutputs> findLive(String resourceId) {
        return database.read(handle -> handle.queryFirst("SELECT s.deployment_id, s.resource_id, s.outputs,"
                + " s.sensitive_outputs, s.staged_at FROM staged_outputs s JOIN deployments d ON d.id = s.deployment_id"
                + " WHERE s.resource_id = ? AND d.completed_at IS NULL ORDER BY s.staged_at DESC LIMIT 1", MAPPER,
                resourceId));
    }

    /** Ids of finished deployments that still have staged rows (another tool finished them): to publish. */
    public List<String> findFinishedWithStagedRows() {
        return database.read(handle -> handle.query("SELECT DISTINCT s.deployment_id FROM staged_outputs s"
                + " JOIN deployments d ON d.id = s.deployment_id WHERE d.completed_at IS NOT NULL ORDER BY 1",
                row -> row.getString(1)));
    }

    /**
     * Removes what the deployment staged and returns it, by resource id: one statement, so that
     * what is returned is exactly what was removed.
     */
    public List<StagedOutputs> takeByDeployment(String deploymentId) {
        List<StagedOutputs> taken = new java.util.ArrayList<>(database.writeOneStatement(handle -> handle.query(
                "DELETE FROM staged_outputs WHERE deployment_id = ? RETURNING " + COLUMNS, MAPPER, deploymentId)));
        taken.sort(java.util.Comparator.comparing(StagedOutputs::resourceId));
        return taken;
    }

    /** Removes what the deployment staged; returns how many rows. */
    public int deleteByDeployment(String deploymentId) {
        return database.writeStatement("DELETE FROM staged_outputs WHERE deployment_id = ?", deploymentId);
    }
}
