package dev.stacksolo.registry.service;

import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.DeploymentLock;

/** How messages name the deployment that holds a lock: its id, action, start and holder. */
final class LockText {

    private LockText() {}

    /** {@code deployment 3f2a… (deploy, started 2026-11-30 08:33:58 +00:00 by ana@laptop, process 5773)}. */
    static String holder(DeploymentLock lock) {
        return "deployment " + lock.lockId() + " (" + lock.action().value() + ", started "
                + Times.forPeople(lock.acquiredAt()) + " by " + lock.holder().describe() + ")";
    }
}
