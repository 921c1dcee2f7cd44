package dev.stacksolo.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every option that takes a duration ({@code --older-than}, {@code --lease}): a number and a unit,
 * {@code 45s}, {@code 30m}, {@code 12h}, {@code 90d}, {@code 2w}, or ISO-8601 ({@code P90D},
 * {@code PT12H}); never negative. {@link Positive} refuses zero too (a lease of nothing).
 */
class DurationConverter implements ITypeConverter<Duration> {

    /** The forms, as help texts and messages name them. */
    static final String FORMS = "a number and a unit (45s, 30m, 12h, 90d, 2w) or ISO-8601 (P90D, PT12H)";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhdw])", Pattern.CASE_INSENSITIVE);

    @Override
    public Duration convert(String text) {
        String trimmed = text.trim();
        Duration duration = parse(trimmed);
        if (duration == null || duration.isNegative()) {
            throw new TypeConversionException("'" + text + "' is not a duration; write " + FORMS);
        }
        return duration;
    }

    private static Duration parse(String text) {
        Matcher short_ = SHORT.matcher(text);
        if (short_.matches()) {
            long n = Long.parseLong(short_.group(1));
            return switch (Character.toLowerCase(short_.group(2).charAt(0))) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        try {
            Duration parsed = Duration.parse(text); // P90D, PT12H
            // at most a million years back: any instant that far is still one (no overflow later)
            return parsed.compareTo(Duration.ofDays(365L * 1_000_000)) <= 0 ? parsed : null;
        } catch (RuntimeException notIso) {
            return null;
        }
    }

    /** A duration of more than nothing ({@code --lease}). */
    static final class Positive extends DurationConverter {
        @Override
        public Duration convert(String text) {
            Duration duration = super.convert(text);
            if (duration.isZero()) {
                throw new TypeConversionException("'" + text + "' is not a duration of more than nothing; write " + FORMS);
            }
            return duration;
        }
    }
}
