package dev.stacksolo.registry.types;

import dev.stacksolo.registry.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The times {@link AsOf#parse} takes: ISO-8601, as stacksolo shows them, local, a date. */
final class TimeForms {

    static final String DESCRIPTION = "2026-11-20T10:15:30Z (ISO-8601; an offset such as +05:30 instead of Z),"
            + " 2026-11-20 10:15:30 +05:30 (as stacksolo shows times), 2026-11-20 10:15:30 (local time)"
            + " or 2026-11-20 (its start in UTC); a time to the second (or minute) means its end";

    /** The time of day in a time: hours, minutes, then perhaps seconds and a fraction. */
    private static final Pattern TIME_OF_DAY = Pattern.compile("[Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

    /** A date's start: digits (a year, perhaps signed), a dash, one or two digits, then no digit. */
    private static final Pattern LOOKS_LIKE_TIME = Pattern.compile("[+-]?\\d{4,}-\\d{1,2}(?:\\D|$)");

    /** As stacksolo shows a time (Times.forPeople), seconds and milliseconds optional. */
    private static final DateTimeFormatter FOR_PEOPLE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss[.SSS]] xxx",
            Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private static final List<Function<String, Instant>> FORMS = List.of(
            Instant::parse,
            text -> OffsetDateTime.parse(text).toInstant(),
            text -> OffsetDateTime.parse(text, FOR_PEOPLE).toInstant(),
            text -> LocalDateTime.parse(text.replace(' ', 'T')).atZone(ZoneId.systemDefault()).toInstant(),
            text -> LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());

    private TimeForms() {}

    /**
     * The instant {@code text} names, or empty when it does not look like a time.
     *
     * @throws InvalidInputException when it looks like a date but is not a valid time
     */
    static Optional<Instant> parse(String text) {
        for (Function<String, Instant> form : FORMS) {
            try {
                return Optional.of(endOfWhatIsGiven(text, form.apply(text)));
            } catch (DateTimeParseException notThisForm) {
                // the next form
            }
        }
        if (LOOKS_LIKE_TIME.matcher(text).lookingAt()) {
            throw new InvalidInputException("time", "'" + text + "' is not a valid date or time; give a deployment id or a time as "
                    + DESCRIPTION);
        }
        return Optional.empty();
    }

    /**
     * A time given to the second means up to the end of that second, one to the minute the end of
     * that minute: stacksolo shows times to the second, so a time copied from {@code outputs
     * history} names the version shown beside it, not the one before (its recorded time has
     * milliseconds past the second shown). A date alone is its start; a fraction is exact.
     */
    private static Instant endOfWhatIsGiven(String text, Instant start) {
        java.util.regex.Matcher time = TIME_OF_DAY.matcher(text);
        if (!time.find()) {
            return start;
        }
        if (time.group(1) == null) {
            return start.plusSeconds(59).plusMillis(999);
        }
        return time.group(2) == null ? start.plusMillis(999) : start;
    }
}
