package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Handle;
import dev.stacksolo.registry.db.Ids;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.db.PublicOutputs;
import dev.stacksolo.registry.db.RowMapper;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceStatus;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.UpdateResourceInput;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code resources} table. Thread-safe (every call goes through {@link Database}). */
public final class ResourceRepository {

    static final String COLUMNS = "id, project_id, type, name, network, resource_type, config, outputs,"
            + " status, pulumi_urn, last_deployed_at, created_at, updated_at, sensitive_outputs";
    /**
     * The columns as a role without SELECT on the sensitive ones reads them (a PostgreSQL reader):
     * the masked copy of the outputs in their place, and no config (it may hold secrets too).
     */
    private static final String PUBLIC_COLUMNS = COLUMNS.replace("config, outputs",
            "'{}' AS config, " + PublicOutputs.COLUMN + " AS outputs");
    private static final String ORDER = " ORDER BY network, name, type";
    /**
     * Who wrote the outputs (schema version 9), set in the same statement as them: a fresh token
     * per write tells the version trigger that the library wrote them (another tool leaves the
     * token as it was), and the version takes the writer and the deployment from the row.
     */
    private static final String ATTRIBUTION = "outputs_write_token = ?, outputs_by = ?, outputs_deployment_id = ?";
    private static final String ATTRIBUTION_COLUMNS = "outputs_write_token, outputs_by, outputs_deployment_id";

    /** {@code user@host} of this process: whom the library's writes of outputs are recorded by. */
    public static String writer() {
        return Writer.NAME;
    }

    private static final class Writer {
        static final String NAME = java.util.Objects.requireNonNullElse(System.getProperty("user.name"), "unknown")
                + "@" + dev.stacksolo.registry.types.LockHolder.localHost();
    }

    /** The attribution values of one write of outputs: a fresh token, this process's user@host, the deployment. */
    private static Object[] attribution(Optional<String> deploymentId) {
        return new Object[] {Ids.newId(), writer(), deploymentId.orElse(null)};
    }

    /** {@code head} followed by the attribution values and then {@code tail}. */
    private static Object[] with(Object[] head, Optional<String> deploymentId, Object... tail) {
        Object[] who = attribution(deploymentId);
        Object[] all = new Object[head.length + who.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(who, 0, all, head.length, who.length);
        System.arraycopy(tail, 0, all, head.length + who.length, tail.length);
        return all;
    }

    static final Columns TABLE = new Columns("resources", COLUMNS);
    static final RowMapper<RegistryResource> MAPPER = mapper(0);

    /** Maps the resources columns that start after {@code offset} other columns. */
    static RowMapper<RegistryResource> mapper(int offset) {
        return resultSet -> map(new Rows(resultSet, TABLE, offset));
    }

    private static RegistryResource map(Rows row) throws SQLException {
        return new RegistryResource(
                row.text("id"),
                row.text("project_id"),
                row.enumValue("type", ResourceType::fromValue),
                row.text("name"),
                row.optionalText("network"),
                row.text("resource_type"),
                row.json("config"),
                row.optionalJson("outputs"),
                row.keySet("sensitive_outputs"),
                row.enumValue("status", ResourceStatus::fromValue),
                row.optionalText("pulumi_urn"),
                row.optionalInstant("last_deployed_at"),
                row.instant("created_at"),
                row.instant("updated_at"));
    }

    private final Database database;
    /** {@code SELECT columns FROM resources}, with the masked copies for a role that may not read secrets. */
    private final String select;
    /** The resource columns of the reference queries, prefixed {@code r.}. */
    private final String referenceColumns;
    /** The outputs column the reference look-ups read. */
    private final String outputsColumn;
    /** Whether writes of outputs write their masked copy too. */
    private final boolean publicCopies;
    /** The string-value look-ups of a reference (with a network, without), when the dialect reads JSON. */
    private final Optional<String[]> stringValueQueries;
    /** The queries of {@link #findForReference} and {@link #findTargetsForReference} (with a network, without). */
    private final String[] matchQueries;
    private final String[] targetQueries;

    /** A repository over {@code database}. */
    public ResourceRepository(Database database) {
        this.database = database;
        boolean secrets = database.access().readsSecrets();
        this.select = "SELECT " + (secrets ? COLUMNS : PUBLIC_COLUMNS) + " FROM resources";
        this.referenceColumns = secrets ? TABLE.prefixed("r") : TABLE.prefixed("r").replace("r.config, r.outputs",
                "'{}' AS config, r." + PublicOutputs.COLUMN + " AS outputs");
        this.outputsColumn = secrets ? "r.outputs" : "r." + PublicOutputs.COLUMN;
        this.publicCopies = database.dialect().keepsPublicOutputs();
        // the member's path: the reference's property, or else the default property of the row's type
        StringBuilder path = new StringBuilder("coalesce(?, CASE r.type");
        for (ResourceType type : ResourceType.values()) {
            path.append(" WHEN '").append(type.value()).append("' THEN '").append(memberPath(type.defaultProperty()))
                    .append('\'');
        }
        path.append(" END)");
        // the value column named: the driver reads every result's column names, and an unnamed
        // expression is named by its whole text
        // only the value: the driver reads each column's name on every execution, and the row (one,
        // with a NULL value, when the project has no such resource) is all the answer needs
        this.stringValueQueries = database.dialect().jsonMember(outputsColumn, path.toString())
                .map(member -> member + " AS value")
                .map(value -> new String[] {referenceQuery(value, true) + " LIMIT 2", referenceQuery(value, false) + " LIMIT 2"});
        // made once: a query string built per call is hashed anew to find its prepared statement
        this.matchQueries = new String[] {referenceQuery("p.id, " + referenceColumns, true),
            referenceQuery("p.id, " + referenceColumns, false)};
        String targetColumns = "p.id, r.id, r.type, " + outputsColumn;
        this.targetQueries = new String[] {referenceQuery(targetColumns, true), referenceQuery(targetColumns, false)};
    }

    private static String memberPath(String property) {
        return "$.\"" + property + "\"";
    }

    /** Inserts a resource with a new id and returns it. */
    public RegistryResource create(CreateResourceInput input) {
        return createAll(List.of(input)).get(0);
    }

    /**
     * Inserts resources with new ids, in one transaction and one batch, and returns them in the
     * order of {@code inputs}.
     */
    public List<RegistryResource> createAll(List<CreateResourceInput> inputs) {
        return createAll(inputs, Optional.empty());
    }

    /**
     * Inserts resources as {@link #createAll(List)} does, their outputs (when given) recorded as
     * written on behalf of {@code deploymentId} when present.
     */
    public List<RegistryResource> createAll(List<CreateResourceInput> inputs, Optional<String> deploymentId) {
        return database.write(handle -> {
            Instant now = Times.now();
            String stamp = Times.format(now);
            List<RegistryResource> created = new java.util.ArrayList<>(inputs.size());
            List<Object[]> rows = new java.util.ArrayList<>(inputs.size());
            for (CreateResourceInput input : inputs) {
                String id = Ids.newId();
                boolean deployed = input.outputs().isPresent();
                String config = Json.write(input.config());
                Optional<String> outputs = input.outputs().map(Json::write);
                ResourceStatus status = input.status().orElse(deployed ? ResourceStatus.READY : ResourceStatus.PENDING);
                Object[] row = {id, input.projectId(), input.type().value(), input.name(),
                    input.network().orElse(null), input.resourceType(), config, outputs.orElse(null), status.value(),
                    input.pulumiUrn().orElse(null), deployed ? stamp : null, stamp, stamp,
                    sensitiveColumn(input.sensitiveOutputs()), null, null, null, null};
                if (deployed) {
                    System.arraycopy(attribution(deploymentId), 0, row, 14, 3);
                }
                if (publicCopies) {
                    row[17] = input.outputs().map(values -> PublicOutputs.of(values, input.sensitiveOutputs(),
                            input.type())).orElse(null);
                }
                rows.add(publicCopies ? row : java.util.Arrays.copyOf(row, 17));
                // not read back: the row holds these values, and the JSON is what reading the
                // stored text gives, so the record equals the one a later read returns
                created.add(new RegistryResource(id, input.projectId(), input.type(), input.name(), input.network(),
                        input.resourceType(), Json.asReadBack(input.config(), config),
                        outputs.map(text -> Json.asReadBack(input.outputs().orElseThrow(), text)),
                        input.sensitiveOutputs(), status,
                        input.pulumiUrn(), deployed ? Optional.of(now) : Optional.empty(), now, now));
            }
            handle.updateEach(publicCopies
                    ? "INSERT INTO resources (" + COLUMNS + ", " + ATTRIBUTION_COLUMNS + ", " + PublicOutputs.COLUMN
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    : "INSERT INTO resources (" + COLUMNS + ", " + ATTRIBUTION_COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
            return created;
        });
    }

    /** The resource with this id. */
    public Optional<RegistryResource> findById(String id) {
        return database.read(handle -> byId(handle, id));
    }

    /** The project's resources, by network, name and type. */
    public List<RegistryResource> findByProject(String projectId) {
        return database.read(handle -> handle.query(select + " WHERE project_id = ?" + ORDER, MAPPER, projectId));
    }

    /**
     * The project's resources as {@link #findByProject(String)} gives them, or empty when no
     * project has this id: one query for both.
     */
    public Optional<List<RegistryResource>> findByProjectIfExists(String projectId) {
        RowMapper<RegistryResource> resource = mapper(1);
        List<Optional<RegistryResource>> rows = database.read(handle -> handle.query("SELECT r.id, " + referenceColumns
                + " FROM projects p LEFT JOIN resources r ON r.project_id = p.id WHERE p.id = ?"
                + " ORDER BY r.network, r.name, r.type",
                row -> row.getString(1) == null ? Optional.<RegistryResource>empty() : Optional.of(resource.map(row)),
                projectId));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<RegistryResource> found = new java.util.ArrayList<>(rows.size());
        for (Optional<RegistryResource> row : rows) {
            row.ifPresent(found::add);
        }
        return Optional.of(java.util.Collections.unmodifiableList(found));
    }

    /** The project's resources, ordered as {@link #findByProject(String)}; rows that cannot be read are skipped and reported. */
    public List<RegistryResource> findByProject(String projectId,
            java.util.function.Consumer<dev.stacksolo.registry.CorruptRowException> onUnreadable) {
        return database.read(handle -> handle.query(select + " WHERE project_id = ?" + ORDER,
                Rows.skipping(MAPPER, onUnreadable), projectId)).stream().flatMap(Optional::stream).toList();
    }

    /** The project's resources in one network, by name and type. */
    public List<RegistryResource> findByNetwork(String projectId, String network) {
        return database.read(handle -> handle.query(
                select + " WHERE project_id = ? AND network = ?" + ORDER, MAPPER, projectId, network));
    }

    /**
     * The project's resources of this name: in {@code network} when present, in any network (and
     * at project level) otherwise. More than one means the name alone is ambiguous.
     */
    public List<RegistryResource> findByName(String projectId, String name, Optional<String> network) {
        return database.read(handle -> network.isPresent()
                ? handle.query(select + " WHERE project_id = ? AND network = ? AND name = ?" + ORDER, MAPPER,
                        projectId, network.get(), name)
                : handle.query(select + " WHERE project_id = ? AND name = ?" + ORDER, MAPPER, projectId, name));
    }

    /**
     * The resources a reference can mean, found by project name in one query: the project's id
     * with no resource when the project exists but the resource does not, nothing at all when the
     * project does not exist.
     */
    public List<ReferenceMatch> findForReference(String projectName, String name, Optional<String> network) {
        RowMapper<RegistryResource> resource = mapper(1);
        RowMapper<ReferenceMatch> mapper = row -> new ReferenceMatch(row.getString(1),
                row.getString(2) == null ? Optional.empty() : Optional.of(resource.map(row)));
        String sql = matchQueries[network.isPresent() ? 0 : 1];
        return database.read(handle -> handle.query(sql, mapper, referenceParameters(projectName, name, network)));
    }

    /**
     * What resolving a reference to a value needs, in the query of {@link #findForReference} but
     * without the columns it does not read (config, timestamps): the hot path of {@code stacksolo
     * output} and of resolving every reference of a config.
     */
    public List<ReferenceTarget> findTargetsForReference(String projectName, String name, Optional<String> network) {
        RowMapper<ReferenceTarget> mapper = row -> new ReferenceTarget(row.getString(1),
                Optional.ofNullable(row.getString(2)), Optional.ofNullable(row.getString(3)),
                Optional.ofNullable(row.getString(4)));
        String sql = targetQueries[network.isPresent() ? 0 : 1];
        return database.read(handle -> handle.query(sql, mapper, referenceParameters(projectName, name, network)));
    }

    /**
     * The value of a reference read by the database, when the answer is the common one: exactly one
     * resource matches, its outputs are a JSON object, and the property (or the type's default) is a
     * string without escapes. Empty in every other case, and always when the dialect cannot read
     * JSON; the caller then reads the resource and decides (it can name the failure).
     */
    public Optional<String> findStringValueForReference(String projectName, String name, Optional<String> network,
            Optional<String> property) {
        if (stringValueQueries.isEmpty() || property.filter(p -> p.indexOf('"') >= 0).isPresent()) {
            return Optional.empty(); // a quote cannot be written inside a JSON path
        }
        // the query of findForReference: one row with a NULL value when the project has no such resource
        String sql = stringValueQueries.get()[network.isPresent() ? 0 : 1];
        Object[] where = referenceParameters(projectName, name, network);
        Object[] parameters = new Object[where.length + 1];
        parameters[0] = property.map(ResourceRepository::memberPath).orElse(null);
        System.arraycopy(where, 0, parameters, 1, where.length);
        List<String> values = database.read(handle -> handle.query(sql, VALUE, parameters));
        if (values.size() != 1) {
            return Optional.empty();
        }
        // the member as JSON text: a string is quoted; one with escapes is left to the JSON reader
        String json = values.get(0);
        if (json == null || json.length() < 2 || json.charAt(0) != '"' || json.indexOf('\\') >= 0) {
            return Optional.empty();
        }
        return Optional.of(json.substring(1, json.length() - 1));
    }

    private static final RowMapper<String> VALUE = row -> row.getString(1);

    /** The reference look-up selecting {@code columns}: the project by name, its resources of that name (in the network). */
    private static String referenceQuery(String columns, boolean network) {
        return "SELECT " + columns + " FROM projects p LEFT JOIN resources r"
                + " ON r.project_id = p.id AND r.name = ?" + (network ? " AND r.network = ?" : "")
                + " WHERE p.name = ?";
    }

    private static Object[] referenceParameters(String projectName, String name, Optional<String> network) {
        return network.isPresent() ? new Object[] {name, network.get(), projectName} : new Object[] {name, projectName};
    }

    /**
     * One row of {@link #findTargetsForReference}: the project's id, and the matching resource's
     * id, type and outputs (as stored) when there is one.
     */
    public record ReferenceTarget(String projectId, Optional<String> resourceId, Optional<String> type,
            Optional<String> outputs) {}

    /**
     * One row of {@link #findForReference}.
     *
     * @param projectId the project the reference names
     * @param resource a matching resource, if any
     */
    public record ReferenceMatch(String projectId, Optional<RegistryResource> resource) {}

    /**
     * Applies the present fields of {@code input} and stamps {@code updated_at}. Setting outputs
     * also sets status {@code ready} and {@code last_deployed_at}, unless the input sets them.
     *
     * @return the resource as it is now, or empty when no resource has this id
     */
    public Optional<RegistryResource> update(String id, UpdateResourceInput input) {
        return update(id, input, Optional.empty());
    }

    /**
     * Applies {@code input} as {@link #update(String, UpdateResourceInput)} does, new outputs
     * recorded as written on behalf of {@code deploymentId} when present.
     */
    public Optional<RegistryResource> update(String id, UpdateResourceInput input, Optional<String> deploymentId) {
        Assignments set = new Assignments();
        input.type().ifPresent(value -> set.add("type", value.value()));
        input.network().ifPresent(value -> set.add("network", value));
        input.resourceType().ifPresent(value -> set.add("resource_type", value));
        input.config().ifPresent(value -> set.add("config", Json.write(value)));
        input.outputs().ifPresent(value -> {
            set.add("outputs", Json.write(value));
            Object[] who = attribution(deploymentId);
            set.add("outputs_write_token", who[0]);
            set.add("outputs_by", who[1]);
            set.add("outputs_deployment_id", who[2]);
        });
        input.sensitiveOutputs().ifPresent(value -> set.add("sensitive_outputs", sensitiveColumn(value)));
        input.status().or(() -> input.outputs().map(outputs -> ResourceStatus.READY))
                .ifPresent(value -> set.add("status", value.value()));
        input.lastDeployedAt().or(() -> input.outputs().map(outputs -> Times.now()))
                .ifPresent(value -> set.add("last_deployed_at", Times.format(value)));
        input.pulumiUrn().ifPresent(value -> set.add("pulumi_urn", value));
        boolean copyChanges = publicCopies
                && (input.outputs().isPresent() || input.sensitiveOutputs().isPresent() || input.type().isPresent());
        return database.write(handle -> {
            Optional<RegistryResource> updated = update(handle, id, set);
            if (copyChanges && updated.isPresent()) {
                writeCopy(handle, updated.get());
            }
            return updated;
        });
    }

    /** Writes the masked copy of {@code resource}'s outputs as they are now (inside the caller's write). */
    private static void writeCopy(Handle handle, RegistryResource resource) throws SQLException {
        handle.update("UPDATE resources SET " + PublicOutputs.COLUMN + " = ? WHERE id = ?",
                PublicOutputs.of(resource).orElse(null), resource.id());
    }

    /**
     * Runs one outputs update; on a database that keeps masked copies, in a transaction with the
     * copy written from the row as it then is (its type and marks decide what is masked).
     */
    private boolean updatingOutputs(String id, String sql, Object... parameters) {
        if (!publicCopies) {
            return database.writeStatement(sql, parameters) > 0;
        }
        return database.write(handle -> {
            if (handle.update(sql, parameters) == 0) {
                return false;
            }
            writeCopy(handle, byId(handle, id).orElseThrow());
            return true;
        });
    }

    /** Replaces the outputs, sets status {@code ready} and stamps {@code last_deployed_at}. */
    public boolean updateOutputs(String id, Map<String, ?> outputs) {
        return updateOutputs(id, outputs, Optional.<String>empty());
    }

    /**
     * Replaces the outputs as {@link #updateOutputs(String, Map)} does, recorded as written on
     * behalf of {@code deploymentId} when present.
     */
    public boolean updateOutputs(String id, Map<String, ?> outputs, Optional<String> deploymentId) {
        return updateOutputs(id, outputs, deploymentId, "");
    }

    /**
     * As {@link #updateOutputs(String, Map)}, unless a deploy holds the lock of the resource's
     * project: the check is part of the statement, so it costs no transaction of its own (a lock
     * committed after the statement's read cannot slip in: SQLite refuses to write from a stale
     * snapshot, PostgreSQL's writes run one at a time).
     *
     * @return whether the row was written (false: no such resource, or its project is locked)
     */
    public boolean updateOutputsUnlessLocked(String id, Map<String, ?> outputs) {
        return updateOutputs(id, outputs, Optional.empty(), UNLOCKED);
    }

    /** The condition of a write that a deploy holding the project's lock refuses. */
    private static final String UNLOCKED = " AND NOT EXISTS (SELECT 1 FROM deployment_locks l"
            + " WHERE l.project_id = resources.project_id)";

    /** The statement of an outputs write, without and with {@link #UNLOCKED}: built once, not per write. */
    private static final String UPDATE_OUTPUTS = "UPDATE resources SET outputs = ?, " + ATTRIBUTION + ", status = ?,"
            + " last_deployed_at = ?, updated_at = ? WHERE id = ?";
    private static final String UPDATE_OUTPUTS_UNLESS_LOCKED = UPDATE_OUTPUTS + UNLOCKED;

    private boolean updateOutputs(String id, Map<String, ?> outputs, Optional<String> deploymentId, String condition) {
        String now = Times.format(Times.now());
        String sql = condition.isEmpty() ? UPDATE_OUTPUTS
                : condition.equals(UNLOCKED) ? UPDATE_OUTPUTS_UNLESS_LOCKED : UPDATE_OUTPUTS + condition;
        return updatingOutputs(id, sql,
                with(new Object[] {Json.write(outputs)}, deploymentId, ResourceStatus.READY.value(), now, now, id));
    }

    /**
     * Merges {@code outputs} into the resource's outputs (a key given replaces the one stored, the
     * others stay), sets status {@code ready} and stamps {@code last_deployed_at}: the read and the
     * write in one write transaction, the row locked where the database needs it, so that merges
     * racing from several processes all land.
     *
     * @param sensitiveKeys keys to mark sensitive besides those marked already (none: the marks stay)
     * @return the outputs as they are now, or empty when no resource has this id
     * @throws dev.stacksolo.registry.CorruptRowException when the stored outputs are not a JSON
     *     object (another tool wrote them); nothing was written
     */
    public Optional<Map<String, Object>> mergeOutputs(String id, Map<String, ?> outputs,
            java.util.Set<String> sensitiveKeys) {
        return mergeOutputs(id, outputs, sensitiveKeys, Optional.empty());
    }

    /**
     * Merges as {@link #mergeOutputs(String, Map, java.util.Set)} does, recorded as written on
     * behalf of {@code deploymentId} when present.
     *
     * @throws dev.stacksolo.registry.CorruptRowException as the other overload does
     */
    public Optional<Map<String, Object>> mergeOutputs(String id, Map<String, ?> outputs,
            java.util.Set<String> sensitiveKeys, Optional<String> deploymentId) {
        String lock = database.dialect().forUpdate();
        return database.write(handle -> {
            Optional<String[]> stored = handle.queryFirst("SELECT outputs, sensitive_outputs FROM resources WHERE id = ?"
                    + lock, row -> new String[] {row.getString(1), row.getString(2)}, id);
            if (stored.isEmpty()) {
                return Optional.<Map<String, Object>>empty();
            }
            Map<String, Object> merged = new java.util.LinkedHashMap<>();
            if (stored.get()[0] != null) {
                try {
                    merged.putAll(Json.readObject(stored.get()[0]));
                } catch (java.io.IOException | RuntimeException e) {
                    throw new dev.stacksolo.registry.CorruptRowException("resources", id, "outputs",
                            "not a JSON object, so new outputs cannot be merged into it; replace them"
                                    + " whole (`stacksolo outputs set … --from FILE`)", e);
                }
            }
            Map<String, Object> before = stored.get()[0] == null ? null : new java.util.LinkedHashMap<>(merged);
            merged.putAll(outputs);
            String text = Json.write(merged);
            String now = Times.format(Times.now());
            if (before != null && markedKeys(id, stored.get()[1]).containsAll(sensitiveKeys)
                    && sameValues(text, before)) {
                // the same values and marks as stored (another tool may have written them with other
                // spacing or key order): the stored text and who wrote it stay, so no version is made
                handle.update("UPDATE resources SET status = ?, last_deployed_at = ?, updated_at = ? WHERE id = ?",
                        ResourceStatus.READY.value(), now, now, id);
                return Optional.of(before);
            }
            if (sensitiveKeys.isEmpty()) {
                handle.update("UPDATE resources SET outputs = ?, " + ATTRIBUTION + ", status = ?, last_deployed_at = ?,"
                        + " updated_at = ? WHERE id = ?",
                        with(new Object[] {text}, deploymentId, ResourceStatus.READY.value(), now, now, id));
            } else {
                java.util.Set<String> marked = new java.util.TreeSet<>(sensitiveKeys);
                marked.addAll(markedKeys(id, stored.get()[1]));
                handle.update("UPDATE resources SET outputs = ?, sensitive_outputs = ?, " + ATTRIBUTION + ", status = ?,"
                        + " last_deployed_at = ?, updated_at = ? WHERE id = ?", with(new Object[] {text,
                            sensitiveColumn(marked)}, deploymentId, ResourceStatus.READY.value(), now, now, id));
            }
            if (publicCopies) {
                writeCopy(handle, byId(handle, id).orElseThrow());
            }
            return Optional.of(Json.asReadBack(merged, text));
        });
    }

    /** Whether the JSON object {@code text} holds the values {@code stored} (parsed from the row), in any order. */
    private static boolean sameValues(String text, Map<String, Object> stored) {
        try {
            return Json.readObject(text).equals(stored);
        } catch (java.io.IOException e) {
            return false; // written by Json.write: does not happen; if it did, write it as a new version
        }
    }

    /**
     * The keys a stored {@code sensitive_outputs} text marks (NULL: none).
     *
     * @param id the resource, named when the text is not a JSON array of keys
     * @throws dev.stacksolo.registry.CorruptRowException when it is not (the text is never echoed)
     */
    public static java.util.Set<String> markedKeys(String id, String text) {
        if (text == null) {
            return java.util.Set.of();
        }
        try {
            if (Json.readObject("{\"k\":" + text + "}").get("k") instanceof List<?> keys
                    && keys.stream().allMatch(k -> k instanceof String)) {
                java.util.Set<String> found = new java.util.TreeSet<>();
                keys.forEach(k -> found.add((String) k));
                return found;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // reported below, without echoing the text
        }
        throw new dev.stacksolo.registry.CorruptRowException("resources", id, "sensitive_outputs",
                "it is not a JSON array of keys", null);
    }

    /**
     * Replaces the outputs of several resources of one project as {@link #updateOutputs} does, in
     * one transaction and one batch.
     *
     * @return the ids in {@code outputsById} that are not resources of the project (nothing was
     *     written when there are any)
     */
    public List<String> updateOutputsOfProject(String projectId, Map<String, ? extends Map<String, ?>> outputsById) {
        return updateOutputsOfProject(projectId, outputsById, Optional.empty());
    }

    /**
     * Replaces outputs as {@link #updateOutputsOfProject(String, Map)} does, recorded as written
     * on behalf of {@code deploymentId} when present.
     *
     * @return the ids that are not resources of the project (nothing was written when there are any)
     */
    public List<String> updateOutputsOfProject(String projectId, Map<String, ? extends Map<String, ?>> outputsById,
            Optional<String> deploymentId) {
        return database.write(handle -> {
            // with the masked copies: each row's type and marks too, locked until the commit (the
            // marks the copy is made from are the ones the row keeps), so that the copy is written in
            // the same UPDATE as the outputs: one row version each, not two
            Map<String, String[]> own = new java.util.HashMap<>();
            for (String[] row : handle.query(publicCopies
                    ? "SELECT id, type, sensitive_outputs FROM resources WHERE project_id = ?"
                            + database.dialect().forUpdate()
                    : "SELECT id FROM resources WHERE project_id = ?",
                    row -> publicCopies ? new String[] {row.getString(1), row.getString(2), row.getString(3)}
                            : new String[] {row.getString(1)}, projectId)) {
                own.put(row[0], row);
            }
            List<String> strangers = new java.util.ArrayList<>();
            for (String id : outputsById.keySet()) {
                if (!own.containsKey(id)) {
                    strangers.add(id);
                }
            }
            if (!strangers.isEmpty()) {
                return strangers;
            }
            String now = Times.format(Times.now());
            List<Object[]> updates = new java.util.ArrayList<>(outputsById.size());
            outputsById.forEach((id, outputs) -> {
                String text = Json.write(outputs);
                Object[] written = publicCopies
                        ? new Object[] {text, PublicOutputs.of(outputs, PublicOutputs.keys(own.get(id)[2]),
                                PublicOutputs.typeOf(own.get(id)[1]))}
                        : new Object[] {text};
                updates.add(with(written, deploymentId, ResourceStatus.READY.value(), now, now, id));
            });
            handle.updateEach("UPDATE resources SET outputs = ?, " + (publicCopies ? PublicOutputs.COLUMN + " = ?, " : "")
                    + ATTRIBUTION + ", status = ?, last_deployed_at = ?, updated_at = ? WHERE id = ?", updates);
            return List.<String>of();
        });
    }

    /**
     * Replaces the outputs and the keys marked sensitive, sets status {@code ready} and stamps
     * {@code last_deployed_at}.
     */
    public boolean updateOutputs(String id, Map<String, ?> outputs, java.util.Set<String> sensitiveKeys) {
        return updateOutputs(id, outputs, sensitiveKeys, Optional.empty());
    }

    /**
     * Replaces the outputs and marks as {@link #updateOutputs(String, Map, java.util.Set)} does,
     * recorded as written on behalf of {@code deploymentId} when present.
     */
    public boolean updateOutputs(String id, Map<String, ?> outputs, java.util.Set<String> sensitiveKeys,
            Optional<String> deploymentId) {
        return updateOutputs(id, outputs, sensitiveKeys, deploymentId, "");
    }

    /**
     * As {@link #updateOutputs(String, Map, java.util.Set)}, unless a deploy holds the lock of the
     * resource's project (see {@link #updateOutputsUnlessLocked(String, Map)}).
     *
     * @return whether the row was written (false: no such resource, or its project is locked)
     */
    public boolean updateOutputsUnlessLocked(String id, Map<String, ?> outputs, java.util.Set<String> sensitiveKeys) {
        return updateOutputs(id, outputs, sensitiveKeys, Optional.empty(), UNLOCKED);
    }

    private boolean updateOutputs(String id, Map<String, ?> outputs, java.util.Set<String> sensitiveKeys,
            Optional<String> deploymentId, String condition) {
        String now = Times.format(Times.now());
        return updatingOutputs(id, "UPDATE resources SET outputs = ?, sensitive_outputs = ?, " + ATTRIBUTION + ","
                + " status = ?, last_deployed_at = ?, updated_at = ? WHERE id = ?" + condition, with(new Object[] {
                    Json.write(outputs), sensitiveColumn(sensitiveKeys)}, deploymentId, ResourceStatus.READY.value(),
                now, now, id));
    }

    /**
     * Marks {@code keys} sensitive on the resource's published outputs, besides the keys marked
     * already, leaving its outputs, attribution and times as they are (no version is made: the
     * values do not change). Its masked copy follows where the database keeps one. In the caller's
     * transaction when there is one.
     *
     * @return whether a key was added (false: all were marked already, or no such resource)
     */
    public boolean addMarks(String id, java.util.Set<String> keys) {
        return database.write(handle -> {
            Optional<RegistryResource> resource = byId(handle, id);
            if (resource.isEmpty() || resource.get().sensitiveOutputs().containsAll(keys)) {
                return false;
            }
            java.util.Set<String> marked = new java.util.TreeSet<>(resource.get().sensitiveOutputs());
            marked.addAll(keys);
            handle.update("UPDATE resources SET sensitive_outputs = ? WHERE id = ?", sensitiveColumn(marked), id);
            if (publicCopies) {
                writeCopy(handle, byId(handle, id).orElseThrow());
            }
            return true;
        });
    }

    /** The {@code sensitive_outputs} text of a set of keys: a sorted JSON array, or NULL when empty. */
    public static String sensitiveColumn(java.util.Set<String> keys) {
        return keys.isEmpty() ? null : Json.writeValue(new java.util.ArrayList<>(new java.util.TreeSet<>(keys)));
    }

    /** Sets the status. */
    public boolean updateStatus(String id, ResourceStatus status) {
        return database.writeStatement("UPDATE resources SET status = ?, updated_at = ? WHERE id = ?",
                status.value(), Times.format(Times.now()), id) > 0;
    }

    /** Deletes the resource. */
    public boolean delete(String id) {
        return database.write(handle -> handle.update("DELETE FROM resources WHERE id = ?", id) > 0);
    }

    private Optional<RegistryResource> update(Handle handle, String id, Assignments set) throws SQLException {
        set.add("updated_at", Times.format(Times.now()));
        int changed = handle.update("UPDATE resources SET " + set.clause() + " WHERE id = ?", set.values(id));
        return changed == 0 ? Optional.empty() : byId(handle, id);
    }

    private Optional<RegistryResource> byId(Handle handle, String id) throws SQLException {
        return handle.queryFirst(select + " WHERE id = ?", MAPPER, id);
    }

    /** Every row that cannot be read, each as the failure reading it gives (what listings skip). */
    public List<dev.stacksolo.registry.CorruptRowException> findUnreadable() {
        List<dev.stacksolo.registry.CorruptRowException> found = new java.util.ArrayList<>();
        database.read(handle -> handle.query(select + " ORDER BY project_id, network, name", Rows.skipping(MAPPER, found::add)));
        return found;
    }
}
