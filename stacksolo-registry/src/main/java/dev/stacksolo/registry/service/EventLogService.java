package dev.stacksolo.registry.service;

import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Ids;
import dev.stacksolo.registry.repository.EventRepository;
import dev.stacksolo.registry.types.EventCategory;
import dev.stacksolo.registry.types.EventFilter;
import dev.stacksolo.registry.types.LockHolder;
import dev.stacksolo.registry.types.LogEvent;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.NewEvent;
import dev.stacksolo.registry.types.NewSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event log: sessions (one per logged command run) and their high-resolution events: phases,
 * Terraform, Docker and gcloud steps, files, uploads, conflicts, prompts. Everything recorded is
 * masked first ({@link Secrets}): secret values never reach the log.
 *
 * <p>Sequence numbers are assigned by the database inside the transaction that inserts each event,
 * so two processes logging into one session get distinct, ordered numbers (the TypeScript registry
 * kept the counter in process memory, and such events collided).
 *
 * <p>Thread-safe.
 */
public final class EventLogService {

    /**
     * An unfinished session that started longer ago than this is taken as abandoned, whoever ran
     * it: no command of this CLI runs that long, and a deploy's own session should end within it.
     */
    public static final Duration ABANDONED_AFTER = Duration.ofHours(24);

    /** The exit code recorded for a session closed as abandoned: no process reported one. */
    public static final int ABANDONED_EXIT_CODE = -1;

    private final Database database;
    private final EventRepository events;

    /** A service over {@code database}; obtain one from {@link dev.stacksolo.registry.Registry#events()}. */
    public EventLogService(Database database) {
        this.database = database;
        this.events = new EventRepository(database);
    }

    // ---- sessions ---------------------------------------------------------------------------

    /**
     * Starts a session now and logs its {@code session_start} event with who runs it (host, user,
     * process, folder), in one transaction. Arguments are masked before they are stored.
     */
    public LogSession startSession(NewSession input) {
        List<String> masked = maskArguments(input.args());
        LockHolder self = LockHolder.thisProcess();
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("host", self.host());
        who.put("user", self.user());
        who.put("pid", self.pid());
        // with the pid, tells a dead session's process from a later one that reuses its id
        self.processStartedAt().ifPresent(started -> who.put("processStartedAt", started.toString()));
        who.put("cwd", Path.of("").toAbsolutePath().toString());
        NewEvent start = NewEvent.of(EventCategory.INTERNAL, "session_start").withData(who);
        // the row and who runs it in one transaction: a session killed in between would have no
        // host and pid, and could be found abandoned only by its age
        return database.write(handle -> {
            LogSession session = events.createSession(input.withArgs(masked));
            logEvent(session.id(), input.projectName().map(start::withProject).orElse(start));
            return session;
        });
    }

    /**
     * Ends the session: logs {@code session_end} and stamps its end and exit code.
     *
     * @return the session as it is now, or empty when no session has this id
     */
    public Optional<LogSession> endSession(String sessionId, int exitCode) {
        Optional<LogSession> session = events.findSession(sessionId);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exitCode", exitCode);
        data.put("durationMs", Duration.between(session.get().startedAt(), Instant.now()).toMillis());
        NewEvent end = NewEvent.of(EventCategory.INTERNAL, "session_end").withData(data);
        logEvent(sessionId, session.get().projectName().map(end::withProject).orElse(end));
        return events.endSession(sessionId, exitCode);
    }

    /**
     * The sessions that have not ended and never will: the process that logged one ran on this
     * host and is gone (a command killed with SIGKILL, a machine that lost power), or it started
     * more than {@link #ABANDONED_AFTER} ago. A session of a process still running is not one,
     * however old its start on another host is within the bound.
     *
     * @return each with the reason, oldest first
     */
    public List<AbandonedSession> findAbandonedSessions() {
        Instant bound = Instant.now().minus(ABANDONED_AFTER);
        List<AbandonedSession> abandoned = new java.util.ArrayList<>();
        for (EventRepository.Unfinished unfinished : events.findUnfinishedSessions()) {
            abandonedReason(unfinished, bound).ifPresent(reason ->
                    abandoned.add(new AbandonedSession(unfinished.session(), reason)));
        }
        return abandoned;
    }

    /**
     * Why a session that has not ended is abandoned, or empty when it may still be running (or has
     * ended).
     */
    public Optional<String> abandonedReason(LogSession session) {
        if (session.finishedAt().isPresent()) {
            return Optional.empty();
        }
        return events.findUnfinishedSessions().stream().filter(u -> u.session().id().equals(session.id())).findFirst()
                .flatMap(u -> abandonedReason(u, Instant.now().minus(ABANDONED_AFTER)));
    }

    private static Optional<String> abandonedReason(EventRepository.Unfinished unfinished, Instant bound) {
        Map<String, Object> start = unfinished.start();
        if (start.get("host") instanceof String host && start.get("pid") instanceof Number pid) {
            Optional<Instant> processStarted = Optional.empty();
            if (start.get("processStartedAt") instanceof String text) {
                try {
                    processStarted = Optional.of(Instant.parse(text));
                } catch (java.time.format.DateTimeParseException ignored) {
                    // judged by the pid alone
                }
            }
            Optional<String> gone = new LockHolder(host, pid.longValue(), processStarted,
                    String.valueOf(start.getOrDefault("user", "unknown"))).goneReason();
            if (gone.isPresent()) {
                return Optional.of(gone.get().replaceFirst("^its ", "the ") + " and never ended the session");
            }
        }
        if (unfinished.session().startedAt().isBefore(bound)) {
            return Optional.of("started " + dev.stacksolo.registry.db.Times.forPeople(unfinished.session().startedAt())
                    + ", more than "
                    + ABANDONED_AFTER.toHours() + " h ago, and never ended");
        }
        return Optional.empty();
    }

    /**
     * Closes every {@link #findAbandonedSessions() abandoned session}: logs a
     * {@code session_abandoned} event with the reason and ends it with exit code
     * {@value #ABANDONED_EXIT_CODE}, each in one transaction (a session that ended meanwhile is left
     * as it is).
     *
     * @return the sessions closed, with the reason
     */
    public List<AbandonedSession> closeAbandonedSessions() {
        List<AbandonedSession> closed = new java.util.ArrayList<>();
        for (AbandonedSession abandoned : findAbandonedSessions()) {
            boolean ended = database.write(handle -> {
                if (!events.endUnfinishedSession(abandoned.session().id(), ABANDONED_EXIT_CODE)) {
                    return false;
                }
                NewEvent event = NewEvent.of(EventCategory.INTERNAL, "session_abandoned")
                        .withData(Map.of("reason", abandoned.reason(), "exitCode", ABANDONED_EXIT_CODE));
                logEvent(abandoned.session().id(),
                        abandoned.session().projectName().map(event::withProject).orElse(event));
                return true;
            });
            if (ended) {
                closed.add(abandoned);
            }
        }
        return closed;
    }

    /**
     * A session left unfinished by a process that is gone.
     *
     * @param session the session
     * @param reason why it is taken as abandoned
     */
    public record AbandonedSession(LogSession session, String reason) {}

    /** The session with this id. */
    public Optional<LogSession> getSession(String sessionId) {
        return events.findSession(sessionId);
    }

    /** The shortest start of a session id {@link #getSessionByIdOrPrefix} looks up (git's). */
    public static final int MIN_PREFIX = 4;

    /**
     * The session with this id, or else the only one whose id starts with it, of at least
     * {@link #MIN_PREFIX} characters (as git takes a unique prefix of a commit id); letters in
     * either case.
     *
     * @throws dev.stacksolo.registry.AmbiguousSessionIdException when several sessions' ids start
     *     with it; the message names some of them
     */
    public Optional<LogSession> getSessionByIdOrPrefix(String idOrPrefix) {
        Optional<LogSession> exact = events.findSession(idOrPrefix);
        if (exact.isPresent() || idOrPrefix.length() < MIN_PREFIX) {
            return exact;
        }
        List<LogSession> matches = events.findSessionsByIdPrefix(idOrPrefix, 5);
        if (matches.size() > 1) {
            throw new dev.stacksolo.registry.AmbiguousSessionIdException(idOrPrefix,
                    matches.stream().map(LogSession::id).toList());
        }
        return matches.stream().findFirst();
    }

    /** The newest session. */
    public Optional<LogSession> getLatestSession() {
        return events.listSessions(1).stream().findFirst();
    }

    /**
     * The newest sessions, at most {@code limit}.
     *
     * @throws IllegalArgumentException when {@code limit} is less than 1
     */
    public List<LogSession> listSessions(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return events.listSessions(limit);
    }

    // ---- events -----------------------------------------------------------------------------

    /**
     * Logs an event into the session, with the next sequence number; its data is masked first.
     *
     * @throws dev.stacksolo.registry.DatabaseException when the session does not exist (the
     *     database refuses the event) or the write fails
     */
    public LogEvent logEvent(String sessionId, NewEvent event) {
        return events.insertEvent(sessionId, event.withData(Secrets.mask(event.data())));
    }

    /** The session's events that match {@code filter}, in sequence order. */
    public List<LogEvent> getSessionEvents(String sessionId, EventFilter filter) {
        return events.findEvents(sessionId, filter);
    }

    /** Every event of the session, in sequence order. */
    public List<LogEvent> getSessionEvents(String sessionId) {
        return events.findEvents(sessionId, EventFilter.all());
    }

    /** The newest events about a resource across sessions, at most {@code limit}. */
    public List<LogEvent> getEventsByResource(String resourceName, int limit) {
        return events.findByResource(resourceName, limit);
    }

    /** How many events the session holds. */
    public long getEventCount(String sessionId) {
        return events.count(sessionId);
    }

    /** How many events each session holds. */
    public Map<String, Long> getEventCounts(List<String> sessionIds) {
        return events.counts(sessionIds);
    }

    /**
     * Deletes events older than {@code olderThan}, and the finished sessions that started before
     * then and have no events left, in one transaction.
     *
     * @return how many events and sessions were deleted
     */
    public PruneResult pruneEvents(Duration olderThan) {
        long[] deleted = events.prune(Instant.now().minus(olderThan));
        return new PruneResult(deleted[0], deleted[1]);
    }

    /** What {@link #pruneEvents} deleted. */
    public record PruneResult(long events, long sessions) {}

    // ---- the common events ------------------------------------------------------------------

    /** A phase of a deploy begins ({@code phase_start}); pass the result to {@link #phaseEnd}. */
    public LogEvent phaseStart(String sessionId, String phase) {
        return start(sessionId, EventCategory.INTERNAL, "phase_start", Map.of("phase", phase));
    }

    /** The phase ends ({@code phase_end}), with its duration. */
    public LogEvent phaseEnd(String sessionId, LogEvent start, boolean succeeded) {
        return end(sessionId, start, "phase_end", Map.of("phase", start.data().getOrDefault("phase", ""),
                "succeeded", succeeded));
    }

    /** {@code terraform init} begins. */
    public LogEvent terraformInitStart(String sessionId) {
        return start(sessionId, EventCategory.TERRAFORM, "init_start", Map.of());
    }

    /** {@code terraform init} ends. */
    public LogEvent terraformInitEnd(String sessionId, LogEvent start, int exitCode) {
        return end(sessionId, start, "init_end", Map.of("exitCode", exitCode));
    }

    /** {@code terraform plan} begins. */
    public LogEvent terraformPlanStart(String sessionId) {
        return start(sessionId, EventCategory.TERRAFORM, "plan_start", Map.of());
    }

    /** {@code terraform plan} ends, with the counts it planned. */
    public LogEvent terraformPlanEnd(String sessionId, LogEvent start, int toAdd, int toChange, int toDestroy) {
        return end(sessionId, start, "plan_end", Map.of("add", toAdd, "change", toChange, "destroy", toDestroy));
    }

    /** {@code terraform apply} begins. */
    public LogEvent terraformApplyStart(String sessionId) {
        return start(sessionId, EventCategory.TERRAFORM, "apply_start", Map.of());
    }

    /** {@code terraform apply} ends. */
    public LogEvent terraformApplyEnd(String sessionId, LogEvent start, int exitCode) {
        return end(sessionId, start, "apply_end", Map.of("exitCode", exitCode));
    }

    /**
     * A Terraform resource event ({@code resource_create}, {@code resource_update},
     * {@code resource_destroy}…) at {@code address}, for {@code resourceName}.
     */
    public LogEvent terraformResource(String sessionId, String action, String address, String resourceType,
            String resourceName, Map<String, ?> data) {
        return logEvent(sessionId, NewEvent.of(EventCategory.TERRAFORM, "resource_" + action)
                .withTerraformAddress(address).withResource(resourceType, resourceName).withData(data));
    }

    /** {@code docker build} of an image begins. */
    public LogEvent dockerBuildStart(String sessionId, String image) {
        return start(sessionId, EventCategory.DOCKER, "build_start", Map.of("image", image));
    }

    /** The build ends. */
    public LogEvent dockerBuildEnd(String sessionId, LogEvent start, boolean succeeded) {
        return end(sessionId, start, "build_end", Map.of("image", start.data().getOrDefault("image", ""),
                "succeeded", succeeded));
    }

    /** {@code docker push} of an image begins. */
    public LogEvent dockerPushStart(String sessionId, String image) {
        return start(sessionId, EventCategory.DOCKER, "push_start", Map.of("image", image));
    }

    /** The push ends. */
    public LogEvent dockerPushEnd(String sessionId, LogEvent start, boolean succeeded) {
        return end(sessionId, start, "push_end", Map.of("image", start.data().getOrDefault("image", ""),
                "succeeded", succeeded));
    }

    /** A gcloud command begins (its arguments masked). */
    public LogEvent gcloudStart(String sessionId, List<String> args) {
        return start(sessionId, EventCategory.GCLOUD, "command_start",
                Map.of("args", maskArguments(args)));
    }

    /** The gcloud command ends. */
    public LogEvent gcloudEnd(String sessionId, LogEvent start, int exitCode) {
        return end(sessionId, start, "command_end", Map.of("exitCode", exitCode));
    }

    /** A file was written. */
    public LogEvent fileWrite(String sessionId, String path, long bytes) {
        return logEvent(sessionId, NewEvent.of(EventCategory.FILE, "write").withData(Map.of("path", path, "bytes", bytes)));
    }

    /** A file was uploaded to Cloud Storage. */
    public LogEvent gcsUpload(String sessionId, String bucket, String object, long bytes) {
        return logEvent(sessionId, NewEvent.of(EventCategory.GCS, "upload")
                .withData(Map.of("bucket", bucket, "object", object, "bytes", bytes)));
    }

    /** A conflict was detected (a resource that exists already, a name taken). */
    public LogEvent conflictDetected(String sessionId, String resourceType, String resourceName, String detail) {
        return logEvent(sessionId, NewEvent.of(EventCategory.INTERNAL, "conflict_detected")
                .withResource(resourceType, resourceName).withData(Map.of("detail", detail)));
    }

    /** The user was asked something. */
    public LogEvent userPrompt(String sessionId, String question) {
        return start(sessionId, EventCategory.INTERNAL, "user_prompt", Map.of("question", question));
    }

    /** The user answered (the answer is masked when it looks secret). */
    public LogEvent userResponse(String sessionId, LogEvent prompt, String answer) {
        return end(sessionId, prompt, "user_response", Map.of("answer", Secrets.maskText(answer)));
    }

    private LogEvent start(String sessionId, EventCategory category, String type, Map<String, ?> data) {
        return logEvent(sessionId, NewEvent.of(category, type).withData(data)
                .withCorrelationId(Ids.newId()));
    }

    /** An end event: the start's category and correlation id, under it, with the time since it. */
    private LogEvent end(String sessionId, LogEvent start, String type, Map<String, ?> data) {
        Map<String, Object> withDuration = new LinkedHashMap<>(data);
        withDuration.put("durationMs", Duration.between(start.timestamp(), Instant.now()).toMillis());
        NewEvent event = NewEvent.of(start.category(), type).withData(withDuration).withParent(start.id());
        if (start.correlationId().isPresent()) {
            event = event.withCorrelationId(start.correlationId().get());
        }
        return logEvent(sessionId, event);
    }

    private static final java.util.regex.Pattern ARGUMENT_NAME =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    /**
     * Command-line arguments as they may be logged: {@code key=value} with a secret key keeps the
     * key only (and so does a connection string's), the word after a secret option
     * ({@code --db-password hunter2}) is masked, and everything else goes through
     * {@link Secrets#maskText} (a URL's password, {@code &password=…}, tokens, an error text given
     * with {@code --error}); the password of a well-known tool's option given as words of their own
     * ({@code docker login -p PW}, {@code curl -u user:PW}) is masked too
     * ({@link Secrets#maskToolArguments}).
     */
    static List<String> maskArguments(List<String> given) {
        // a tool's password option among the words (run -- docker login -p PW): told by the tool's name
        List<String> arguments = Secrets.maskToolArguments(given);
        List<String> masked = new java.util.ArrayList<>(arguments.size());
        String previous = "";
        for (String argument : arguments) {
            // a secret option and its value as two words (--db-password hunter2, -p hunter2 is not told apart)
            String option = previous.startsWith("-") && previous.indexOf('=') < 0 ? previous.replaceFirst("^-+", "") : "";
            if (option.equals("show-secrets")) {
                option = ""; // our flag, which takes no value: what follows is a reference or a project
            }
            masked.add(!option.isEmpty() && !argument.startsWith("-") && ARGUMENT_NAME.matcher(option).matches()
                    && Secrets.isSecretKey(option) ? Secrets.MASK : maskArgument(argument));
            previous = argument;
        }
        return masked;
    }

    /**
     * One command-line argument as it may be logged (see {@link #maskArguments}, which also masks the
     * value that follows a secret option as a word of its own).
     */
    static String maskArgument(String argument) {
        int equals = argument.indexOf('=');
        if (equals > 0) {
            String key = argument.substring(0, equals).replaceFirst("^-+", "");
            // only a whole argument that is NAME=value: in free text ("https://u:pw@h failed; DB_PASSWORD=x")
            // the part before the first = is no name, and maskText must see every shape in it
            boolean name = ARGUMENT_NAME.matcher(key).matches();
            if ((name && Secrets.isSecretKey(key)) || key.toLowerCase(java.util.Locale.ROOT).contains("connectionstring")) {
                return argument.substring(0, equals + 1) + Secrets.MASK;
            }
        }
        return Secrets.maskText(argument);
    }
}
