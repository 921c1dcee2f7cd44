package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Objects;

/**
 * What pruning old output versions removed (or would remove, in a dry run) and what it kept.
 *
 * @param cutoff versions recorded before it could go
 * @param removed the versions removed (or that would be)
 * @param keptOld versions recorded before the cutoff that were kept, because they are a resource's
 *     current outputs, a deployment's outputs as it ended, or a staleness baseline
 * @param remaining the versions left after it
 * @param dryRun whether nothing was removed
 */
public record PruneReport(Instant cutoff, long removed, long keptOld, long remaining, boolean dryRun) {

    /** Checks that the cutoff is not null. */
    public PruneReport {
        Objects.requireNonNull(cutoff, "cutoff");
    }
}
