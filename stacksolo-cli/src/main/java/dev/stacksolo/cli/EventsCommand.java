package dev.stacksolo.cli;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.SessionNotFoundException;
import dev.stacksolo.registry.service.EventLogService;
import dev.stacksolo.registry.service.EventLogService.PruneResult;
import dev.stacksolo.registry.types.EventCategory;
import dev.stacksolo.registry.types.EventFilter;
import dev.stacksolo.registry.types.LogEvent;
import dev.stacksolo.registry.types.LogSession;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacksolo events list|show|prune}: the event log of deploys and registry changes. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"The event log: one session per deploy run or registry change (register, sync,",
            "outputs set, deployment start/finish, unregister, unlock, registry import/migrate), with who",
            "ran it and what happened. Secret values are never logged."},
        subcommands = {EventsCommand.ListSessions.class, EventsCommand.Show.class, EventsCommand.Prune.class},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo events list",
            "  stacksolo events show 3f2a",
            "  stacksolo events prune --older-than 30d"})
final class EventsCommand {

    /** Categories as the format writes them, for picocli's conversion. */
    enum CategoryOption { internal, terraform, docker, gcloud, file, gcs }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sessions, newest first.",
                footerHeading = "%nExamples:%n",
                footer = {"  stacksolo events list",
            "  stacksolo events list -n 50 --json"})
    static final class ListSessions implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", converter = CountConverter.class, defaultValue = "20",
                description = "Show at most N sessions (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print the sessions as a JSON array (each with its host, user and event count).")
        boolean json;

        @Option(names = "--show-secrets", description = "Show logged values unmasked (the log stores none it knows as secret).")
        boolean showSecrets;

        @Override
        public Integer call() {
            try (Cli cli = Cli.forReading(spec)) {
                EventLogService events = cli.registry().events();
                List<LogSession> sessions = events.listSessions(limit);
                Map<String, Long> counts = events.getEventCounts(sessions.stream().map(LogSession::id).toList());
                if (json) {
                    cli.out().println(Views.json(sessions.stream().map(session -> {
                        Map<String, Object> view = Views.session(session, showSecrets);
                        Map<String, Object> who = who(events, session);
                        view.put("host", who.get("host"));
                        view.put("user", who.get("user"));
                        view.put("eventCount", counts.get(session.id()));
                        view.put("abandoned", state(events, session).equals("abandoned"));
                        return view;
                    }).toList()));
                    return 0;
                }
                if (sessions.isEmpty()) {
                    cli.out().println("No sessions logged in " + cli.registry().location() + ".");
                    return 0;
                }
                Style style = cli.style();
                Table table = new Table("SESSION", "STARTED", "COMMAND", "PROJECT", "BY", "EXIT", "DURATION", "EVENTS");
                for (LogSession session : sessions) {
                    Map<String, Object> who = who(events, session);
                    table.row(session.id(), Times.local(session.startedAt()), session.command(),
                            session.projectName().orElse("-"),
                            who.isEmpty() ? "-" : who.get("user") + "@" + who.get("host"),
                            state(events, session),
                            Times.took(session.startedAt(), session.finishedAt()).orElse("-"), String.valueOf(counts.get(session.id())));
                }
                table.print(cli.out(), style);
                return 0;
            }
        }
    }

    /**
     * How a session ended, for people: its exit code; {@code abandoned} when its process is gone
     * without ending it (killed) or {@code doctor --fix} closed it so; {@code running} otherwise.
     */
    static String state(EventLogService events, LogSession session) {
        if (session.exitCode().isPresent()) {
            return session.exitCode().get() == EventLogService.ABANDONED_EXIT_CODE ? "abandoned"
                    : String.valueOf(session.exitCode().get());
        }
        return events.abandonedReason(session).isPresent() ? "abandoned" : "running";
    }

    /** The data of the session's {@code session_start} event: host, user, pid, cwd (empty for another tool's sessions). */
    static Map<String, Object> who(EventLogService events, LogSession session) {
        return events.getSessionEvents(session.id(), EventFilter.all().withEventType("session_start").withLimit(1))
                .stream().findFirst().map(LogEvent::data).orElse(Map.of());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a session's events as a timeline (the latest session when none is given).",
                footerHeading = "%nExamples:%n",
                footer = {"  stacksolo events show",
            "  stacksolo events show 3f2a -c terraform",
            "  stacksolo events show 3f2a9c1e --json"})
    static final class Show implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "[session-id]", description = "The session, or a unique start of its"
                + " id, as git takes a commit's (default: the latest).")
        String sessionId;

        @Option(names = {"-c", "--category"}, paramLabel = "CATEGORY",
                description = "Only this category: ${COMPLETION-CANDIDATES}.")
        CategoryOption category;

        @Option(names = {"-r", "--resource"}, paramLabel = "NAME", description = "Only events about this resource.")
        String resource;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", converter = CountConverter.class,
                description = "Show at most N events.")
        Integer limit;

        @Option(names = "--json", description = "Print {session, events} as JSON.")
        boolean json;

        @Option(names = "--show-secrets", description = "Show logged values unmasked (the log stores none it knows as secret).")
        boolean showSecrets;

        @Override
        public Integer call() {
            if (sessionId != null && sessionId.length() < EventLogService.MIN_PREFIX) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "'" + sessionId + "' is too short"
                        + " for a session id: give at least " + EventLogService.MIN_PREFIX + " characters of it"
                        + " (stacksolo events list shows the ids)");
            }
            try (Cli cli = Cli.forReading(spec)) {
                Registry registry = cli.registry();
                EventLogService events = registry.events();
                LogSession session = (sessionId == null ? events.getLatestSession() : events.getSessionByIdOrPrefix(sessionId))
                        .orElseThrow(() -> sessionId == null
                                ? new CliException("no sessions logged in " + registry.location()
                                        + " yet: commands that change the registry, and deploys, log them")
                                : new SessionNotFoundException(sessionId));
                EventFilter filter = EventFilter.all();
                if (category != null) {
                    filter = filter.withCategory(EventCategory.fromValue(category.name()));
                }
                if (resource != null) {
                    filter = filter.withResourceName(resource);
                }
                if (limit != null) {
                    filter = filter.withLimit(limit);
                }
                List<LogEvent> shown = events.getSessionEvents(session.id(), filter);
                if (json) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("session", Views.session(session, showSecrets));
                    view.put("events", shown.stream().map(e -> Views.event(e, showSecrets)).toList());
                    cli.out().println(Views.json(view));
                    return 0;
                }
                Map<String, Object> who = who(events, session);
                List<String> args = showSecrets ? session.args()
                        : session.args().stream().map(dev.stacksolo.registry.Secrets::maskText).toList();
                // stored text on lines of their own: escaped here, as table cells are (no colour in them)
                cli.out().println(Terminal.escape("Session " + session.id() + ": " + session.command()
                        + (args.isEmpty() ? "" : " (" + String.join(" ", args) + ")"), false));
                cli.out().println(Terminal.escape("  project " + session.projectName().orElse("-")
                        + (who.isEmpty() ? "" : ", by " + who.get("user") + "@" + who.get("host"))
                        + ", started " + Times.local(session.startedAt())
                        + switch (state(events, session)) {
                            case "abandoned" -> ", abandoned (" + events.abandonedReason(session)
                                    .orElse("closed by `stacksolo doctor --fix`") + ")";
                            case "running" -> ", still running";
                            default -> ", exit " + session.exitCode().orElseThrow();
                        }
                        + Times.took(session.startedAt(), session.finishedAt()).map(d -> ", took " + d).orElse(""), false));
                cli.out().println();
                if (shown.isEmpty()) {
                    cli.out().println("No events" + (category != null || resource != null ? " match." : "."));
                    return 0;
                }
                Table table = new Table("AT", "SEQ", "CATEGORY", "EVENT", "RESOURCE", "TOOK", "DETAILS");
                for (LogEvent event : shown) {
                    Duration offset = Duration.between(session.startedAt(), event.timestamp());
                    Object took = event.data().get("durationMs");
                    table.row("+" + offset(offset), String.valueOf(event.seq()), event.category().value(),
                            event.eventType(), event.resourceName().or(event::terraformAddress).orElse(""),
                            took instanceof Number ms ? Times.duration(Duration.ofMillis(ms.longValue())) : "",
                            details(showSecrets ? event.data() : dev.stacksolo.registry.Secrets.mask(event.data())));
                }
                table.print(cli.out(), cli.style());
                return 0;
            }
        }

        private static String offset(Duration offset) {
            long millis = Math.max(0, offset.toMillis());
            // an event stamped before its session started came from a host whose clock is behind
            return String.format("%d:%02d.%03d", millis / 60_000, (millis / 1000) % 60, millis % 1000)
                    + (offset.isNegative() ? " (clock skew)" : "");
        }

        private static String details(Map<String, Object> data) {
            return data.entrySet().stream().filter(entry -> !entry.getKey().equals("durationMs"))
                    .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(" "));
        }
    }

    /** {@code 30 days}, {@code 12 hours}, {@code 90 minutes}: the duration as it was asked for. */
    static String whole(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + (seconds == 86_400 ? " day" : " days");
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + (seconds == 3600 ? " hour" : " hours");
        }
        return seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Delete events older than a duration, and the finished sessions left empty.",
                footerHeading = "%nExamples:%n",
                footer = {"  stacksolo events prune --older-than 30d",
            "  stacksolo events prune --older-than 12h",
            "  stacksolo events prune --older-than 30d --json"})
    static final class Prune implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--older-than", required = true, paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Events recorded longer ago than this: 30d, 12h, 90m, 45s, 2w, or ISO-8601 (P30D).")
        Duration olderThan;

        @Option(names = "--json", description = "Print {olderThanSeconds, events, sessions}: what was deleted.")
        boolean json;

        @Override
        public Integer call() {
            try (Cli cli = Cli.of(spec)) {
                PruneResult pruned = cli.registry().events().pruneEvents(olderThan);
                StandardOutput.changed("stacksolo events prune");
                if (json) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("olderThanSeconds", olderThan.toSeconds());
                    view.put("events", pruned.events());
                    view.put("sessions", pruned.sessions());
                    cli.out().println(Views.json(view));
                    return 0;
                }
                cli.out().println("Deleted " + pruned.events() + " event" + (pruned.events() == 1 ? "" : "s") + " and "
                        + pruned.sessions() + " session" + (pruned.sessions() == 1 ? "" : "s") + " older than "
                        + whole(olderThan) + ".");
                return 0;
            }
        }
    }
}
