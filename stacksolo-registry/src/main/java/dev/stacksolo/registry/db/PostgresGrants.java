package dev.stacksolo.registry.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SQL that gives a team's PostgreSQL roles what each needs ({@code stacksolo registry grants}),
 * the one source of docs/team-registry.md's roles section:
 * <ul>
 *   <li><b>reader</b>: lists projects, resources, deployments, the graph and the event log, and
 *       reads outputs through their masked copy ({@code resources.public_outputs}); no SELECT on
 *       {@code projects.config_hash} or {@code sessions.config_hash} (a plain sha256 of the config
 *       file), {@code resources.outputs}, {@code resources.config}, {@code deployments.config_snapshot}
 *       or the outputs a running deploy staged ({@code staged_outputs.outputs}),
 *       so it cannot read a sensitive value at all, whatever client it uses; of the output history
 *       ({@code output_versions}) it reads who changed what when, never the old values (no SELECT on
 *       {@code output_versions.outputs}: they have no masked copy);</li>
 *   <li><b>deployer</b>: reads and writes every row (register, sync, outputs, deployments and
 *       their locks, the graph, the event log, the kept resource counts), but cannot change the
 *       schema;</li>
 *   <li><b>admin</b>: owns the tables, so a newer stacksolo run as it migrates the schema.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class PostgresGrants {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    /** Every table of the registry (the schema version's included). */
    static final List<String> TABLES = List.of("projects", "resources", "deployments", "sessions", "events",
            "deployment_locks", "project_references", "resource_counts", "output_versions", "reference_baselines",
            "registry_keys", "staged_outputs", "stacksolo_schema");

    /**
     * The tables a reader may read whole. Not {@code registry_keys}: with the key, the baselines'
     * value hashes could be checked against guessed secrets.
     */
    static final List<String> READER_TABLES = List.of("events", "deployment_locks",
            "project_references", "resource_counts", "reference_baselines", "stacksolo_schema");

    /**
     * The columns of {@code projects} a reader may read: all but the config hash, the TypeScript
     * registry's plain sha256 of the config file (a dictionary of guessed passwords finds one in it).
     */
    static final String READER_PROJECT_COLUMNS =
            "id, name, gcp_project_id, region, config_path, status, last_deployed_at, created_at, updated_at";

    /** The columns of {@code sessions} a reader may read: all but the config hash (as for projects). */
    static final String READER_SESSION_COLUMNS =
            "id, started_at, finished_at, command, args, project_name, gcp_project_id, exit_code";

    /** The columns of {@code resources} a reader may read: all but outputs and config, plus the masked copy. */
    static final String READER_RESOURCE_COLUMNS = "id, project_id, type, name, network, resource_type, "
            + PublicOutputs.COLUMN + ", status, pulumi_urn, last_deployed_at, created_at, updated_at, sensitive_outputs";

    /** The columns of {@code deployments} a reader may read: all but the config snapshot. */
    static final String READER_DEPLOYMENT_COLUMNS =
            "id, project_id, action, status, log_path, error, started_at, completed_at, outputs_version_mark";

    /**
     * The columns of {@code output_versions} a reader may read: all but the outputs (old values may
     * hold secrets, and no masked copy of them is kept; the versions' count and who changed what
     * when are not secret).
     */
    static final String READER_VERSION_COLUMNS =
            "id, resource_id, project_id, sensitive_outputs, recorded_at, deployment_id, recorded_by";

    /**
     * The columns of {@code staged_outputs} a reader may read: which deployment staged outputs for
     * which resource, and when, never the outputs (the unmasked values of a running deploy).
     */
    static final String READER_STAGED_COLUMNS = "deployment_id, resource_id, staged_at";

    private PostgresGrants() {}

    /**
     * The SQL, one statement a line with comments, for the roles given (which must exist; the
     * tables too: run one stacksolo command as the admin role first).
     *
     * @param schema the schema holding the registry's tables ({@code public} unless the URL says
     *     {@code currentSchema=…})
     * @param reader the role that reads
     * @param deployer the role that deploys
     * @param admin the role that owns the tables and migrates them, if one is named
     * @throws IllegalArgumentException when a name is not a plain SQL identifier (no quoting games)
     */
    public static String sql(String schema, String reader, String deployer, Optional<String> admin) {
        for (String name : admin.map(a -> List.of(schema, reader, deployer, a)).orElse(List.of(schema, reader, deployer))) {
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a plain SQL identifier (letters, digits,"
                        + " _ and $, not starting with a digit, at most 63 characters)");
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("-- stacksolo registry roles (schema " + schema + "); run as the owner of the tables or a superuser.");
        lines.add("-- Create the roles first, e.g. CREATE ROLE " + reader + " LOGIN PASSWORD '…';");
        admin.ifPresent(a -> {
            lines.add("");
            lines.add("-- admin " + a + ": owns the tables, so a newer stacksolo run as " + a + " migrates the schema");
            lines.add("GRANT USAGE, CREATE ON SCHEMA " + schema + " TO " + a + ";");
            for (String table : TABLES) {
                lines.add("ALTER TABLE " + schema + "." + table + " OWNER TO " + a + ";");
            }
            lines.add("ALTER FUNCTION " + schema + ".stacksolo_count_resources() OWNER TO " + a + ";");
            lines.add("ALTER FUNCTION " + schema + ".stacksolo_forget_resource_count() OWNER TO " + a + ";");
            lines.add("ALTER FUNCTION " + schema + ".stacksolo_version_outputs() OWNER TO " + a + ";");
        });
        lines.add("");
        lines.add("-- deployer " + deployer + ": register, sync, outputs set, deployment start/finish, unlock, events;"
                + " not the schema");
        lines.add("GRANT USAGE ON SCHEMA " + schema + " TO " + deployer + ";");
        lines.add("GRANT SELECT, INSERT, UPDATE, DELETE ON " + qualified(schema, TABLES.subList(0, TABLES.size() - 1))
                + " TO " + deployer + ";");
        lines.add("GRANT SELECT ON " + schema + ".stacksolo_schema TO " + deployer + ";");
        lines.add("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + deployer + ";");
        lines.add("");
        lines.add("-- reader " + reader + ": list, status, history, graph, events, non-sensitive outputs; no SELECT on"
                + " the columns that hold secrets");
        lines.add("GRANT USAGE ON SCHEMA " + schema + " TO " + reader + ";");
        lines.add("GRANT SELECT ON " + qualified(schema, READER_TABLES) + " TO " + reader + ";");
        // a registry granted before kept the whole tables: the column grants alone would not take the hash away
        lines.add("REVOKE SELECT ON " + schema + ".projects, " + schema + ".sessions FROM " + reader + ";");
        lines.add("GRANT SELECT (" + READER_PROJECT_COLUMNS + ") ON " + schema + ".projects TO " + reader + ";");
        lines.add("GRANT SELECT (" + READER_SESSION_COLUMNS + ") ON " + schema + ".sessions TO " + reader + ";");
        lines.add("GRANT SELECT (" + READER_RESOURCE_COLUMNS + ") ON " + schema + ".resources TO " + reader + ";");
        lines.add("GRANT SELECT (" + READER_DEPLOYMENT_COLUMNS + ") ON " + schema + ".deployments TO " + reader + ";");
        lines.add("GRANT SELECT (" + READER_VERSION_COLUMNS + ") ON " + schema + ".output_versions TO " + reader + ";");
        lines.add("GRANT SELECT (" + READER_STAGED_COLUMNS + ") ON " + schema + ".staged_outputs TO " + reader + ";");
        return String.join("\n", lines) + "\n";
    }

    private static String qualified(String schema, List<String> tables) {
        return String.join(", ", tables.stream().map(table -> schema + "." + table).toList());
    }
}
