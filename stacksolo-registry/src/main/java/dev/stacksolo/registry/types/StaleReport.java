package dev.stacksolo.registry.types;

import java.util.List;

/**
 * Which projects run with values that changed since their last successful deploy, in the order to
 * redeploy them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param stale the stale projects, each after every project it reads from (directly or through
 *     others); the projects of a cycle together, by name, after every project the cycle reads from
 * @param cycles the cycles of the graph between projects (each the names of its projects, sorted),
 *     which have no redeploy order
 * @param untracked deployed projects that read from others but have no baseline to compare with
 *     (deployed before this registry recorded them, or copied from another registry): they may be
 *     stale, and are known after their next deploy
 */
public record StaleReport(List<StaleProject> stale, List<List<String>> cycles, List<String> untracked) {

    /** Copies the lists. */
    public StaleReport {
        stale = List.copyOf(stale);
        cycles = cycles.stream().map(List::copyOf).toList();
        untracked = List.copyOf(untracked);
    }

    /** Whether any project is stale. */
    public boolean anyStale() {
        return !stale.isEmpty();
    }

    /** How many references changed, over every stale project. */
    public int changedReferences() {
        return stale.stream().mapToInt(project -> project.references().size()).sum();
    }
}
