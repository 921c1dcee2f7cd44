package dev.stacksolo.registry.events;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.EventCategory;
import dev.stacksolo.registry.types.NewEvent;
import java.util.Map;

/**
 * A process that logs {@code count} events ({@code data: {writer, i}}) into one session, for the
 * test of sequence numbers across processes. Exits 1 with the failure on stderr.
 *
 * <p>Usage: {@code EventWriter <registry location> <session id> <writer> <count> <start at, epoch ms>}:
 * the writers wait until the same moment, so that their events interleave.
 */
public final class EventWriter {

    private EventWriter() {}

    public static void main(String[] args) {
        try (Registry registry = Registry.open(args[0])) {
            int writer = Integer.parseInt(args[2]);
            int count = Integer.parseInt(args[3]);
            Thread.sleep(Math.max(0, Long.parseLong(args[4]) - System.currentTimeMillis()));
            for (int i = 0; i < count; i++) {
                registry.events().logEvent(args[1], NewEvent.of(EventCategory.INTERNAL, "step")
                        .withData(Map.of("writer", writer, "i", i)));
                Thread.sleep(2); // as a deploy logs between steps: lets the other writer's busy handler in
            }
        } catch (RuntimeException | InterruptedException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
