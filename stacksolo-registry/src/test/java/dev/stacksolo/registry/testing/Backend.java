package dev.stacksolo.registry.testing;

/** The database a contract test runs on. */
public enum Backend {
    SQLITE,
    POSTGRESQL
}
