package dev.stacksolo.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.db.Times;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import net.jqwik.api.constraints.LongRange;

/**
 * The stored forms that the registry reads and writes by hand, for speed, agree with the
 * general-purpose readers and writers they replace.
 */
class StoredTextProperties {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void timestampsAreWrittenAsTheFormatterWritesThemAndReadBack(
            @ForAll @LongRange(min = 0, max = 253_402_300_799_999L) long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);

        String text = Times.format(instant);

        assertThat(text).isEqualTo(ISO_MILLIS.format(instant));
        assertThat(Times.parse(text)).isEqualTo(instant);
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
    void timestampsOfOtherPrecisionsAreReadAsInstantReadsThem(
            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond, @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);

        assertThat(Times.parse(instant.toString())).isEqualTo(instant);
        assertThat(Times.parse(instant.truncatedTo(ChronoUnit.SECONDS).toString()))
                .isEqualTo(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void malformedTimestampsAreRefusedAsInstantRefusesThem(@ForAll("almostTimestamps") String text) {
        boolean valid;
        try {
            Instant.parse(text);
            valid = true;
        } catch (DateTimeParseException e) {
            valid = false;
        }

        if (valid) {
            assertThat(Times.parse(text)).isEqualTo(Instant.parse(text));
        } else {
            assertThatThrownBy(() -> Times.parse(text)).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Provide
    Arbitrary<String> almostTimestamps() {
        // the stored shape with one character replaced: invalid dates, hours, letters, signs
        return Arbitraries.integers().between(0, 23).flatMap(at -> Arbitraries.chars().with("0123456789-:T.Z+ a")
                .map(c -> {
                    StringBuilder text = new StringBuilder("2026-02-28T23:59:59.999Z");
                    text.setCharAt(at, c);
                    return text.toString();
                }));
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void onePropertyIsReadAsTheWholeObjectHoldsIt(@ForAll("objects") Map<String, Object> object,
            @ForAll("keys") String key) throws IOException {
        String text = Json.write(object);

        assertThat(Json.property(text, key)).isEqualTo(java.util.Optional.ofNullable(Json.readObject(text).get(key)));
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void objectsAreWrittenByteForByteAsJacksonWritesThem(@ForAll("anyText") Map<String, Object> object)
            throws IOException {
        assertThat(Json.write(object)).isEqualTo(Json.codec().asString(object));
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void objectsAreReadAsJacksonJrReadsThem(@ForAll("anyText") Map<String, Object> object,
            @ForAll("numbers") java.util.List<String> numbers) throws IOException {
        // the written object, plus numbers jackson-jr types by size: big integers, exponents, decimals
        String text = Json.write(object);
        String withNumbers = (object.isEmpty() ? "{" : text.substring(0, text.length() - 1) + ",")
                + "\"\\u0000numbers\":[" + String.join(",", numbers) + "]}";

        for (String json : java.util.List.of(text, withNumbers)) {
            Map<String, Object> ours = Json.readObject(json);
            Object jacksonJr = Json.codec().anyFrom(json);
            assertThat(ours).isEqualTo(jacksonJr);
            assertThat(classesOf(ours)).isEqualTo(classesOf(jacksonJr));
        }
    }

    @Property(tries = 3000, shrinking = ShrinkingMode.BOUNDED)
    void damagedTextIsReadOrRefusedAsJacksonDoes(@ForAll("anyText") Map<String, Object> object,
            @ForAll("numbers") java.util.List<String> numbers, @ForAll("damage") java.util.List<int[]> edits) {
        String written = Json.write(object);
        StringBuilder text = new StringBuilder((object.isEmpty() ? "{" : written.substring(0, written.length() - 1) + ",")
                + "\"n\":[" + String.join(",", numbers) + "]}");
        String alphabet = "{}[]\":,\\ \n0123456789-+.eEtrufalsn/uAF\u0001\u00e9\u0663";
        for (int[] edit : edits) {
            int at = Math.floorMod(edit[1], text.length() + 1);
            char c = alphabet.charAt(Math.floorMod(edit[2], alphabet.length()));
            switch (Math.floorMod(edit[0], 3)) {
                case 0 -> text.insert(at, c);
                case 1 -> text.deleteCharAt(Math.min(at, text.length() - 1));
                default -> text.setCharAt(Math.min(at, text.length() - 1), c);
            }
        }
        String damaged = text.toString();

        Object expected;
        try {
            expected = jacksonReads(damaged);
        } catch (IOException refused) {
            assertThatThrownBy(() -> Json.readObject(damaged)).as(damaged).isInstanceOf(IOException.class);
            return;
        }
        Map<String, Object> ours;
        try {
            ours = Json.readObject(damaged);
        } catch (IOException e) {
            throw new AssertionError("refused what jackson reads: " + damaged, e);
        }
        assertThat(ours).as(damaged).isEqualTo(expected);
        assertThat(classesOf(ours)).as(damaged).isEqualTo(classesOf(expected));
    }

    /** What reading a stored object meant before the registry read the common shapes itself. */
    private static Object jacksonReads(String text) throws IOException {
        try (com.fasterxml.jackson.core.JsonParser parser = new com.fasterxml.jackson.core.JsonFactory().createParser(text)) {
            Object value = Json.codec().anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new IOException("text after the object");
            }
            if (!(value instanceof Map<?, ?>)) {
                throw new IOException("not an object");
            }
            return value;
        }
    }

    @Provide
    Arbitrary<java.util.List<int[]>> damage() {
        return Arbitraries.integers().between(0, 1_000_000).array(int[].class).ofSize(3).list().ofMinSize(0).ofMaxSize(3);
    }

    /** The value with every leaf replaced by its class name, so Integer 1 and Long 1 differ. */
    private static Object classesOf(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> classes = new java.util.LinkedHashMap<>();
            map.forEach((key, item) -> classes.put(key, classesOf(item)));
            return classes;
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(StoredTextProperties::classesOf).toList();
        }
        return value == null ? "null" : value.getClass().getName();
    }

    @Provide
    Arbitrary<java.util.List<String>> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30))
                        .map(java.math.BigInteger::toString),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("0", "-0", "1e3", "1E-7", "2.5e+300", "1e999", "0.1", "-0.0", "123456789012345678901234567890.5"))
                .list().ofMaxSize(6);
    }

    @Test
    void textThatIsNotOneJsonObjectIsRefused() {
        for (String text : java.util.List.of("", "   ", "[1]", "\"x\"", "{\"a\":1} {}", "{\"a\":", "{'a':1}", "nul",
                "{\"a\":1,\"a\":2}")) {
            assertThatThrownBy(() -> Json.readObject(text)).as(text).isInstanceOf(IOException.class);
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> anyText() {
        // every character, control characters, quotes, backslashes and surrogates included
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(20);
        Arbitrary<Object> leaves = Arbitraries.oneOf(text.map(t -> (Object) t),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        Arbitrary<Object> nested = Arbitraries.oneOf(leaves, leaves.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(text, leaves).ofMaxSize(3).map(m -> (Object) m));
        return Arbitraries.maps(text, nested).ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("url", "host", "name", "connectionString", "missing");
    }

    @Provide
    Arbitrary<Map<String, Object>> objects() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        Arbitrary<Object> nested = Arbitraries.oneOf(leaves,
                leaves.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.of("url", "a", "b"), leaves).ofMaxSize(3).map(m -> (Object) m));
        return Arbitraries.maps(Arbitraries.of("url", "host", "name", "connectionString", "selfLink", "x"), nested)
                .ofMaxSize(5);
    }
}
