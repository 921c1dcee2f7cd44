package dev.stacksolo.registry.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.types.LogEvent;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.NewSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Two processes logging into one session at once get distinct sequence numbers, in order: the
 * database assigns them (the TypeScript registry counted in memory, and two processes collided).
 */
class EventsAcrossProcessesTest {

    private static final int EVENTS = 200;

    @RegistryTest
    void twoProcessesLoggingIntoOneSessionGetDistinctOrderedSequenceNumbers(Registry registry,
            BothDatabases.Location location) throws Exception {
        LogSession session = registry.events().startSession(NewSession.of("deploy"));
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> writers = new ArrayList<>();
        String startAt = String.valueOf(System.currentTimeMillis() + 2000);
        for (int writer = 0; writer < 2; writer++) {
            writers.add(new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"), EventWriter.class.getName(),
                    location.url(), session.id(), String.valueOf(writer), String.valueOf(EVENTS), startAt)
                    .redirectErrorStream(true).start());
        }
        for (Process writer : writers) {
            assertThat(writer.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(writer.exitValue()).as(new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isZero();
        }

        List<LogEvent> events = registry.events().getSessionEvents(session.id());
        assertThat(events).extracting(LogEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + 2 * EVENTS).boxed().toList());
        for (int writer = 0; writer < 2; writer++) {
            int own = writer;
            List<Integer> order = events.stream().filter(e -> Integer.valueOf(own).equals(e.data().get("writer")))
                    .map(e -> (Integer) e.data().get("i")).toList();
            assertThat(order).as("writer %d's events in sequence order", writer)
                    .containsExactlyElementsOf(IntStream.range(0, EVENTS).boxed().toList());
        }
        long interleavings = IntStream.range(1, events.size())
                .filter(i -> !Objects.equals(events.get(i).data().get("writer"), events.get(i - 1).data().get("writer")))
                .count();
        System.out.printf("event log: 2 processes x %d events into one session: seq 1..%d, distinct, %d interleavings%n",
                EVENTS, 1 + 2 * EVENTS, interleavings);
        assertThat(interleavings).as("the two writers ran at the same time").isGreaterThan(10);
    }
}
