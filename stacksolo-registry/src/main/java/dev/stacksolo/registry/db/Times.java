package dev.stacksolo.registry.db;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as the format stores them: ISO-8601 UTC with milliseconds and {@code Z}
 * ({@code 2026-11-23T23:18:47.505Z}), which sort as text. Thread-safe.
 *
 * <p>Every row read carries two or three timestamps, so the stored shape is written and read by
 * hand (a tenth of what {@code DateTimeFormatter} costs); any other ISO-8601 instant that another
 * tool wrote is still read, through {@link Instant#parse}.
 */
public final class Times {

    private Times() {}

    /** The current time, truncated to what the format keeps. */
    public static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    /** Formats an instant as the format stores it (always with milliseconds). */
    public static String format(Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return instant.truncatedTo(ChronoUnit.MILLIS).toString(); // outside what the format can hold
        }
        char[] text = new char[24];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, time.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, instant.getNano() / 1_000_000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    /**
     * An instant as every text view and message shows it: the local date and time to the second
     * and the zone's offset ({@code 2026-11-23 23:18:47 +00:00}), the zone from {@code TZ} (JSON
     * and the files keep {@link #format}). One format everywhere, so that a time in an error can be
     * compared with one in a listing.
     */
    public static String forPeople(Instant instant) {
        return PEOPLE.format(instant.atZone(java.time.ZoneId.systemDefault()));
    }

    private static final java.time.format.DateTimeFormatter PEOPLE =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx", java.util.Locale.ROOT);

    /**
     * Parses a stored timestamp (with or without fractional seconds).
     *
     * @throws java.time.format.DateTimeParseException when the text is not an ISO-8601 instant
     */
    public static Instant parse(String text) {
        if (text.length() == 24 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.'
                && text.charAt(23) == 'Z') {
            int year = number(text, 0, 4);
            int month = number(text, 5, 2);
            int day = number(text, 8, 2);
            int hour = number(text, 11, 2);
            int minute = number(text, 14, 2);
            int second = number(text, 17, 2);
            int millis = number(text, 20, 3);
            if ((year | month | day | hour | minute | second | millis) >= 0 && month >= 1 && month <= 12
                    && day >= 1 && day <= LocalDate.of(year, month, 1).lengthOfMonth() && hour <= 23
                    && minute <= 59 && second <= 59) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second,
                        millis * 1_000_000L);
            }
        }
        return Instant.parse(text); // other precisions, offsets, invalid dates: the full parser decides
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The decimal number in {@code width} characters at {@code at}, or -1 when one is not a digit. */
    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
