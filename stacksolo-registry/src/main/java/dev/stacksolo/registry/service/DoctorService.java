package dev.stacksolo.registry.service;

import dev.stacksolo.registry.CorruptRowException;
import dev.stacksolo.registry.Locations;
import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Handle;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.db.Schema;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.repository.DeploymentRepository;
import dev.stacksolo.registry.repository.LockRepository;
import dev.stacksolo.registry.repository.StagedOutputRepository;
import dev.stacksolo.registry.repository.ProjectRepository;
import dev.stacksolo.registry.repository.ResourceRepository;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.Finding;
import dev.stacksolo.registry.types.VersionStats;
import dev.stacksolo.registry.types.Finding.Check;
import dev.stacksolo.registry.types.LogSession;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry's health check ({@code stacksolo doctor}): the database's structure, rows whose
 * parent is gone, JSON that other tools wrote badly, the kept resource counts, deployments whose
 * holder is gone, file permissions and the schema version. {@link #fix()} repairs only what is safe
 * to repair: it removes rows nothing can reach, counts resources again, breaks stale locks
 * (recording why), and makes the registry's own files private (the folder only when it is the
 * default {@code ~/.stacksolo}; anything else is reported with the command to run).
 *
 * <p>Thread-safe.
 */
public final class DoctorService {

    /** A deployment without a lock still unfinished after this long is taken as abandoned. */
    public static final Duration ABANDONED_AFTER = Duration.ofHours(24);

    /** Rows whose parent is gone: what they are, and the condition that finds them. */
    private static final List<String[]> ORPHANS = List.of(
            new String[] {"resources", "resources", "NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = resources.project_id)"},
            new String[] {"deployments", "deployments", "NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = deployments.project_id)"},
            new String[] {"deployment_locks", "deployment locks", "NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = deployment_locks.project_id)"},
            new String[] {"events", "events", "NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = events.session_id)"},
            new String[] {"staged_outputs", "staged outputs", "NOT EXISTS (SELECT 1 FROM deployments d WHERE"
                    + " d.id = staged_outputs.deployment_id) OR NOT EXISTS (SELECT 1 FROM resources r"
                    + " WHERE r.id = staged_outputs.resource_id)"});

    /** JSON columns: table, key column, column, whether it may be null. */
    private static final List<String[]> JSON_COLUMNS = List.of(
            new String[] {"resources", "id", "config"},
            new String[] {"resources", "id", "outputs"},
            new String[] {"deployments", "id", "config_snapshot"},
            new String[] {"events", "id", "data"});

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Database database;
    private final DeploymentService deployments;
    private final DeploymentRepository deploymentRows;
    private final LockRepository locks;
    private final EventLogService events;
    private final StagedOutputRepository staged;
    private final DeploymentEnd end;

    /** A doctor over {@code database}; obtain one from {@link dev.stacksolo.registry.Registry#doctor()}. */
    public DoctorService(Database database, DeploymentService deployments) {
        this.database = database;
        this.deployments = deployments;
        this.deploymentRows = new DeploymentRepository(database);
        this.locks = new LockRepository(database);
        this.events = new EventLogService(database);
        this.staged = new StagedOutputRepository(database);
        this.end = new DeploymentEnd(database);
    }

    /**
     * Runs every check, changing nothing.
     *
     * @return one finding per check (more for several stale deployments or files), problems and all-clear alike
     * @throws dev.stacksolo.registry.DatabaseException when the database cannot be read at all
     */
    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        guarded(findings, Check.SCHEMA, () -> List.of(schema()));
        if (database.dialect().file().isPresent()) {
            guarded(findings, Check.INTEGRITY, () -> {
                List<String> integrity;
                try {
                    integrity = database.read(handle -> database.dialect().integrityProblems(handle.connection()));
                } catch (RegistryException damagedBeyondTheCheck) {
                    integrity = List.of(detail(damagedBeyondTheCheck));
                }
                return List.of(integrity.isEmpty() ? Finding.ok(Check.INTEGRITY, "integrity check: ok")
                        : Finding.problem(Check.INTEGRITY, "integrity check: " + integrity.size() + " problem(s): "
                                + String.join("; ", integrity.subList(0, Math.min(5, integrity.size()))),
                                "the file is damaged (a disk fault, or a copy taken without its -wal file); restore"
                                        + " a copy (registry.db.backup-* beside it), or save what is still readable with"
                                        + " `stacksolo registry export`",
                                null));
            });
            guarded(findings, Check.FOREIGN_KEYS, () -> {
                List<String> foreignKeys = database.read(handle -> database.dialect().foreignKeyProblems(handle.connection()));
                return List.of(foreignKeys.isEmpty() ? Finding.ok(Check.FOREIGN_KEYS, "foreign key check: ok")
                        : Finding.problem(Check.FOREIGN_KEYS, "foreign key check: " + foreignKeys.size()
                                + " row(s) refer to missing rows: " + String.join("; ",
                                        foreignKeys.subList(0, Math.min(5, foreignKeys.size()))),
                                "another tool deleted rows with foreign keys off; these rows are unreachable",
                                "delete the unreachable rows (see orphans)"));
            });
        }
        guarded(findings, Check.ORPHANS, () -> List.of(database.read(DoctorService::orphans)));
        guarded(findings, Check.INVALID_JSON, () -> List.of(database.read(DoctorService::invalidJson)));
        guarded(findings, Check.UNREADABLE_ROWS, () -> List.of(unreadableRows()));
        guarded(findings, Check.INVALID_NAMES, () -> List.of(database.read(DoctorService::invalidNames)));
        guarded(findings, Check.DUPLICATE_RESOURCES, () -> List.of(database.read(DoctorService::duplicateResources)));
        guarded(findings, Check.RESOURCE_COUNTS, () -> List.of(database.read(DoctorService::resourceCounts)));
        guarded(findings, Check.STALE_DEPLOYMENTS, this::staleDeployments);
        guarded(findings, Check.ABANDONED_SESSIONS, this::abandonedSessions);
        guarded(findings, Check.PERMISSIONS, this::permissions);
        guarded(findings, Check.OUTPUT_VERSIONS, () -> List.of(outputVersions()));
        return findings;
    }

    /** The size of the output history: what `outputs prune` would be run for. */
    private Finding outputVersions() {
        VersionStats stats = new OutputVersionService(database).stats();
        return Finding.ok(Check.OUTPUT_VERSIONS, "output versions: " + stats.versions() + " version(s) of "
                + stats.resources() + " resource(s)" + stats.bytes().map(bytes -> ", " + size(bytes)).orElse("")
                + (stats.versions() > stats.resources() ? " (`stacksolo outputs prune --older-than 90d` removes"
                        + " old ones no deployment or baseline needs)" : ""));
    }

    private static String size(long bytes) {
        return bytes < 10 * 1024 ? bytes + " bytes" : bytes < 10L * 1024 * 1024 ? (bytes / 1024) + " KiB"
                : (bytes / (1024 * 1024)) + " MiB";
    }

    /** Runs one check; one that cannot run (a damaged file) is itself a finding, and the others still run. */
    private static void guarded(List<Finding> findings, Check check,
            java.util.function.Supplier<List<Finding>> run) {
        try {
            findings.addAll(run.get());
        } catch (RegistryException e) {
            findings.add(Finding.problem(check, check.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + ": could not be checked: " + detail(e), "the registry could not be read for this check", null));
        }
    }

    /** The database's own words for a failure, without the advice wrapped around them. */
    private static String detail(RegistryException e) {
        // the driver's message can quote a failing statement's values: scrubbed as every shown message
        return dev.stacksolo.registry.Secrets.maskDatabaseMessage(
                e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage());
    }

    /**
     * Repairs what is safe to repair: deletes orphan rows (what the foreign keys' cascade would
     * have done), counts the resources of every project again when the kept counts are off, breaks
     * stale locks and records abandoned deployments failed (with the reason), and removes group and other
     * permissions from the registry's own files (its database, -wal, -shm and backups: regular files
     * of the user, never a link) and from its folder when it is the default {@code ~/.stacksolo}
     * (not a link, not a shared sticky or setgid folder); what it leaves, {@link #check()} reports
     * with the command to run. Leaves a
     * damaged file, invalid JSON and a newer schema alone: repairing them could lose data.
     *
     * @return what was done, one line each
     */
    public List<String> fix() {
        List<String> done = new ArrayList<>();
        if (database.readOnlyReason().isEmpty()) {
            done.addAll(database.write(handle -> {
                List<String> deleted = new ArrayList<>();
                for (String[] orphan : ORPHANS) {
                    int count = handle.update("DELETE FROM " + orphan[0] + " WHERE " + orphan[2]);
                    if (count > 0) {
                        deleted.add("deleted " + count + " orphan " + orphan[1] + " row(s)");
                    }
                }
                if (miscounted(handle) > 0) {
                    Schema.recountResources(handle);
                    deleted.add("counted the resources of every project again");
                }
                return deleted;
            }));
            for (DeploymentLock lock : locks.findAll()) {
                if (lock.isStale()) {
                    deployments.unlock(lock.projectId(), Optional.empty());
                    done.add("broke the stale lock of deployment " + lock.lockId() + " (" + lock.staleReason().get()
                            + ") and recorded it failed");
                }
            }
            for (Abandoned abandoned : abandoned()) {
                end.setStatus(abandoned.id(), DeploymentStatus.FAILED, Optional.of(
                        "abandoned: still " + abandoned.status() + " " + ABANDONED_AFTER.toHours()
                                + " h after it started, with no lock held; recorded failed by `stacksolo doctor --fix`"));
                done.add("recorded the abandoned deployment " + abandoned.id() + " failed");
            }
            for (String finished : staged.findFinishedWithStagedRows()) {
                int published = end.ended(finished);
                done.add("published the outputs deployment " + finished + " staged for " + published
                        + " resource(s) (it was recorded finished by another tool)");
            }
        }
        if (database.readOnlyReason().isEmpty()) {
            for (EventLogService.AbandonedSession closed : events.closeAbandonedSessions()) {
                done.add("closed the abandoned session " + closed.session().id() + " (" + closed.session().command()
                        + "): " + closed.reason());
            }
        }
        for (Exposed exposed : exposedFiles()) {
            if (exposed.leftBecause().isPresent()) {
                continue; // not the registry's to change: reported by check() with the command to run
            }
            try {
                int mode = mode(exposed.path());
                int private_ = mode & ~0077; // keeps setuid/setgid/sticky: only the group and other bits go
                setMode(exposed.path(), private_);
                done.add("made " + exposed.path() + " private (" + PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(exposed.path(), LinkOption.NOFOLLOW_LINKS)) + ")");
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                done.add("could not make " + exposed.path() + " private: " + e.getMessage());
            }
        }
        return done;
    }

    private Finding schema() {
        int version = database.read(handle -> database.dialect().schemaVersion(handle.connection()));
        if (version > Schema.CURRENT_VERSION) {
            return Finding.problem(Check.SCHEMA, "schema version " + version + ", newer than this stacksolo knows ("
                    + Schema.CURRENT_VERSION + ")", "a newer stacksolo wrote it; this one only reads it", null);
        }
        return Finding.ok(Check.SCHEMA, "schema version " + version + " (current)");
    }

    private static Finding orphans(Handle handle) throws SQLException {
        List<String> found = new ArrayList<>();
        for (String[] orphan : ORPHANS) {
            long count = handle.queryFirst("SELECT count(*) FROM " + orphan[0] + " WHERE " + orphan[2],
                    row -> row.getLong(1)).orElse(0L);
            if (count > 0) {
                found.add(count + " " + orphan[1] + " row(s) whose " + (orphan[0].equals("events") ? "session" : "project")
                        + " is gone");
            }
        }
        return found.isEmpty() ? Finding.ok(Check.ORPHANS, "orphan rows: none")
                : Finding.problem(Check.ORPHANS, "orphan rows: " + String.join(", ", found),
                        "nothing shows or uses them; they were left by a tool that deleted with foreign keys off",
                        "delete them, as removing their project or session would have");
    }

    /** Every project, resource and deployment row that `list`, `status` or `history` would skip. */
    private Finding unreadableRows() {
        List<String> rows = new ArrayList<>();
        new ProjectRepository(database).findUnreadable().forEach(e -> rows.add(e.getMessage()));
        Map<String, String> projectNames = database.read(handle -> {
            Map<String, String> names = new java.util.HashMap<>();
            for (String[] row : handle.query("SELECT id, name FROM projects",
                    row -> new String[] {row.getString(1), row.getString(2)})) {
                names.put(row[0], row[1]);
            }
            return names;
        });
        for (CorruptRowException e : new ResourceRepository(database).findUnreadable()) {
            String projectId = database.read(handle -> handle.queryFirst("SELECT project_id FROM resources WHERE id = ?",
                    row -> row.getString(1), e.rowId())).orElse("");
            rows.add(e.inProject(projectNames.getOrDefault(projectId, projectId)).getMessage());
        }
        deploymentRows.findUnreadable().forEach(e -> rows.add(e.getMessage()));
        return rows.isEmpty() ? Finding.ok(Check.UNREADABLE_ROWS, "unreadable rows: none")
                : Finding.problem(Check.UNREADABLE_ROWS, rows.size() + " row(s) that listings cannot show: "
                        + String.join("; ", rows.subList(0, Math.min(10, rows.size())))
                        + (rows.size() > 10 ? " and " + (rows.size() - 10) + " more" : ""),
                        "another tool wrote values this stacksolo cannot read; `list`, `status` and `history`"
                                + " skip these rows and name them",
                        null);
    }

    /** Resources recorded twice with one project, network, name and type (possible only in files written by other tools). */
    private static Finding duplicateResources(Handle handle) throws SQLException {
        List<String> duplicates = handle.query("SELECT p.name, r.network, r.name, r.type, count(*) FROM resources r"
                + " JOIN projects p ON p.id = r.project_id GROUP BY p.name, r.network, r.name, r.type HAVING count(*) > 1"
                + " ORDER BY p.name, r.network, r.name",
                row -> row.getString(1) + "/" + (row.getString(2) == null ? "" : row.getString(2) + "/") + row.getString(3)
                        + " (" + row.getString(4) + ", " + row.getLong(5) + " rows)");
        return duplicates.isEmpty() ? Finding.ok(Check.DUPLICATE_RESOURCES, "duplicate resources: none")
                : Finding.problem(Check.DUPLICATE_RESOURCES, "resources recorded more than once: "
                        + String.join(", ", duplicates.subList(0, Math.min(10, duplicates.size())))
                        + (duplicates.size() > 10 ? " and " + (duplicates.size() - 10) + " more" : ""),
                        "another tool recorded them twice; a reference to them is ambiguous, and this registry"
                                + " cannot have its unique resource index until they are gone",
                        null);
    }

    private static Finding resourceCounts(Handle handle) throws SQLException {
        long miscounted = miscounted(handle);
        return miscounted == 0 ? Finding.ok(Check.RESOURCE_COUNTS, "resource counts: in step")
                : Finding.problem(Check.RESOURCE_COUNTS, "resource counts: " + miscounted
                        + " project(s) listed with a resource count their resources do not match",
                        "the counts `stacksolo list` shows are kept by triggers on the resources table; a tool"
                                + " wrote resources while the triggers were missing (one that recreated the table)",
                        "count the resources of every project again");
    }

    /** How many projects' kept resource counts differ from their resources. */
    private static long miscounted(Handle handle) throws SQLException {
        return handle.queryFirst("SELECT count(*) FROM projects p LEFT JOIN resource_counts c ON c.project_id = p.id"
                + " WHERE coalesce(c.n, 0) <> (SELECT count(*) FROM resources r WHERE r.project_id = p.id)",
                row -> row.getLong(1)).orElse(0L);
    }

    /** Project names, config paths, resource and network names that register would refuse. */
    private static Finding invalidNames(Handle handle) throws SQLException {
        List<String> bad = new ArrayList<>();
        for (String[] row : handle.query("SELECT id, name, config_path FROM projects ORDER BY name",
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3)})) {
            dev.stacksolo.registry.types.Names.projectNameProblem(row[1])
                    .ifPresent(problem -> bad.add("project " + row[1] + " (projects row " + row[0] + "): " + problem));
            if (row[2] != null) {
                TransferService.absolutePathProblem(row[2])
                        .ifPresent(problem -> bad.add("project " + row[1] + " (projects row " + row[0] + "): " + problem));
            }
        }
        for (String[] row : handle.query("SELECT r.id, p.name, r.network, r.name FROM resources r LEFT JOIN projects p"
                + " ON p.id = r.project_id ORDER BY p.name, r.network, r.name",
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4)})) {
            String label = "resource " + row[1] + "/" + (row[2] == null ? "" : row[2] + "/") + row[3]
                    + " (resources row " + row[0] + "): ";
            dev.stacksolo.registry.types.Names.segmentProblem("resource", row[3]).ifPresent(p -> bad.add(label + p));
            if (row[2] != null) {
                dev.stacksolo.registry.types.Names.segmentProblem("network", row[2]).ifPresent(p -> bad.add(label + p));
            }
        }
        return bad.isEmpty() ? Finding.ok(Check.INVALID_NAMES, "names: all valid")
                : Finding.problem(Check.INVALID_NAMES, bad.size() + " name(s) or path(s) `stacksolo register` refuses: "
                        + String.join("; ", bad.subList(0, Math.min(10, bad.size())))
                        + (bad.size() > 10 ? " and " + (bad.size() - 10) + " more" : ""),
                        "another tool wrote them; commands and references cannot name these rows reliably;"
                                + " unregister the project and register it again under a valid name",
                        null);
    }

    private static Finding invalidJson(Handle handle) throws SQLException {
        List<String> broken = new ArrayList<>();
        for (String[] column : JSON_COLUMNS) {
            boolean resource = column[0].equals("resources");
            // a resource is named as its users know it (project/network/name), then by id
            String select = resource
                    ? "SELECT r.id, r." + column[2] + ", p.name, r.network, r.name FROM resources r LEFT JOIN projects p"
                            + " ON p.id = r.project_id WHERE r." + column[2] + " IS NOT NULL"
                    : "SELECT " + column[1] + ", " + column[2] + ", NULL, NULL, NULL FROM " + column[0]
                            + " WHERE " + column[2] + " IS NOT NULL";
            List<String[]> rows = handle.query(select, row -> new String[] {row.getString(1), row.getString(2),
                row.getString(3), row.getString(4), row.getString(5)});
            for (String[] row : rows) {
                try {
                    Json.readObject(row[1]);
                } catch (IOException | RuntimeException e) {
                    broken.add(resource
                            ? "resource " + row[2] + "/" + (row[3] == null ? "" : row[3] + "/") + row[4]
                                    + " (resources row " + row[0] + ", " + column[2] + ")"
                            : column[0] + " " + row[0] + " (" + column[2] + ")");
                }
            }
        }
        return broken.isEmpty() ? Finding.ok(Check.INVALID_JSON, "JSON columns: all valid")
                : Finding.problem(Check.INVALID_JSON, "JSON columns that are not JSON objects: "
                        + String.join(", ", broken.subList(0, Math.min(10, broken.size())))
                        + (broken.size() > 10 ? " and " + (broken.size() - 10) + " more" : ""),
                        "another tool wrote them; listings skip these rows' values and name them; fix the row"
                                + " with that tool, or remove the resource and record it again",
                        null);
    }

    private List<Finding> staleDeployments() {
        List<Finding> findings = new ArrayList<>();
        for (DeploymentLock lock : locks.findAll()) {
            lock.staleReason().ifPresent(why -> findings.add(Finding.problem(Check.STALE_DEPLOYMENTS,
                    LockText.holder(lock) + " holds a stale lock: " + why,
                    "its deploy was killed or lost; the project cannot be deployed until the lock is broken",
                    "break the lock and record the deployment failed with this reason")));
        }
        for (Abandoned abandoned : abandoned()) {
            findings.add(Finding.problem(Check.STALE_DEPLOYMENTS, "deployment " + abandoned.id() + " is still "
                    + abandoned.status() + " since " + forPeople(abandoned.startedAt()) + ", with no lock held",
                    "the process that recorded it ended without finishing it",
                    "record it failed"));
        }
        for (String finished : staged.findFinishedWithStagedRows()) {
            findings.add(Finding.problem(Check.STALE_DEPLOYMENTS, "deployment " + finished + " is finished but the"
                    + " outputs written on its behalf were never published",
                    "another tool recorded it finished; readers still see the outputs from before it",
                    "publish them, as its end would have"));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.ok(Check.STALE_DEPLOYMENTS, "running deployments: none stale"));
        }
        return findings;
    }

    private List<Finding> abandonedSessions() {
        List<Finding> findings = new ArrayList<>();
        for (EventLogService.AbandonedSession abandoned : events.findAbandonedSessions()) {
            LogSession session = abandoned.session();
            findings.add(Finding.problem(Check.ABANDONED_SESSIONS, "session " + session.id() + " (" + session.command()
                    + session.projectName().map(p -> " of " + p).orElse("") + ", started "
                    + Times.forPeople(session.startedAt()) + ") is abandoned: " + abandoned.reason(),
                    "the command was killed before it ended; `stacksolo events list` would show it running for ever"
                            + " (whatever it changed was committed whole or not at all)",
                    "end the session with exit code " + EventLogService.ABANDONED_EXIT_CODE
                            + " and a session_abandoned event giving the reason"));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.ok(Check.ABANDONED_SESSIONS, "event-log sessions: none abandoned"));
        }
        return findings;
    }

    private record Abandoned(String id, String status, String startedAt) {}

    /** A stored timestamp as messages show times; as stored when it is no timestamp (a row another tool wrote). */
    private static String forPeople(String stored) {
        try {
            return Times.forPeople(Times.parse(stored));
        } catch (java.time.DateTimeException | NullPointerException unreadable) {
            return String.valueOf(stored);
        }
    }

    /** Unfinished deployments without a lock, older than {@link #ABANDONED_AFTER}. */
    private List<Abandoned> abandoned() {
        String before = Times.format(Instant.now().minus(ABANDONED_AFTER));
        return database.read(handle -> handle.query("SELECT d.id, d.status, d.started_at FROM deployments d"
                + " WHERE d.completed_at IS NULL AND d.status IN ('pending', 'running') AND d.started_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM deployment_locks l WHERE l.lock_id = d.id)",
                row -> new Abandoned(row.getString(1), row.getString(2), row.getString(3)), before));
    }

    private List<Finding> permissions() {
        Optional<Path> file = database.dialect().file();
        if (file.isEmpty()) {
            return List.of();
        }
        List<Exposed> exposed = exposedFiles();
        if (exposed.isEmpty()) {
            return List.of(Finding.ok(Check.PERMISSIONS, "permissions: " + file.get() + " and its folder are private"));
        }
        List<Finding> findings = new ArrayList<>();
        for (Exposed found : exposed) {
            Path path = found.path();
            String what = Files.isDirectory(path) ? "other users can list the registry's folder"
                    : "other users can read the registry, with its connection strings and passwords";
            findings.add(Finding.problem(Check.PERMISSIONS, path + " is open to other users (" + found.mode() + ")",
                    found.leftBecause().map(why -> what + "; stacksolo leaves it as it is: " + why).orElse(what),
                    found.leftBecause().isPresent() ? null : "remove group and other permissions"));
        }
        return findings;
    }

    /**
     * A registry file or folder open to other users; {@code leftBecause} says why {@code --fix}
     * must not change it (not the registry's own), with the command that would, when one would.
     */
    private record Exposed(Path path, String mode, Optional<String> leftBecause) {}

    /**
     * The registry's files (database, -wal, -shm, backups) and folder that others may access. Only
     * what the registry owns is changed by {@code --fix}: its own regular files (not links planted
     * beside it), and the folder only when it is the default {@code ~/.stacksolo} that stacksolo
     * creates: a folder reached through a symbolic link, or one with the sticky or setgid bit (a
     * shared folder such as {@code /tmp}, or a team's), belongs to someone's set-up, not to the tool.
     */
    private List<Exposed> exposedFiles() {
        Optional<Path> file = database.dialect().file();
        if (file.isEmpty()) {
            return List.of();
        }
        Path db = file.get();
        List<Exposed> exposed = new ArrayList<>();
        exposedFile(db, true).ifPresent(exposed::add);
        exposedFile(db.resolveSibling(db.getFileName() + "-wal"), false).ifPresent(exposed::add);
        exposedFile(db.resolveSibling(db.getFileName() + "-shm"), false).ifPresent(exposed::add);
        Path folder = db.getParent();
        if (folder != null) {
            try (DirectoryStream<Path> backups = Files.newDirectoryStream(folder, db.getFileName() + ".backup-*")) {
                backups.forEach(backup -> exposedFile(backup, false).ifPresent(exposed::add));
            } catch (IOException ignored) {
                // an unreadable folder shows up in the folder's own check
            }
            exposedFolder(folder).ifPresent(exposed::add);
        }
        return exposed;
    }

    /** The file when others may access it; {@code followLink}: the database path may be a link the user made. */
    private static Optional<Exposed> exposedFile(Path path, boolean followLink) {
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (followLink && Files.isSymbolicLink(path) && Files.exists(path)) {
                path = path.toRealPath(); // the file the user's link names is the registry's file
            }
            LinkOption[] options = followLink ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
            if (!followLink && Files.isSymbolicLink(path)) {
                return Optional.of(new Exposed(path, "a symbolic link to " + Files.readSymbolicLink(path),
                        Optional.of("stacksolo never writes this name as a link, so another user or tool planted it;"
                                + " check where it points, then remove it: `rm " + path + "`")));
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, options);
            if (permissions.stream().noneMatch(OTHERS::contains)) {
                return Optional.empty();
            }
            String mode = PosixFilePermissions.toString(permissions);
            if (!Files.isRegularFile(path, options)) {
                return Optional.of(new Exposed(path, mode, Optional.of("it is not a regular file; see what it is"
                        + " (`ls -l " + path + "`) and remove it")));
            }
            if (!ownedByMe(path, options)) {
                return Optional.of(new Exposed(path, mode, Optional.of("it belongs to " + Files.getOwner(path, options)
                        .getName() + ", not to you; its owner can run `chmod go-rwx " + path + "`")));
            }
            return Optional.of(new Exposed(path, mode, Optional.empty()));
        } catch (IOException | UnsupportedOperationException ignored) {
            return Optional.empty(); // not a POSIX file system: nothing to check
        }
    }

    private static Optional<Exposed> exposedFolder(Path folder) {
        try {
            if (!Files.exists(folder)) {
                return Optional.empty();
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
            if (permissions.stream().noneMatch(OTHERS::contains)) {
                return Optional.empty();
            }
            String mode = PosixFilePermissions.toString(permissions);
            int bits = folderMode(folder);
            String chmod = "`chmod go-rwx " + folder + "`";
            String move = "the registry's own files are private; to keep its folder private too, move them into"
                    + " a folder of your own (`mkdir -m 700 ~/.stacksolo`) and point STACKSOLO_REGISTRY_PATH there";
            Optional<String> left;
            if ((bits & 01000) != 0) {
                left = Optional.of("it is a shared folder (sticky bit, like /tmp), not stacksolo's; " + move);
                mode += " +sticky";
            } else if ((bits & 02000) != 0) {
                left = Optional.of("it is a shared folder (setgid, a team's), not stacksolo's; " + move);
                mode += " +setgid";
            } else if (Files.isSymbolicLink(folder)) {
                left = Optional.of("it is a symbolic link to " + Files.readSymbolicLink(folder) + ", a folder set up"
                        + " by someone, not by stacksolo; if only you should see it, run `chmod go-rwx "
                        + folder.toRealPath() + "`");
            } else if (!folder.equals(Locations.defaultFolder().toAbsolutePath().normalize())) {
                left = Optional.of("stacksolo did not create it (only the default ~/.stacksolo is its own);"
                        + " if only you should see it, run " + chmod);
            } else if (!ownedByMe(folder)) {
                left = Optional.of("it belongs to " + Files.getOwner(folder).getName() + ", not to you; its owner"
                        + " can run " + chmod);
            } else {
                left = Optional.empty();
            }
            return Optional.of(new Exposed(folder, mode, left));
        } catch (IOException | UnsupportedOperationException ignored) {
            return Optional.empty(); // not a POSIX file system: nothing to check
        }
    }

    private static boolean ownedByMe(Path path, LinkOption... options) throws IOException {
        return Files.getOwner(path, options).getName().equals(System.getProperty("user.name"));
    }

    /** The whole mode (special bits included) of a file, not following a link. */
    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    /** The whole mode of a folder, through a link to it. */
    private static int folderMode(Path folder) throws IOException {
        return (Integer) Files.getAttribute(folder, "unix:mode") & 07777;
    }

    /**
     * Sets the whole mode: {@link Files#setPosixFilePermissions} would clear the setuid, setgid and
     * sticky bits, since it sets the nine permission bits alone.
     */
    private static void setMode(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }
}
