package dev.stacksolo.registry.service;

import dev.stacksolo.registry.DeploymentNotFoundException;
import dev.stacksolo.registry.DeploymentNotRunningException;
import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running deployment that holds its project's lock, as {@link DeploymentService#start} returns
 * it. Writes made through it check that the lock is still held, and are staged: readers see the
 * outputs from before the deploy until it ends, then all its writes at once, however it ends
 * ({@link #succeed()}, {@link #fail(String)}, {@link #close()}, or its lock broken). Use it with
 * try-with-resources: a deploy that ends without {@link #succeed()} or {@link #fail(String)} (an
 * exception) is recorded failed and its lock released on {@link #close()}.
 *
 * <pre>{@code
 * try (LockedDeployment deploy = registry.deployments().start(input).keepAlive()) {
 *     deploy.updateResourceOutputs(resourceId, Map.of("url", url));
 *     deploy.succeed();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LockedDeployment implements AutoCloseable {

    private final DeploymentService service;
    private final RegistryDeployment deployment;
    private final Duration lease;
    private ScheduledExecutorService heartbeat;
    private volatile boolean finished;

    LockedDeployment(DeploymentService service, RegistryDeployment deployment, Duration lease) {
        this.service = service;
        this.deployment = deployment;
        this.lease = lease;
    }

    /** The deployment as it was recorded when it started. */
    public RegistryDeployment deployment() {
        return deployment;
    }

    /** The deployment's id, which is also its lock's id. */
    public String id() {
        return deployment.id();
    }

    /**
     * Refreshes the lock in the background, every third of its lease, until the deployment
     * finishes or this is closed, so that a long deploy's lock never looks stale. A failed refresh
     * (the registry busy for a moment) is tried again at the next beat; a lock found broken stops
     * the beats.
     *
     * @return this
     */
    public synchronized LockedDeployment keepAlive() {
        if (heartbeat == null && !finished) {
            heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "stacksolo-lock-heartbeat-" + deployment.id());
                thread.setDaemon(true);
                return thread;
            });
            long every = Math.max(10, lease.toMillis() / 3);
            heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void beat() {
        try {
            service.refresh(deployment.id());
        } catch (DeploymentNotRunningException | DeploymentNotFoundException gone) {
            stopHeartbeat();
        } catch (RegistryException | IllegalStateException transientFailure) {
            // the lease allows two more beats before the lock looks stale
        }
    }

    /**
     * Refreshes the lock now.
     *
     * @throws DeploymentNotRunningException when the deployment finished or its lock was broken
     */
    public void refresh() {
        service.refresh(deployment.id());
    }

    /**
     * Replaces a resource's outputs; see {@link DeploymentService#updateResourceOutputs}.
     *
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     */
    public void updateResourceOutputs(String resourceId, Map<String, ?> outputs) {
        service.updateResourceOutputs(deployment.id(), resourceId, outputs);
    }

    /**
     * Replaces a resource's outputs and the keys known sensitive among them; see
     * {@link DeploymentService#updateResourceOutputs(String, String, Map, java.util.Set)}.
     *
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     */
    public void updateResourceOutputs(String resourceId, Map<String, ?> outputs, java.util.Set<String> sensitiveKeys) {
        service.updateResourceOutputs(deployment.id(), resourceId, outputs, sensitiveKeys);
    }

    /**
     * Merges outputs into what this deploy staged for the resource, or its published outputs; see
     * {@link DeploymentService#mergeResourceOutputs(String, String, Map, java.util.Set)}.
     *
     * @param sensitiveKeys keys to mark sensitive, besides those marked already
     * @return the outputs the resource will have when the deploy ends (as staged now)
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     */
    public Map<String, Object> mergeResourceOutputs(String resourceId, Map<String, ?> outputs,
            java.util.Set<String> sensitiveKeys) {
        return service.mergeResourceOutputs(deployment.id(), resourceId, outputs, sensitiveKeys);
    }

    /**
     * Merges outputs, marking no new key sensitive; see {@link #mergeResourceOutputs(String, Map, java.util.Set)}.
     *
     * @return the outputs the resource will have when the deploy ends (as staged now)
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     */
    public Map<String, Object> mergeResourceOutputs(String resourceId, Map<String, ?> outputs) {
        return service.mergeResourceOutputs(deployment.id(), resourceId, outputs);
    }

    /** The outputs this deploy staged so far, by resource id: what its end publishes (empty once it ended). */
    public List<dev.stacksolo.registry.types.StagedOutputs> stagedOutputs() {
        return service.stagedOutputs(deployment.id());
    }

    /**
     * Replaces the outputs of many resources in one transaction; see
     * {@link DeploymentService#updateResourceOutputs(String, Map)}.
     *
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     */
    public void updateResourceOutputs(Map<String, ? extends Map<String, ?>> outputsById) {
        service.updateResourceOutputs(deployment.id(), outputsById);
    }

    /**
     * Upserts the project's resources; see {@link DeploymentService#upsertResources}.
     *
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     */
    public List<RegistryResource> upsertResources(List<CreateResourceInput> inputs) {
        return service.upsertResources(deployment.id(), inputs);
    }

    /**
     * Records the deployment succeeded, publishes its staged outputs and releases the lock, in one transaction.
     *
     * @throws DeploymentNotRunningException when it finished already or lost its lock
     */
    public RegistryDeployment succeed() {
        return finish(DeploymentStatus.SUCCEEDED, Optional.empty());
    }

    /**
     * Records the deployment failed with the reason, publishes its staged outputs (they describe
     * what it left in the cloud) and releases the lock, in one transaction.
     *
     * @throws DeploymentNotRunningException when it finished already or lost its lock
     */
    public RegistryDeployment fail(String error) {
        return finish(DeploymentStatus.FAILED, Optional.of(error));
    }

    private RegistryDeployment finish(DeploymentStatus status, Optional<String> error) {
        stopHeartbeat();
        RegistryDeployment result = service.finish(deployment.id(), status, error);
        finished = true;
        return result;
    }

    private synchronized void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
        }
    }

    /**
     * Stops the heartbeat and, when the deployment was not finished, records it failed ("ended
     * without reporting its result") and releases the lock. A lock broken meanwhile is left as it is.
     */
    @Override
    public void close() {
        stopHeartbeat();
        if (!finished) {
            finished = true;
            try {
                service.finish(deployment.id(), DeploymentStatus.FAILED,
                        Optional.of("the deploy ended without reporting its result"));
            } catch (DeploymentNotRunningException alreadyOver) {
                // finished or broken elsewhere: what is recorded stays
            }
        }
    }
}
