package dev.stacksolo.registry.types;

import java.util.Objects;
import java.util.Optional;

/**
 * One result of the registry's health check ({@code stacksolo doctor}): what was checked, what was
 * found, what it means, and what a fix would do.
 *
 * <p>Immutable and thread-safe.
 *
 * @param check what was checked
 * @param problem whether something is wrong
 * @param summary what was found, naming the rows or files concerned
 * @param meaning what it means for the user (empty when all is well)
 * @param fix what {@code --fix} does about it; empty when there is nothing safe to do automatically
 */
public record Finding(Check check, boolean problem, String summary, Optional<String> meaning, Optional<String> fix) {

    /** The checks, in the order they run. */
    public enum Check {
        /** The schema version against the one this build knows. */
        SCHEMA,
        /** SQLite's {@code PRAGMA integrity_check}: the file's structure. */
        INTEGRITY,
        /** SQLite's {@code PRAGMA foreign_key_check}: rows whose parent row is missing. */
        FOREIGN_KEYS,
        /** Resources, deployments, locks and events whose project or session is gone. */
        ORPHANS,
        /** JSON columns written by other tools that are not JSON objects. */
        INVALID_JSON,
        /** Rows that listings cannot show (a malformed timestamp, an unknown status…), named as their users know them. */
        UNREADABLE_ROWS,
        /** Names and config paths another tool wrote that {@code register} refuses (a project '-lead', a relative path, an empty name). */
        INVALID_NAMES,
        /** Resources of one project, network, name and type recorded twice by another tool: references cannot reach them. */
        DUPLICATE_RESOURCES,
        /** The per-project resource counts that listings show, against the resources themselves. */
        RESOURCE_COUNTS,
        /** Deployment locks whose holder is gone, and deployments left running. */
        STALE_DEPLOYMENTS,
        /** Event-log sessions that never ended: their process is gone, or they are older than a bound. */
        ABANDONED_SESSIONS,
        /** The database file, its {@code -wal}, {@code -shm} and backups, and its folder: private to the user. */
        PERMISSIONS,
        /** How much output history is kept (versions, resources, size): information, never a problem. */
        OUTPUT_VERSIONS
    }

    /** Checks that no component is null. */
    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(fix, "fix");
    }

    /** A check that found nothing wrong. */
    public static Finding ok(Check check, String summary) {
        return new Finding(check, false, summary, Optional.empty(), Optional.empty());
    }

    /** A problem, with what it means and what {@code --fix} does (null: nothing safe to do). */
    public static Finding problem(Check check, String summary, String meaning, String fix) {
        return new Finding(check, true, summary, Optional.of(meaning), Optional.ofNullable(fix));
    }
}
