package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.RowMapper;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.OutputVersion;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code output_versions} table (schema version 9): every change of a resource's outputs,
 * written by triggers on {@code resources} (never by this class), read, and pruned here. Ids only
 * grow, in the order the changes were committed, so "as of a mark" is "the newest version with an
 * id at most the mark". Thread-safe (every call goes through {@link Database}).
 *
 * <p>The {@link #sensitiveKeys()} of a version read here are the ones stored with it; the service
 * adds what the resource marks now.
 */
public final class OutputVersionRepository {

    /** The table's columns, as a select list. */
    public static final String COLUMNS =
            "id, resource_id, project_id, outputs, sensitive_outputs, recorded_at, deployment_id, recorded_by";

    static final Columns TABLE = new Columns("output_versions", COLUMNS);
    static final RowMapper<OutputVersion> MAPPER = resultSet -> map(new Rows(resultSet, TABLE, 0));
    private static final String SELECT = "SELECT " + COLUMNS + " FROM output_versions";

    private static OutputVersion map(Rows row) throws SQLException {
        return new OutputVersion(
                row.longValue("id"),
                row.text("resource_id"),
                row.json("outputs"),
                row.keySet("sensitive_outputs"),
                row.instant("recorded_at"),
                row.optionalText("deployment_id"),
                row.optionalText("recorded_by"));
    }

    private final Database database;

    /** A repository over {@code database}. */
    public OutputVersionRepository(Database database) {
        this.database = database;
    }

    /** The newest version id of the whole registry; 0 when there is none: the mark of "now". */
    public long latestIdOf() {
        return database.read(handle -> handle.queryFirst("SELECT coalesce(max(id), 0) FROM output_versions",
                row -> row.getLong(1)).orElse(0L));
    }

    /** The id of the resource's newest version (its current outputs), if it has any. */
    public Optional<Long> latestIdOf(String resourceId) {
        return database.read(handle -> handle.queryFirst("SELECT max(id) FROM output_versions WHERE resource_id = ?",
                row -> {
                    long id = row.getLong(1);
                    return row.wasNull() ? null : id;
                }, resourceId)).filter(Objects::nonNull);
    }

    /** The version with this id. */
    public Optional<OutputVersion> findById(long versionId) {
        return database.read(handle -> handle.queryFirst(SELECT + " WHERE id = ?", MAPPER, versionId));
    }

    /** The resource's versions, newest first, at most {@code limit}. */
    public List<OutputVersion> findByResource(String resourceId, int limit) {
        return database.read(handle -> handle.query(SELECT + " WHERE resource_id = ? ORDER BY id DESC LIMIT ?", MAPPER,
                resourceId, limit));
    }

    /** How many versions the resource has. */
    public long countByResource(String resourceId) {
        return database.read(handle -> handle.queryFirst("SELECT count(*) FROM output_versions WHERE resource_id = ?",
                row -> row.getLong(1), resourceId)).orElse(0L);
    }

    /** The resource's outputs as they stood at {@code versionMark}: its newest version with an id at most the mark. */
    public Optional<OutputVersion> asOf(String resourceId, long versionMark) {
        return database.read(handle -> handle.queryFirst(SELECT + " WHERE resource_id = ? AND id <= ?"
                + " ORDER BY id DESC LIMIT 1", MAPPER, resourceId, versionMark));
    }

    /**
     * The resource's outputs as they stood at {@code instant}: its newest version recorded at or
     * before it (by id among those: two writers' clocks may disagree; the order of ids is the order
     * of the changes).
     */
    public Optional<OutputVersion> asOfTime(String resourceId, Instant instant) {
        return database.read(handle -> handle.queryFirst(SELECT + " WHERE resource_id = ? AND recorded_at <= ?"
                + " ORDER BY id DESC LIMIT 1", MAPPER, resourceId, Times.format(instant)));
    }

    /** The newest version id recorded at or before {@code instant} in the whole registry; 0 when none. */
    public long markAtTime(Instant instant) {
        return database.read(handle -> handle.queryFirst("SELECT coalesce(max(id), 0) FROM output_versions"
                + " WHERE recorded_at <= ?", row -> row.getLong(1), Times.format(instant)).orElse(0L));
    }

    /**
     * The change after {@code afterVersionId} that made the resource's {@code property} differ from
     * its value as of {@code afterVersionId} and after which it stayed different: going back from
     * the newest version, the last version that differs whose previous one did not (a property that
     * appears or disappears differs; values compared as JSON values, so a rewrite of the same value
     * with other key order does not count). A change that was reverted before it is not it: what a
     * reader depended on changed when, and by which deployment, it is different now.
     *
     * @return that version, or empty when the property is as it was (unchanged, or changed back)
     */
    public Optional<OutputVersion> changeSince(String resourceId, long afterVersionId, String property) {
        Optional<OutputVersion> base = asOf(resourceId, afterVersionId);
        boolean had = base.isPresent() && base.get().outputs().containsKey(property);
        Object value = base.map(v -> v.outputs().get(property)).orElse(null);
        Optional<OutputVersion> since = Optional.empty();
        boolean differs = false;
        long after = afterVersionId;
        while (true) {
            long from = after;
            List<OutputVersion> page = database.read(handle -> handle.query(SELECT
                    + " WHERE resource_id = ? AND id > ? ORDER BY id LIMIT 100", MAPPER, resourceId, from));
            for (OutputVersion version : page) {
                boolean has = version.outputs().containsKey(property);
                boolean now = has != had || !Objects.equals(version.outputs().get(property), value);
                if (now && !differs) {
                    since = Optional.of(version);
                } else if (!now) {
                    since = Optional.empty();
                }
                differs = now;
                after = version.version();
            }
            if (page.size() < 100) {
                return since;
            }
        }
    }

    /**
     * Each resource of the project as it stood at {@code versionMark}: its newest version with an id
     * at most the mark, by resource id. Resources removed since are included (their history stays).
     */
    public Map<String, OutputVersion> projectAsOf(String projectId, long versionMark) {
        return database.read(handle -> {
            Map<String, OutputVersion> result = new LinkedHashMap<>();
            for (OutputVersion version : handle.query(SELECT + " WHERE id IN (SELECT max(id) FROM output_versions"
                    + " WHERE project_id = ? AND id <= ? GROUP BY resource_id) ORDER BY id", MAPPER, projectId,
                    versionMark)) {
                result.put(version.resourceId(), version);
            }
            return result;
        });
    }

    /** How many versions there are, and their stored size in bytes (outputs and marks as text). */
    public long[] countAndSize() {
        return database.read(handle -> handle.queryFirst("SELECT count(*), coalesce(sum(length(outputs)"
                + " + coalesce(length(sensitive_outputs), 0)), 0) FROM output_versions",
                row -> new long[] {row.getLong(1), row.getLong(2)}).orElse(new long[] {0, 0}));
    }

    /**
     * The ids of versions recorded before {@code cutoff} that no one needs, taken from the oldest
     * end of each resource's history only: a resource loses its versions older than the oldest one
     * it keeps (its newest, the one any of {@code marks} sees for it, one of {@code kept}) and older
     * than {@code cutoff}, never one between two it keeps. So its history has no gap: a read as of a
     * time finds the version that was current then, or none when the time is before the history
     * kept; and the changes after a kept version (what {@link #firstChangeAfter} walks) all stay.
     * Read in the caller's transaction when there is one.
     */
    public List<Long> prunable(Instant cutoff, List<Long> marks, java.util.Set<Long> kept) {
        long[] sortedMarks = marks.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        return database.read(handle -> {
            // every (resource, id, old?), oldest first: per resource, the newest id at or below each mark
            // is found by a binary search, one pass over the table instead of one query per mark
            Map<String, List<Long>> byResource = new LinkedHashMap<>();
            java.util.Set<Long> old = new java.util.HashSet<>();
            for (Object[] row : handle.query("SELECT resource_id, id, CASE WHEN recorded_at < ? THEN 1 ELSE 0 END"
                    + " FROM output_versions ORDER BY resource_id, id",
                    r -> new Object[] {r.getString(1), r.getLong(2), r.getInt(3)}, Times.format(cutoff))) {
                byResource.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Long) row[1]);
                if ((Integer) row[2] == 1) {
                    old.add((Long) row[1]);
                }
            }
            java.util.Set<Long> needed = new java.util.HashSet<>(kept);
            for (List<Long> ids : byResource.values()) {
                needed.add(ids.get(ids.size() - 1)); // the current outputs
                for (long mark : sortedMarks) {
                    int at = java.util.Collections.binarySearch(ids, mark);
                    int newest = at >= 0 ? at : -at - 2;
                    if (newest >= 0) {
                        needed.add(ids.get(newest));
                    }
                }
            }
            List<Long> prunable = new ArrayList<>();
            for (List<Long> ids : byResource.values()) {
                for (long id : ids) {
                    if (needed.contains(id) || !old.contains(id)) {
                        break; // kept, and so is every later version of the resource
                    }
                    prunable.add(id);
                }
            }
            java.util.Collections.sort(prunable);
            return prunable;
        });
    }

    /** Deletes the versions with these ids (in the caller's transaction when there is one). */
    public int delete(List<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return database.write(handle -> {
            List<Object[]> rows = new ArrayList<>(ids.size());
            ids.forEach(id -> rows.add(new Object[] {id}));
            int[] counts = handle.updateEach("DELETE FROM output_versions WHERE id = ?", rows);
            int total = 0;
            for (int count : counts) {
                total += Math.max(count, 0);
            }
            return total;
        });
    }
}
