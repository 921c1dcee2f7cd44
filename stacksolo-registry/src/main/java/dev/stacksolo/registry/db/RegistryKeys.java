package dev.stacksolo.registry.db;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The registry's own random keys (table {@code registry_keys}, schema version 11): secrets that
 * belong to one registry, such as the key of the reference baselines' HMAC. A key is made once
 * (32 bytes from {@link SecureRandom}) and never changes: hashes made with it stay comparable.
 * A registry file holds outputs in clear already, so the key is as safe as they are there; on
 * PostgreSQL a reader role gets no SELECT on the table (see {@link PostgresGrants}).
 *
 * <p>Stateless and thread-safe; every call runs inside the caller's transaction or read.
 */
public final class RegistryKeys {

    /** The key of the reference baselines' value hashes. */
    public static final String REFERENCE_BASELINES = "reference-baselines";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RegistryKeys() {}

    /**
     * The key named {@code name}, made and stored first when missing. Call inside a write
     * transaction: two writers then cannot make two keys.
     *
     * @throws SQLException when a statement fails
     */
    public static byte[] ensure(Handle handle, String name) throws SQLException {
        Optional<byte[]> existing = find(handle, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        handle.update("INSERT INTO registry_keys (name, secret, created_at) VALUES (?, ?, ?)", name,
                HexFormat.of().formatHex(key), Times.format(Times.now()));
        return key;
    }

    /**
     * The key named {@code name}, when the registry has one.
     *
     * @throws SQLException when the statement fails (on PostgreSQL, a role without SELECT on the table)
     */
    public static Optional<byte[]> find(Handle handle, String name) throws SQLException {
        return handle.queryFirst("SELECT secret FROM registry_keys WHERE name = ?", row -> row.getString(1), name)
                .map(hex -> HexFormat.of().parseHex(hex));
    }
}
