package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.RowMapper;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.LockHolder;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code deployment_locks} table: one lease row per locked project. Whether a lock is stale is
 * decided when it is read, from its holder and its lease. Thread-safe (every call goes through
 * {@link Database}).
 */
public final class LockRepository {

    static final String COLUMNS = "project_id, lock_id, action, holder_host, holder_pid, holder_started_at,"
            + " holder_user, acquired_at, heartbeat_at, lease_ms, expires_at, holder_process_key";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM deployment_locks";

    static final Columns TABLE = new Columns("deployment_locks", COLUMNS);
    static final RowMapper<DeploymentLock> MAPPER = resultSet -> map(new Rows(resultSet, TABLE, 0));

    private static DeploymentLock map(Rows row) throws SQLException {
        LockHolder holder = new LockHolder(row.text("holder_host"), row.longValue("holder_pid"),
                row.optionalInstant("holder_started_at"), row.text("holder_user"), row.optionalText("holder_process_key"));
        Instant heartbeat = row.instant("heartbeat_at");
        Duration lease = Duration.ofMillis(row.longValue("lease_ms"));
        // a holder on this host is stale only when its process is gone: its liveness is known
        // without comparing clocks (its heartbeats may be stamped by a clock that is off); the
        // lease decides only for a holder on another host
        Optional<String> stale = holder.isOnThisHost() ? holder.goneReason()
                : heartbeat.plus(lease).isBefore(Times.now())
                        ? Optional.of("no heartbeat since " + Times.forPeople(heartbeat) + " (its lease is " + describe(lease) + ")")
                        : Optional.empty();
        return new DeploymentLock(row.text("project_id"), row.text("lock_id"),
                row.enumValue("action", DeploymentAction::fromValue), holder, row.instant("acquired_at"),
                heartbeat, lease, stale);
    }

    private final Database database;

    /** A repository over {@code database}. */
    public LockRepository(Database database) {
        this.database = database;
    }

    /**
     * Takes the project's lock unless a row holds it already (live or stale: only an unlock removes
     * a stale one). One statement, so two processes racing for it cannot both win, on either database.
     *
     * @return whether the lock was taken
     */
    public boolean acquire(String projectId, String lockId, DeploymentAction action, LockHolder holder, Duration lease) {
        return database.write(handle -> {
            Instant now = Times.now();
            String stamp = Times.format(now);
            return handle.update("INSERT INTO deployment_locks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (project_id) DO NOTHING",
                    projectId, lockId, action.value(), holder.host(), holder.pid(),
                    holder.processStartedAt().map(Times::format).orElse(null), holder.user(), stamp, stamp,
                    lease.toMillis(), Times.format(now.plus(lease)), holder.processKey().orElse(null)) == 1;
        });
    }

    /** The project's lock. */
    public Optional<DeploymentLock> findByProject(String projectId) {
        return database.read(handle -> handle.queryFirst(SELECT + " WHERE project_id = ?", MAPPER, projectId));
    }

    /** The lock on the project the resource belongs to. */
    public Optional<DeploymentLock> findByResource(String resourceId) {
        return database.read(handle -> handle.queryFirst("SELECT " + TABLE.prefixed("l")
                + " FROM deployment_locks l JOIN resources r ON r.project_id = l.project_id WHERE r.id = ?",
                MAPPER, resourceId));
    }

    /** The lock with this id (the id of the deployment holding it). */
    public Optional<DeploymentLock> findByLockId(String lockId) {
        return database.read(handle -> handle.queryFirst(SELECT + " WHERE lock_id = ?", MAPPER, lockId));
    }

    /** Every lock, oldest first. */
    public List<DeploymentLock> findAll() {
        return database.read(handle -> handle.query(SELECT + " ORDER BY acquired_at", MAPPER));
    }

    /**
     * Records a heartbeat: the lock stays live for another lease from now.
     *
     * @return whether the lock is still there to refresh
     */
    public boolean refresh(String lockId) {
        return database.write(handle -> {
            Optional<Long> lease = handle.queryFirst("SELECT lease_ms FROM deployment_locks WHERE lock_id = ?",
                    row -> row.getLong(1), lockId);
            if (lease.isEmpty()) {
                return false;
            }
            Instant now = Times.now();
            return handle.update("UPDATE deployment_locks SET heartbeat_at = ?, expires_at = ? WHERE lock_id = ?",
                    Times.format(now), Times.format(now.plusMillis(lease.get())), lockId) == 1;
        });
    }

    /**
     * Removes the lock if {@code lockId} holds it.
     *
     * @return whether it was removed
     */
    public boolean release(String projectId, String lockId) {
        return database.writeStatement("DELETE FROM deployment_locks WHERE project_id = ? AND lock_id = ?",
                projectId, lockId) == 1;
    }

    /** A duration for people: {@code 90 s}, {@code 2 min}, {@code 1 h 30 min}. */
    static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        return minutes < 120 ? minutes + " min" : minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }
}
