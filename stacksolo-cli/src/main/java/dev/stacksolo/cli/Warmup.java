package dev.stacksolo.cli;

import dev.stacksolo.registry.db.Json;
import java.io.IOException;

/**
 * Start-up work done on the second core while the main thread parses the command line and opens
 * the registry: sqlite-jdbc's configuration (its date formatter loads the locale data), SQLite's
 * native library and the JSON codec are independent of both, and each costs milliseconds a script calling {@code stacksolo output} waits for
 * (docs/performance.md). Failures here are ignored: the main thread meets the same step again and
 * reports it properly.
 */
final class Warmup implements Runnable {

    private Warmup() {}

    /** Starts the warm-up on a daemon thread, so that it never delays exit. */
    static void start() {
        if (Boolean.getBoolean("stacksolo.noWarmup")) {
            return;
        }
        Thread thread = new Thread(new Warmup(), "stacksolo-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            // its constructor builds a date formatter, which loads the locale data: the slowest step
            new org.sqlite.SQLiteConfig();
        } catch (RuntimeException | LinkageError ignored) {
            // the main thread builds its own and reports any failure
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
