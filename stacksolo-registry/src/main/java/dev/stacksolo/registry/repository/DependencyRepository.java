package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.RowMapper;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.ConfigReference;
import dev.stacksolo.registry.types.ProjectDependency;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code project_references} table: which project's config reads which other project's
 * resources. Thread-safe (every call goes through {@link Database}).
 */
public final class DependencyRepository {

    private static final String SELECT = "SELECT p.name, r.target_project, r.target_network, r.target_resource,"
            + " r.property, r.reference, r.path FROM project_references r JOIN projects p ON p.id = r.project_id";
    private static final String ORDER = " ORDER BY p.name, r.path";

    private static final RowMapper<ProjectDependency> MAPPER = row -> new ProjectDependency(row.getString(1),
            row.getString(2), Optional.ofNullable(row.getString(3)), row.getString(4),
            Optional.ofNullable(row.getString(5)), row.getString(6), row.getString(7));

    private final Database database;

    /** A repository over {@code database}. */
    public DependencyRepository(Database database) {
        this.database = database;
    }

    /** Replaces the project's recorded references with {@code found}, in one transaction. */
    public void replace(String projectId, List<ConfigReference> found) {
        database.write(handle -> {
            handle.update("DELETE FROM project_references WHERE project_id = ?", projectId);
            String now = Times.format(Times.now());
            List<Object[]> rows = new ArrayList<>();
            java.util.Set<String> paths = new java.util.HashSet<>();
            for (ConfigReference reference : found) {
                if (paths.add(reference.path())) {
                    rows.add(new Object[] {projectId, reference.path(), reference.reference().text(),
                        reference.reference().project(), reference.reference().network().orElse(null),
                        reference.reference().resource(), reference.reference().property().orElse(null), now});
                }
            }
            if (!rows.isEmpty()) {
                handle.updateEach("INSERT INTO project_references (project_id, path, reference, target_project,"
                        + " target_network, target_resource, property, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
            }
            return null;
        });
    }

    /** The references that read from the project named {@code target}. */
    public List<ProjectDependency> findByTarget(String target) {
        return database.read(handle -> handle.query(SELECT + " WHERE r.target_project = ?" + ORDER, MAPPER, target));
    }

    /** The references the project's config makes. */
    public List<ProjectDependency> findBySource(String projectId) {
        return database.read(handle -> handle.query(SELECT + " WHERE r.project_id = ?" + ORDER, MAPPER, projectId));
    }

    /** Every recorded reference. */
    public List<ProjectDependency> findAll() {
        return database.read(handle -> handle.query(SELECT + ORDER, MAPPER));
    }
}
