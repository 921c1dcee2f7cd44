package dev.stacksolo.registry.service;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.repository.DeploymentRepository;
import dev.stacksolo.registry.repository.ResourceRepository;
import dev.stacksolo.registry.repository.StagedOutputRepository;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.StagedOutputs;
import java.util.Optional;

/**
 * The one place a deployment ends, whichever way: {@code finish} (succeeded or failed), the
 * library's status calls (cancelled too), {@code unlock} and {@code doctor --fix} (a dead holder, an
 * abandoned deployment). In the transaction that records its final status it publishes the writes
 * staged on its behalf, all of them or none, so that readers go from every old value to every new
 * one at once; the deployment's output-version mark (issue 16's part V) is set after the
 * publication, so that {@code output --at} the deployment sees what it published.
 *
 * <p>Thread-safe (every call goes through {@link Database}; inside a caller's write it joins it).
 */
final class DeploymentEnd {

    private final Database database;
    private final DeploymentRepository deployments;
    private final ResourceRepository resources;
    private final StagedOutputRepository staged;

    DeploymentEnd(Database database) {
        this.database = database;
        this.deployments = new DeploymentRepository(database);
        this.resources = new ResourceRepository(database);
        this.staged = new StagedOutputRepository(database);
    }

    /**
     * Sets the deployment's status and, when it is final, publishes what it staged, in one transaction.
     *
     * @return the deployment as it is now, or empty when no deployment has this id
     * @throws dev.stacksolo.registry.DeploymentTransitionException when the move is not allowed
     *     (it finished already); nothing was changed
     */
    Optional<RegistryDeployment> setStatus(String deploymentId, DeploymentStatus status, Optional<String> error) {
        return database.write(handle -> {
            Optional<RegistryDeployment> updated = deployments.updateStatus(deploymentId, status, error);
            if (updated.isPresent() && status.isFinal()) {
                ended(deploymentId);
            }
            return updated;
        });
    }

    /**
     * What follows the end of a deployment, inside the caller's transaction (also for one that
     * ended without it: another tool finished it, or {@code unlock} of a lock whose deployment is
     * recorded finished): its staged outputs become the resources' outputs (status {@code ready},
     * {@code lastDeployedAt} now), versioned as written on its behalf, the staged rows are removed,
     * and its outputs version mark is set again, after them.
     *
     * @return how many resources' outputs were published
     */
    int ended(String deploymentId) {
        return database.write(handle -> {
            int published = 0;
            // the staged rows removed and read in one statement, then published
            for (StagedOutputs rows : staged.takeByDeployment(deploymentId)) {
                // a resource removed meanwhile took its staged row with it (foreign key): every row has one;
                // each write's version names this deployment
                if (resources.updateOutputs(rows.resourceId(), rows.outputs(), rows.sensitiveOutputs(),
                        Optional.of(deploymentId))) {
                    published++;
                }
            }
            if (published > 0) {
                // the final status set the mark before these versions existed: `output --at` this
                // deployment must see what it published
                deployments.markOutputs(deploymentId);
            }
            return published;
        });
    }
}
