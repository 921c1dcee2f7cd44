package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Handle;
import dev.stacksolo.registry.db.RowMapper;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.ReferenceBaseline;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code reference_baselines} table: what each cross-project reference of a project resolved
 * to (as a keyed hash) when its last deploy succeeded. Thread-safe (every call goes through
 * {@link Database}).
 */
public final class BaselineRepository {

    private static final String SELECT = "SELECT project_id, reference, value_hash, resource_id, property, version_id,"
            + " deployment_id, recorded_at FROM reference_baselines";

    private static final RowMapper<ReferenceBaseline> MAPPER = row -> {
        long version = row.getLong(6);
        Optional<Long> versionId = row.wasNull() ? Optional.empty() : Optional.of(version);
        java.time.Instant recordedAt;
        try {
            recordedAt = Times.parse(row.getString(8));
        } catch (RuntimeException unreadable) {
            // only another tool writes such a row: named, rather than a parser's exception
            throw new dev.stacksolo.registry.CorruptRowException("reference_baselines", row.getString(1) + " "
                    + row.getString(2), "recorded_at", "not a timestamp; run `stacksolo deployment start` and finish"
                    + " the project again to record it anew", unreadable);
        }
        return new ReferenceBaseline(row.getString(1), row.getString(2), Optional.ofNullable(row.getString(3)),
                Optional.ofNullable(row.getString(4)), Optional.ofNullable(row.getString(5)), versionId,
                row.getString(7), recordedAt);
    };

    private final Database database;

    /** A repository over {@code database}. */
    public BaselineRepository(Database database) {
        this.database = database;
    }

    /** Replaces the project's baselines with {@code baselines}, in one transaction. */
    public void replace(String projectId, List<ReferenceBaseline> baselines) {
        database.write(handle -> {
            handle.update("DELETE FROM reference_baselines WHERE project_id = ?", projectId);
            if (!baselines.isEmpty()) {
                List<Object[]> rows = new ArrayList<>(baselines.size());
                for (ReferenceBaseline baseline : baselines) {
                    rows.add(new Object[] {projectId, baseline.reference(), baseline.valueHash().orElse(null),
                        baseline.resourceId().orElse(null), baseline.property().orElse(null),
                        baseline.versionId().<Object>map(id -> id).orElse(new Handle.TypedNull(Types.BIGINT)),
                        baseline.deploymentId(), Times.format(baseline.recordedAt())});
                }
                handle.updateEach("INSERT INTO reference_baselines (project_id, reference, value_hash, resource_id,"
                        + " property, version_id, deployment_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
            }
            return null;
        });
    }

    /** Removes the project's baselines (after a destroy: nothing of it runs with any value). */
    public void delete(String projectId) {
        database.write(handle -> handle.update("DELETE FROM reference_baselines WHERE project_id = ?", projectId));
    }

    /** The project's baselines, by reference. */
    public List<ReferenceBaseline> findByProject(String projectId) {
        return database.read(handle -> handle.query(SELECT + " WHERE project_id = ? ORDER BY reference", MAPPER,
                projectId));
    }

    /** Every baseline, by project id and reference. */
    public List<ReferenceBaseline> findAll() {
        return database.read(handle -> handle.query(SELECT + " ORDER BY project_id, reference", MAPPER));
    }
}
