package dev.stacksolo.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people write them on a command line: {@code 90s}, {@code 30m}, {@code 4h}, {@code 30d}. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        String value = text.trim();
        if (value.length() >= 2) {
            char unit = Character.toLowerCase(value.charAt(value.length() - 1));
            String number = value.substring(0, value.length() - 1);
            if (number.chars().allMatch(Character::isDigit) && number.length() <= 9) {
                long amount = Long.parseLong(number);
                Duration duration = switch (unit) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    case 'd' -> Duration.ofDays(amount);
                    default -> null;
                };
                if (duration != null && !duration.isZero()) {
                    return duration;
                }
            }
        }
        throw new TypeConversionException("'" + text + "' is not a duration; write a positive number with"
                + " s, m, h or d, e.g. 90s, 30m, 4h, 30d");
    }
}
