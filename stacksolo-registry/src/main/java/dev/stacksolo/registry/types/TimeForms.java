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
            + " or 2026-11-20 (its start in UTC)";

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
                return Optional.of(form.apply(text));
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
}
