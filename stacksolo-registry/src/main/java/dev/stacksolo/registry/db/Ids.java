package dev.stacksolo.registry.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * New row ids: random version-4 UUIDs as text, as the TypeScript registry's {@code randomUUID()}
 * makes them. The bits come from the operating system's random source ({@code /dev/urandom}) read
 * 4 KiB at a time; where there is none, from {@link SecureRandom}. Thread-safe.
 *
 * <p>Not {@link UUID#randomUUID()}: its {@code SecureRandom} mixes every read with SHA-1, 8.5 µs an
 * id in a JVM that has not warmed up against 0.5 µs here, and an upsert of 50 resources makes 50
 * ids (docs/performance.md). The source is the same kernel generator.
 */
public final class Ids {

    private static final Path SOURCE = Path.of("/dev/urandom");
    private static final byte[] BLOCK = new byte[4096];
    private static int next = BLOCK.length;
    private static InputStream source;
    private static SecureRandom fallback;

    private Ids() {}

    /** A new random id, such as {@code 3f0e8a52-9c1d-4b7e-8a64-0d2f5c9b1e73}. */
    public static synchronized String newId() {
        if (next == BLOCK.length) {
            refill();
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (BLOCK[next + i] & 0xff);
            low = (low << 8) | (BLOCK[next + 8 + i] & 0xff);
        }
        next += 16;
        // version 4 (random) and the IETF variant, as RFC 9562 sets them
        high = (high & ~0xF000L) | 0x4000L;
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static void refill() {
        next = 0;
        if (fallback == null) {
            try {
                if (source == null) {
                    source = Files.newInputStream(SOURCE);
                }
                int read = 0;
                while (read < BLOCK.length) {
                    int count = source.read(BLOCK, read, BLOCK.length - read);
                    if (count < 0) {
                        throw new IOException("end of " + SOURCE);
                    }
                    read += count;
                }
                return;
            } catch (IOException | UnsupportedOperationException e) {
                fallback = new SecureRandom(); // no /dev/urandom here (Windows), or it cannot be read
            }
        }
        fallback.nextBytes(BLOCK);
    }
}
