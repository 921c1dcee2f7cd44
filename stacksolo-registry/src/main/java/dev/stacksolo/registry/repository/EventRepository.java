package dev.stacksolo.registry.repository;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Handle;
import dev.stacksolo.registry.db.Ids;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.db.RowMapper;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.EventCategory;
import dev.stacksolo.registry.types.EventFilter;
import dev.stacksolo.registry.types.LogEvent;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.NewEvent;
import dev.stacksolo.registry.types.NewSession;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code sessions} and {@code events} tables: the event log. An event's sequence number is
 * assigned inside the write transaction that inserts it (the session's largest plus one), so events
 * logged into one session by several processes get distinct, ordered numbers. Thread-safe (every
 * call goes through {@link Database}).
 */
public final class EventRepository {

    static final String SESSION_COLUMNS =
            "id, started_at, finished_at, command, args, config_hash, project_name, gcp_project_id, exit_code";
    static final String EVENT_COLUMNS = "id, session_id, timestamp, seq, project, category, event_type,"
            + " resource_type, resource_name, terraform_address, data, parent_event_id, correlation_id";
    /** The session columns as a role without SELECT on the config hash reads them (a PostgreSQL reader). */
    private static final String PUBLIC_SESSION_COLUMNS = SESSION_COLUMNS.replace("config_hash", "NULL AS config_hash");
    private static final String SELECT_EVENT = "SELECT " + EVENT_COLUMNS + " FROM events";

    static final Columns SESSIONS = new Columns("sessions", SESSION_COLUMNS);
    static final Columns EVENTS = new Columns("events", EVENT_COLUMNS);
    static final RowMapper<LogSession> SESSION = resultSet -> session(new Rows(resultSet, SESSIONS, 0));
    static final RowMapper<LogEvent> EVENT = resultSet -> event(new Rows(resultSet, EVENTS, 0));

    private static LogSession session(Rows row) throws SQLException {
        return new LogSession(row.text("id"), row.instant("started_at"), row.optionalInstant("finished_at"),
                row.text("command"), args(row.optionalText("args")), row.optionalText("config_hash"),
                row.optionalText("project_name"), row.optionalText("gcp_project_id"),
                row.optionalLong("exit_code").map(Long::intValue));
    }

    /** Arguments as stored: a JSON array of strings; other text (another tool's) as one argument. */
    private static List<String> args(Optional<String> stored) {
        if (stored.isEmpty() || stored.get().isBlank()) {
            return List.of();
        }
        try {
            List<Object> values = Json.codec().listFrom(stored.get());
            List<String> args = new ArrayList<>();
            for (Object value : values) {
                args.add(String.valueOf(value));
            }
            return args;
        } catch (IOException | RuntimeException notAnArray) {
            return List.of(stored.get());
        }
    }

    private static LogEvent event(Rows row) throws SQLException {
        return new LogEvent(row.longValue("id"), row.text("session_id"), row.instant("timestamp"),
                row.longValue("seq"), row.optionalText("project"),
                row.enumValue("category", EventCategory::fromValue), row.text("event_type"),
                row.optionalText("resource_type"), row.optionalText("resource_name"),
                row.optionalText("terraform_address"), row.json("data"), row.optionalLong("parent_event_id"),
                row.optionalText("correlation_id"));
    }

    private final Database database;
    /** {@code SELECT columns FROM sessions}, without the config hash for a role that may not read it. */
    private final String selectSession;
    /** The session columns prefixed {@code s.}, the same way. */
    private final String sessionsPrefixed;

    /** A repository over {@code database}. */
    public EventRepository(Database database) {
        this.database = database;
        boolean secrets = database.access().readsSecrets();
        this.selectSession = "SELECT " + (secrets ? SESSION_COLUMNS : PUBLIC_SESSION_COLUMNS) + " FROM sessions";
        this.sessionsPrefixed = secrets ? SESSIONS.prefixed("s")
                : SESSIONS.prefixed("s").replace("s.config_hash", "NULL AS config_hash");
    }

    /** Inserts a session with a new id, started now; {@code args} are stored as given. */
    public LogSession createSession(NewSession input) {
        String id = Ids.newId();
        Instant now = Times.now();
        database.writeStatement("INSERT INTO sessions (" + SESSION_COLUMNS + ") VALUES (?, ?, NULL, ?, ?, ?, ?, ?, NULL)",
                id, Times.format(now), input.command(), Json.writeValue(input.args()),
                input.configHash().orElse(null), input.projectName().orElse(null), input.gcpProjectId().orElse(null));
        return new LogSession(id, now, Optional.empty(), input.command(), input.args(), input.configHash(),
                input.projectName(), input.gcpProjectId(), Optional.empty());
    }

    /** Stamps the session's end and exit code; empty when no session has this id. */
    public Optional<LogSession> endSession(String id, int exitCode) {
        return database.write(handle -> {
            int changed = handle.update("UPDATE sessions SET finished_at = ?, exit_code = ? WHERE id = ?",
                    Times.format(Times.now()), exitCode, id);
            return changed == 0 ? Optional.<LogSession>empty() : handle.queryFirst(selectSession + " WHERE id = ?", SESSION, id);
        });
    }

    /**
     * The sessions that have not ended, oldest first, each with the data of its
     * {@code session_start} event (who ran it: host, pid…), empty when it has none (another tool's).
     */
    public List<Unfinished> findUnfinishedSessions() {
        String sql = "SELECT " + sessionsPrefixed + ", e.data FROM sessions s LEFT JOIN events e"
                + " ON e.session_id = s.id AND e.seq = 1 AND e.event_type = 'session_start'"
                + " WHERE s.finished_at IS NULL ORDER BY s.started_at, s.id";
        int dataColumn = SESSIONS.names().size() + 1;
        return database.read(handle -> handle.query(sql, row -> {
            String data = row.getString(dataColumn);
            Map<String, Object> start;
            try {
                start = data == null ? Map.of() : Json.readObject(data);
            } catch (IOException | RuntimeException unreadable) {
                start = Map.of(); // judged by its age alone
            }
            return new Unfinished(SESSION.map(row), start);
        }));
    }

    /**
     * A session that has not ended, with the data of its {@code session_start} event.
     *
     * @param session the session
     * @param start the data of its {@code session_start} event (empty when none could be read)
     */
    public record Unfinished(LogSession session, Map<String, Object> start) {}

    /**
     * Ends a session that has not ended yet (in the caller's transaction when there is one).
     *
     * @return whether it was still unfinished and is now ended
     */
    public boolean endUnfinishedSession(String id, int exitCode) {
        return database.writeStatement("UPDATE sessions SET finished_at = ?, exit_code = ? WHERE id = ?"
                + " AND finished_at IS NULL", Times.format(Times.now()), exitCode, id) == 1;
    }

    /** The session with this id. */
    public Optional<LogSession> findSession(String id) {
        return database.read(handle -> handle.queryFirst(selectSession + " WHERE id = ?", SESSION, id));
    }

    /**
     * Sessions whose id starts with {@code prefix}, letters in either case, at most {@code limit},
     * by id. Compared with {@code lower(substr(…))}, not {@code LIKE}: the same on both databases
     * ({@code _} and {@code %} are no wildcards).
     */
    public List<LogSession> findSessionsByIdPrefix(String prefix, int limit) {
        return database.read(handle -> handle.query(selectSession + " WHERE lower(substr(id, 1, ?)) = ? ORDER BY id LIMIT ?",
                SESSION, prefix.length(), prefix.toLowerCase(java.util.Locale.ROOT), limit));
    }

    /** The newest sessions, at most {@code limit}. */
    public List<LogSession> listSessions(int limit) {
        return database.read(handle -> handle.query(selectSession + " ORDER BY started_at DESC, id DESC LIMIT ?",
                SESSION, limit));
    }

    /**
     * Inserts an event with the session's next sequence number, in one write transaction; the
     * data is stored as given.
     */
    public LogEvent insertEvent(String sessionId, NewEvent input) {
        return database.write(handle -> {
            if (handle.queryFirst("SELECT 1 FROM sessions WHERE id = ?", row -> 1, sessionId).isEmpty()) {
                throw new dev.stacksolo.registry.SessionNotFoundException(sessionId);
            }
            long seq = handle.queryFirst("SELECT coalesce(max(seq), 0) + 1 FROM events WHERE session_id = ?",
                    row -> row.getLong(1), sessionId).orElse(1L);
            Instant now = Times.now();
            String data = Json.write(input.data());
            handle.update("INSERT INTO events (session_id, timestamp, seq, project, category, event_type, resource_type,"
                    + " resource_name, terraform_address, data, parent_event_id, correlation_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    sessionId, Times.format(now), seq, input.project().orElse(null), input.category().value(),
                    input.eventType(), input.resourceType().orElse(null), input.resourceName().orElse(null),
                    input.terraformAddress().orElse(null), data,
                    // a typed null: PostgreSQL will not take an untyped one for an integer column
                    input.parentEventId().<Object>map(id -> id).orElse(new Handle.TypedNull(java.sql.Types.BIGINT)),
                    input.correlationId().orElse(null));
            long id = handle.queryFirst("SELECT id FROM events WHERE session_id = ? AND seq = ?",
                    row -> row.getLong(1), sessionId, seq).orElseThrow();
            return new LogEvent(id, sessionId, now, seq, input.project(), input.category(), input.eventType(),
                    input.resourceType(), input.resourceName(), input.terraformAddress(),
                    Json.asReadBack(input.data(), data), input.parentEventId(), input.correlationId());
        });
    }

    /** The session's events matching {@code filter}, in sequence order. */
    public List<LogEvent> findEvents(String sessionId, EventFilter filter) {
        StringBuilder sql = new StringBuilder(SELECT_EVENT).append(" WHERE session_id = ?");
        List<Object> params = new ArrayList<>(List.of(sessionId));
        filter.category().ifPresent(category -> {
            sql.append(" AND category = ?");
            params.add(category.value());
        });
        filter.eventType().ifPresent(type -> {
            sql.append(" AND event_type = ?");
            params.add(type);
        });
        filter.resourceName().ifPresent(name -> {
            sql.append(" AND resource_name = ?");
            params.add(name);
        });
        filter.since().ifPresent(since -> {
            sql.append(" AND timestamp >= ?");
            params.add(Times.format(since));
        });
        sql.append(" ORDER BY seq");
        filter.limit().ifPresent(limit -> {
            sql.append(" LIMIT ?");
            params.add(limit);
        });
        return database.read(handle -> handle.query(sql.toString(), EVENT, params.toArray()));
    }

    /** The newest events about a resource, across sessions, at most {@code limit}. */
    public List<LogEvent> findByResource(String resourceName, int limit) {
        return database.read(handle -> handle.query(SELECT_EVENT + " WHERE resource_name = ? ORDER BY id DESC LIMIT ?",
                EVENT, resourceName, limit));
    }

    /** How many events the session holds. */
    public long count(String sessionId) {
        return database.read(handle -> handle.queryFirst("SELECT count(*) FROM events WHERE session_id = ?",
                row -> row.getLong(1), sessionId).orElse(0L));
    }

    /** How many events each of these sessions holds. */
    public Map<String, Long> counts(List<String> sessionIds) {
        Map<String, Long> counts = new java.util.HashMap<>();
        database.read(handle -> {
            for (String id : sessionIds) {
                counts.put(id, handle.queryFirst("SELECT count(*) FROM events WHERE session_id = ?",
                        row -> row.getLong(1), id).orElse(0L));
            }
            return null;
        });
        return counts;
    }

    /**
     * Deletes the events older than {@code before}, then the finished sessions that started before
     * it and hold no events any more, in one transaction.
     *
     * @return the number of events and sessions deleted
     */
    public long[] prune(Instant before) {
        return database.write(handle -> prune(handle, Times.format(before)));
    }

    private static long[] prune(Handle handle, String before) throws SQLException {
        long events = handle.update("DELETE FROM events WHERE timestamp < ?", before);
        long sessions = handle.update("DELETE FROM sessions WHERE started_at < ? AND finished_at IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.session_id = sessions.id)", before);
        return new long[] {events, sessions};
    }
}
