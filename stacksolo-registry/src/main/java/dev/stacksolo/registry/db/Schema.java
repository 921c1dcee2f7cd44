package dev.stacksolo.registry.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The registry's schema as ordered migration steps. Step {@code n} takes a database from version
 * {@code n - 1} to {@code n}; version 0 is a file written by the TypeScript registry (or a new,
 * empty one), adopted in place: every table and index of the format is created if missing, and
 * columns that older files lack are added, so nothing in them is lost.
 *
 * <p>To change the schema, append a step to {@link #STEPS}; never edit a step that has shipped.
 */
public final class Schema {

    /** One migration step: the statements that take the schema to the next version. */
    @FunctionalInterface
    interface Step {
        void apply(Handle handle, Dialect dialect) throws SQLException;
    }

    /** The format's tables, as the TypeScript registry creates them ({@code {autoId}} per dialect). */
    static final List<String> FORMAT_TABLES = List.of(
            """
            CREATE TABLE IF NOT EXISTS projects (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              gcp_project_id TEXT NOT NULL,
              region TEXT NOT NULL,
              config_path TEXT,
              config_hash TEXT,
              status TEXT NOT NULL DEFAULT 'pending',
              last_deployed_at TEXT,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL
            )""",
            """
            CREATE TABLE IF NOT EXISTS resources (
              id TEXT PRIMARY KEY,
              project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
              type TEXT NOT NULL,
              name TEXT NOT NULL,
              network TEXT,
              resource_type TEXT NOT NULL,
              config TEXT NOT NULL,
              outputs TEXT,
              status TEXT NOT NULL DEFAULT 'pending',
              pulumi_urn TEXT,
              last_deployed_at TEXT,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL
            )""",
            """
            CREATE TABLE IF NOT EXISTS deployments (
              id TEXT PRIMARY KEY,
              project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
              action TEXT NOT NULL,
              status TEXT NOT NULL,
              config_snapshot TEXT NOT NULL,
              log_path TEXT,
              error TEXT,
              started_at TEXT NOT NULL,
              completed_at TEXT
            )""",
            """
            CREATE TABLE IF NOT EXISTS sessions (
              id TEXT PRIMARY KEY,
              started_at TEXT NOT NULL,
              finished_at TEXT,
              command TEXT NOT NULL,
              args TEXT,
              config_hash TEXT,
              project_name TEXT,
              gcp_project_id TEXT,
              exit_code INTEGER
            )""",
            """
            CREATE TABLE IF NOT EXISTS events (
              id {autoId},
              session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
              timestamp TEXT NOT NULL,
              seq INTEGER NOT NULL,
              project TEXT,
              category TEXT NOT NULL,
              event_type TEXT NOT NULL,
              resource_type TEXT,
              resource_name TEXT,
              terraform_address TEXT,
              data TEXT NOT NULL,
              parent_event_id INTEGER,
              correlation_id TEXT
            )""");

    /** The format's indexes. */
    static final List<String> FORMAT_INDEXES = List.of(
            "CREATE INDEX IF NOT EXISTS idx_resources_project ON resources(project_id)",
            "CREATE INDEX IF NOT EXISTS idx_resources_lookup ON resources(project_id, network, name)",
            "CREATE INDEX IF NOT EXISTS idx_deployments_project ON deployments(project_id)",
            "CREATE INDEX IF NOT EXISTS idx_projects_gcp ON projects(gcp_project_id)",
            "CREATE INDEX IF NOT EXISTS idx_events_session ON events(session_id, seq)",
            "CREATE INDEX IF NOT EXISTS idx_events_timestamp ON events(timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_events_resource ON events(resource_name)",
            "CREATE INDEX IF NOT EXISTS idx_events_correlation ON events(correlation_id)",
            "CREATE INDEX IF NOT EXISTS idx_events_type ON events(category, event_type)",
            "CREATE INDEX IF NOT EXISTS idx_events_project ON events(project)");

    /**
     * Indexes of this project's own, which the TypeScript registry ignores: a reference without a
     * network looks a resource up by project and name, which {@code idx_resources_lookup} (project,
     * network, name) cannot serve; measured 32 µs per look-up without it, 13 µs with it.
     */
    static final List<String> OWN_INDEXES = List.of(
            "CREATE INDEX IF NOT EXISTS idx_resources_project_name ON resources(project_id, name)");

    /**
     * Columns that a file from an older TypeScript registry may lack, with the definition that adds
     * them. NOT NULL columns get a default, as SQLite requires for ADD COLUMN.
     */
    static final List<String[]> ADDABLE_COLUMNS = List.of(
            new String[] {"projects", "config_hash", "TEXT"},
            new String[] {"projects", "last_deployed_at", "TEXT"},
            new String[] {"resources", "network", "TEXT"},
            new String[] {"resources", "outputs", "TEXT"},
            new String[] {"resources", "pulumi_urn", "TEXT"},
            new String[] {"resources", "last_deployed_at", "TEXT"},
            new String[] {"resources", "created_at", "TEXT NOT NULL DEFAULT '1970-01-01T00:00:00.000Z'"},
            new String[] {"resources", "updated_at", "TEXT NOT NULL DEFAULT '1970-01-01T00:00:00.000Z'"},
            new String[] {"deployments", "log_path", "TEXT"},
            new String[] {"deployments", "error", "TEXT"},
            new String[] {"deployments", "completed_at", "TEXT"});

    /** The steps, in order: {@code STEPS.get(0)} takes version 0 to 1. */
    static final List<Step> STEPS = List.of(
            Schema::adoptFormat, Schema::addDeploymentLocks, Schema::addProjectReferences, Schema::addResourceCounts,
            Schema::addSensitiveOutputs, Schema::addPublicOutputs, Schema::addLockHolderProcessKey,
            Schema::addUniqueResourceKey, Schema::addOutputVersions, Schema::addReferenceBaselines,
            Schema::addStagedOutputs);

    /** The newest schema version this build knows. */
    public static final int CURRENT_VERSION = STEPS.size();

    private Schema() {}

    /** Version 1: everything of the format, created or completed in place. */
    private static void adoptFormat(Handle handle, Dialect dialect) throws SQLException {
        for (String table : FORMAT_TABLES) {
            handle.execute(table.replace("{autoId}", dialect.autoIncrementPrimaryKey()));
        }
        for (String[] column : ADDABLE_COLUMNS) {
            if (!columns(handle.connection(), column[0]).contains(column[1])) {
                handle.execute("ALTER TABLE " + column[0] + " ADD COLUMN " + column[1] + " " + column[2]);
            }
        }
        for (String index : FORMAT_INDEXES) {
            handle.execute(index);
        }
        for (String index : OWN_INDEXES) {
            handle.execute(index);
        }
    }

    /**
     * Version 2: the deployment lock, a lease row per project (a table of this project's own, which
     * the TypeScript registry ignores). A row means a deploy or destroy of the project is under way;
     * its holder refreshes {@code heartbeat_at} and {@code expires_at} while it runs. Removing a
     * project removes its lock.
     */
    private static void addDeploymentLocks(Handle handle, Dialect dialect) throws SQLException {
        handle.execute("""
                CREATE TABLE IF NOT EXISTS deployment_locks (
                  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
                  lock_id TEXT NOT NULL UNIQUE,
                  action TEXT NOT NULL,
                  holder_host TEXT NOT NULL,
                  holder_pid BIGINT NOT NULL,
                  holder_started_at TEXT,
                  holder_user TEXT NOT NULL,
                  acquired_at TEXT NOT NULL,
                  heartbeat_at TEXT NOT NULL,
                  lease_ms BIGINT NOT NULL,
                  expires_at TEXT NOT NULL
                )""");
    }

    /**
     * Version 3: the cross-project references each project's config makes (recorded by register
     * and sync), a table of this project's own that the TypeScript registry ignores. The target is
     * kept by name: a reference to a project not registered (yet, or any more) is still an edge.
     */
    private static void addProjectReferences(Handle handle, Dialect dialect) throws SQLException {
        handle.execute("""
                CREATE TABLE IF NOT EXISTS project_references (
                  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                  path TEXT NOT NULL,
                  reference TEXT NOT NULL,
                  target_project TEXT NOT NULL,
                  target_network TEXT,
                  target_resource TEXT NOT NULL,
                  property TEXT,
                  recorded_at TEXT NOT NULL,
                  PRIMARY KEY (project_id, path)
                )""");
        handle.execute("CREATE INDEX IF NOT EXISTS idx_project_references_target ON project_references(target_project)");
    }

    /**
     * Version 4: each project's number of resources, kept by triggers on {@code resources} (see
     * {@link Dialect#resourceCountTriggers()}), so that listing every project does not count every
     * resource: at 10,000 projects and 500,000 resources the count alone took 43 ms. A table of this
     * project's own, without a foreign key (another tool that inserts a resource of a missing project
     * with foreign keys off must not leave a second broken row); a trigger forgets the count of a
     * removed project. {@code stacksolo doctor} compares it with a real count and {@code --fix}
     * rebuilds it.
     */
    private static void addResourceCounts(Handle handle, Dialect dialect) throws SQLException {
        handle.execute("""
                CREATE TABLE IF NOT EXISTS resource_counts (
                  project_id TEXT PRIMARY KEY,
                  n BIGINT NOT NULL
                )""");
        recountResources(handle);
        for (String statement : dialect.resourceCountTriggers()) {
            handle.execute(statement);
        }
    }

    /**
     * Version 5: {@code resources.sensitive_outputs}, the output keys known sensitive (a JSON array
     * of keys, NULL for none): marked by Terraform's {@code "sensitive": true}, {@code outputs set
     * --sensitive} or the library. A column of this project's own: the outputs column is unchanged,
     * so the TypeScript registry reads and resolves every value as before and ignores the marks.
     */
    private static void addSensitiveOutputs(Handle handle, Dialect dialect) throws SQLException {
        if (!columns(handle.connection(), "resources").contains("sensitive_outputs")) {
            handle.execute("ALTER TABLE resources ADD COLUMN sensitive_outputs TEXT");
        }
    }

    /**
     * Version 6: on PostgreSQL, {@code resources.public_outputs}, the masked copy of each resource's
     * outputs that a reader role reads (it has no SELECT on {@code outputs}, {@code config} or
     * {@code deployments.config_snapshot}; see docs/team-registry.md), filled for the rows already
     * there. Nothing on SQLite: its files stay as the TypeScript registry writes them, and a file
     * has no roles.
     */
    private static void addPublicOutputs(Handle handle, Dialect dialect) throws SQLException {
        if (!dialect.keepsPublicOutputs()) {
            return;
        }
        handle.execute("ALTER TABLE resources ADD COLUMN IF NOT EXISTS " + PublicOutputs.COLUMN + " TEXT");
        PublicOutputs.refreshAll(handle);
    }

    /**
     * Version 7: a lock holder's process identified without any clock ({@code <boot id>:<start
     * ticks>}), so that a holder on this host whose wall clock is off is never taken for gone.
     */
    private static void addLockHolderProcessKey(Handle handle, Dialect dialect) throws SQLException {
        if (!columns(handle.connection(), "deployment_locks").contains("holder_process_key")) {
            handle.execute("ALTER TABLE deployment_locks ADD COLUMN holder_process_key TEXT");
        }
    }

    /**
     * Version 8: at most one resource per (project, network, name, type), the network of a
     * project-level resource counting as ''. References name a resource by (project, network,
     * name); the type is in the key only because a config may declare two resources of one name
     * in one network (a container and a function {@code api}), which are kept, warned about at
     * sync, and addressed by type. A file that already holds duplicates (written by another tool)
     * is migrated without the index: {@code stacksolo doctor} reports them, and the library refuses
     * new duplicates in its write transaction either way.
     */
    private static void addUniqueResourceKey(Handle handle, Dialect dialect) throws SQLException {
        boolean duplicates = handle.queryFirst("SELECT 1 FROM resources GROUP BY project_id, coalesce(network, ''),"
                + " name, type HAVING count(*) > 1 LIMIT 1", row -> true).isPresent();
        if (!duplicates) {
            handle.execute(UNIQUE_RESOURCE_INDEX);
        }
    }

    /**
     * Version 9: every change of a resource's outputs kept as a version (issue 16). A table of this
     * project's own, {@code output_versions}, filled by triggers on {@code resources} (see
     * {@link Dialect#outputVersionTriggers()}), so that a write by any tool (the TypeScript registry
     * too, which knows nothing of it) is versioned; no foreign key, since history outlives a removed
     * resource. Three columns on {@code resources} that the library sets in the same statement as
     * the outputs say who wrote them ({@code outputs_write_token}, fresh per library write, tells a
     * library write from another tool's, which leaves it as it was). {@code
     * deployments.outputs_version_mark} is the newest version id when a deployment ended: the
     * outputs "as of" that deployment. The resources that have outputs now get one version each,
     * recorded at their {@code updated_at}, by nobody known.
     */
    private static void addOutputVersions(Handle handle, Dialect dialect) throws SQLException {
        handle.execute("""
                CREATE TABLE IF NOT EXISTS output_versions (
                  id {autoId},
                  resource_id TEXT NOT NULL,
                  project_id TEXT NOT NULL,
                  outputs TEXT NOT NULL,
                  sensitive_outputs TEXT,
                  recorded_at TEXT NOT NULL,
                  deployment_id TEXT,
                  recorded_by TEXT
                )""".replace("{autoId}", dialect.autoIncrementPrimaryKey()));
        // the one index: every write of outputs pays for each (a diff of a project scans the table instead)
        handle.execute("CREATE INDEX IF NOT EXISTS idx_output_versions_resource ON output_versions(resource_id, id)");
        Set<String> resourceColumns = columns(handle.connection(), "resources");
        for (String column : List.of("outputs_write_token", "outputs_by", "outputs_deployment_id")) {
            if (!resourceColumns.contains(column)) {
                handle.execute("ALTER TABLE resources ADD COLUMN " + column + " TEXT");
            }
        }
        if (!columns(handle.connection(), "deployments").contains("outputs_version_mark")) {
            handle.execute("ALTER TABLE deployments ADD COLUMN outputs_version_mark BIGINT");
        }
        // the seed, oldest change first so that ids follow time as far as it is known
        handle.execute("INSERT INTO output_versions (resource_id, project_id, outputs, sensitive_outputs, recorded_at)"
                + " SELECT id, project_id, outputs, sensitive_outputs, updated_at FROM resources"
                + " WHERE outputs IS NOT NULL AND outputs <> '{}' ORDER BY updated_at, id");
        for (String statement : dialect.outputVersionTriggers()) {
            handle.execute(statement);
        }
    }

    /**
     * Reference baselines (issue 16, step T): for each cross-project reference of a project, what it
     * resolved to when the project's last deploy succeeded, so that {@code stacksolo stale} can tell
     * which projects run with a value that has changed since. {@code value_hash} is an HMAC-SHA-256
     * of the value under the registry's own random key ({@code registry_keys}), never the value
     * itself (a plain SHA-256 of a short password is guessed by trying them); NULL when the reference
     * did not resolve at deploy time. {@code resource_id}, {@code property} and {@code version_id}
     * say which resource and output version the value came from, for "changed when, by whom".
     * Tables of this project's own: the TypeScript registry ignores them; a reader's rows go with it.
     * The key is made here, 32 bytes from {@link java.security.SecureRandom}.
     */
    private static void addReferenceBaselines(Handle handle, Dialect dialect) throws SQLException {
        handle.execute("""
                CREATE TABLE IF NOT EXISTS reference_baselines (
                  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                  reference TEXT NOT NULL,
                  value_hash TEXT,
                  resource_id TEXT,
                  property TEXT,
                  version_id BIGINT,
                  deployment_id TEXT NOT NULL,
                  recorded_at TEXT NOT NULL,
                  PRIMARY KEY (project_id, reference)
                )""");
        handle.execute("""
                CREATE TABLE IF NOT EXISTS registry_keys (
                  name TEXT PRIMARY KEY,
                  secret TEXT NOT NULL,
                  created_at TEXT NOT NULL
                )""");
        RegistryKeys.ensure(handle, RegistryKeys.REFERENCE_BASELINES);
    }

    /**
     * Version 11: staged writes (issue 16, part S): outputs written on behalf of a running
     * deployment wait here, one row per (deployment, resource) holding the outputs and marks the
     * resource will have, until the deployment ends and publishes them all in one transaction;
     * readers of {@code resources.outputs} (every view, resolution, the TypeScript registry) see the
     * published values meanwhile. A table of this project's own; removing a deployment (its project)
     * or a resource removes its staged rows. Appended as the next step after whatever precedes it.
     */
    private static void addStagedOutputs(Handle handle, Dialect dialect) throws SQLException {
        handle.execute("""
                CREATE TABLE IF NOT EXISTS staged_outputs (
                  deployment_id TEXT NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
                  resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
                  outputs TEXT NOT NULL,
                  sensitive_outputs TEXT,
                  staged_at TEXT NOT NULL,
                  PRIMARY KEY (deployment_id, resource_id)
                )""");
        // live reads and the cascade from resources look rows up by resource
        handle.execute("CREATE INDEX IF NOT EXISTS idx_staged_outputs_resource ON staged_outputs(resource_id)");
    }

    /** The unique index of version 8 (created only over a table without duplicates). */
    public static final String UNIQUE_RESOURCE_INDEX = "CREATE UNIQUE INDEX IF NOT EXISTS idx_resources_unique_key"
            + " ON resources(project_id, coalesce(network, ''), name, type)";

    /** Sets {@code resource_counts} from the resources as they are, within the caller's transaction. */
    public static void recountResources(Handle handle) throws SQLException {
        handle.execute("DELETE FROM resource_counts");
        handle.execute("INSERT INTO resource_counts (project_id, n) SELECT project_id, count(*) FROM resources"
                + " WHERE project_id IN (SELECT id FROM projects) GROUP BY project_id");
    }

    /**
     * Applies the steps from {@code fromVersion} to {@link #CURRENT_VERSION}, inside the caller's
     * write transaction, and records the new version.
     */
    static void migrate(Handle handle, Dialect dialect, int fromVersion) throws SQLException {
        migrate(handle, dialect, fromVersion, CURRENT_VERSION);
    }

    /**
     * Applies the steps from {@code fromVersion} to {@code toVersion} and records {@code toVersion}:
     * how the migration tests build a database of an older version, as that version's build left it.
     */
    static void migrate(Handle handle, Dialect dialect, int fromVersion, int toVersion) throws SQLException {
        for (int version = fromVersion; version < toVersion; version++) {
            STEPS.get(version).apply(handle, dialect);
        }
        dialect.setSchemaVersion(handle.connection(), toVersion);
    }

    private static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        DatabaseMetaData metaData = connection.getMetaData();
        // the connection's own schema: a PostgreSQL database may hold other registries in other schemas
        try (ResultSet rows = metaData.getColumns(null, connection.getSchema(), table, null)) {
            while (rows.next()) {
                names.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
