package dev.stacksolo.cli;

import dev.stacksolo.registry.db.Json;
import java.io.IOException;

/**
 * Start-up work done beside the main thread, which parses the command line and prepares the
 * registry meanwhile, then waits for the first two: sqlite-jdbc's configuration (its date formatter
 * loads the locale data, the slowest step), SQLite's native library, and the JSON codec. Each is
 * independent of the others, so each gets its own thread; the main thread is idle while it waits,
 * so two cores are enough (docs/performance.md). Failures here are ignored: the main thread meets
 * the same step again and reports it properly.
 */
final class Warmup implements Runnable {

    private final int step;

    private Warmup(int step) {
        this.step = step;
    }

    /** Starts the warm-up on daemon threads, so that it never delays exit. */
    static void start() {
        if (Boolean.getBoolean("stacksolo.noWarmup")) {
            return;
        }
        for (int step = 0; step < 2; step++) {
            Thread thread = new Thread(new Warmup(step), "stacksolo-warmup-" + step);
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void run() {
        if (step == 0) {
            try {
                new org.sqlite.SQLiteConfig();
            } catch (RuntimeException | LinkageError ignored) {
                // the main thread builds its own and reports any failure
            }
            return;
        }
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Exception | LinkageError ignored) {
            // the connection attempt will load it again and report why it cannot
        }
        try {
            Json.readObject("{\"warm\":[1,\"up\",null]}");
        } catch (IOException | RuntimeException ignored) {
            // cannot happen with this text; nothing depends on it
        }
    }
}
