package dev.stacksolo.registry.service;

import dev.stacksolo.registry.DeploymentNotFoundException;
import dev.stacksolo.registry.DeploymentNotRunningException;
import dev.stacksolo.registry.ProjectLockedException;
import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.ProjectNotLockedException;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.repository.DeploymentRepository;
import dev.stacksolo.registry.repository.LockRepository;
import dev.stacksolo.registry.repository.ProjectRepository;
import dev.stacksolo.registry.repository.ResourceRepository;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.LockHolder;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Deploys that hold their project's lock, as Terraform and Pulumi lock a stack: while a deploy or
 * destroy of a project runs, another cannot start, and every write made on its behalf checks that
 * it still holds the lock.
 *
 * <p>The lock is a lease row (table {@code deployment_locks}), taken in the same transaction that
 * records the running deployment, so it works alike on SQLite and PostgreSQL and no transaction
 * stays open while the deploy runs. Its holder refreshes it ({@link LockedDeployment#keepAlive()}).
 * A lock is <em>stale</em> when its holder looks gone: it ran on this host and its process is not
 * running, or no heartbeat came within its lease. A stale lock blocks new deploys until someone
 * breaks it on purpose with {@link #unlock}, which records its deployment failed with the reason; a
 * live lock is broken only by giving its id. A preview changes nothing and takes no lock.
 *
 * <p>Thread-safe.
 */
public final class DeploymentService {

    /** The lease of a lock whose holder refreshes it while the deploy runs (every third of it). */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

    private final Database database;
    private final RegistryService service;
    private final ProjectRepository projects;
    private final ResourceRepository resources;
    private final DeploymentRepository deployments;
    private final LockRepository locks;
    private final Staleness staleness;

    /** A service over {@code database}; obtain one from {@link dev.stacksolo.registry.Registry#deployments()}. */
    public DeploymentService(Database database, RegistryService service) {
        this.database = database;
        this.service = service;
        this.projects = new ProjectRepository(database);
        this.resources = new ResourceRepository(database);
        this.deployments = new DeploymentRepository(database);
        this.locks = new LockRepository(database);
        this.staleness = new ReferenceService(database).staleness();
    }

    /**
     * Starts a deployment held by this process with the {@link #DEFAULT_LEASE default lease}; see
     * {@link #start(CreateDeploymentInput, LockHolder, Duration)}.
     *
     * @throws ProjectNotFoundException when the project does not exist
     * @throws ProjectLockedException when another deploy or destroy of the project holds its lock
     */
    public LockedDeployment start(CreateDeploymentInput input) {
        return start(input, LockHolder.thisProcess(), DEFAULT_LEASE);
    }

    /**
     * Records a running deployment and, for a deploy or destroy, takes its project's lock, in one
     * transaction; a deploy also marks the project {@code deploying}. The deployment's id is the
     * lock's id. The status in {@code input} is ignored (the deployment is {@code running}).
     *
     * @param holder who holds the lock (this process, or the script that started it)
     * @param lease how long the lock stays live without a heartbeat
     * @throws ProjectNotFoundException when the project does not exist
     * @throws ProjectLockedException when another deploy or destroy of the project holds its lock,
     *     live or stale; nothing was written
     * @throws IllegalArgumentException when the lease is not positive
     */
    public LockedDeployment start(CreateDeploymentInput input, LockHolder holder, Duration lease) {
        Objects.requireNonNull(holder, "holder");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the lease must be positive, was " + lease);
        }
        RegistryDeployment started = database.write(handle -> {
            RegistryProject project = requireProject(input.projectId());
            RegistryDeployment deployment = deployments.create(new CreateDeploymentInput(input.projectId(),
                    input.action(), input.configSnapshot(), input.logPath(), Optional.of(DeploymentStatus.RUNNING)));
            if (takesLock(input.action())
                    && !locks.acquire(project.id(), deployment.id(), input.action(), holder, lease)) {
                DeploymentLock held = locks.findByProject(project.id()).orElseThrow(
                        () -> new IllegalStateException("the lock was neither taken nor found"));
                throw new ProjectLockedException(lockedMessage(project, held), held); // rolls the deployment back
            }
            if (input.action() == DeploymentAction.DEPLOY) {
                projects.updateStatus(project.id(), ProjectStatus.DEPLOYING, Optional.empty());
            }
            return deployment;
        });
        return new LockedDeployment(this, started, lease);
    }

    /** The lock on the project, if a deploy or destroy holds it (stale or live). */
    public Optional<DeploymentLock> findLock(String projectId) {
        return locks.findByProject(projectId);
    }

    /** Every lock in the registry, oldest first. */
    public List<DeploymentLock> listLocks() {
        return locks.findAll();
    }

    /**
     * Breaks the project's lock and records its deployment failed with the reason (who broke it,
     * when, and why), and the project {@code failed}. A stale lock is broken without its id; a live
     * one only when {@code lockId} names it, as Terraform's {@code force-unlock LOCK_ID}.
     *
     * @return the lock that was broken
     * @throws ProjectNotFoundException when the project does not exist
     * @throws ProjectNotLockedException when no lock is held on it
     * @throws ProjectLockedException when the lock is live and no id was given, or the id given is
     *     not the lock's; nothing was changed
     */
    public DeploymentLock unlock(String projectId, Optional<String> lockId) {
        return database.write(handle -> {
            RegistryProject project = requireProject(projectId);
            DeploymentLock lock = locks.findByProject(project.id())
                    .orElseThrow(() -> new ProjectNotLockedException(project.name()));
            if (lockId.isPresent() && !lockId.get().equals(lock.lockId())) {
                throw new ProjectLockedException("the lock on '" + project.name() + "' has id " + lock.lockId()
                        + ", not " + lockId.get() + "; nothing was changed (`stacksolo status` in its folder shows the lock)",
                        lock);
            }
            if (lockId.isEmpty() && !lock.isStale()) {
                throw new ProjectLockedException("deployment " + lock.lockId() + " (" + lock.action().value() + ", "
                        + lock.holder().describe() + ", started " + Times.forPeople(lock.acquiredAt())
                        + ") still holds the lock on '" + project.name() + "': its last heartbeat was "
                        + Times.forPeople(lock.heartbeatAt()) + ". Breaking it could let two deploys run at once;"
                        + " if you are sure it is gone, run `stacksolo unlock " + project.name() + " --lock-id "
                        + lock.lockId() + "`", lock);
            }
            LockHolder breaker = LockHolder.thisProcess();
            String reason = "lock broken by " + breaker.user() + "@" + breaker.host() + " at " + Times.forPeople(Times.now())
                    + ": " + lock.staleReason().map(why -> "its holder looked gone (" + why + ")")
                            .orElse("forced with its lock id");
            locks.release(project.id(), lock.lockId());
            Optional<RegistryDeployment> deployment = deployments.findById(lock.lockId());
            if (deployment.isPresent() && deployment.get().completedAt().isEmpty()) {
                deployments.updateStatus(lock.lockId(), DeploymentStatus.FAILED, Optional.of(reason));
            }
            projects.updateStatus(project.id(), ProjectStatus.FAILED, Optional.empty());
            return lock;
        });
    }

    /**
     * Finishes a running deployment: its status and completion time, the project's status
     * ({@code deployed} with {@code lastDeployedAt} after a succeeded deploy, {@code destroyed} after
     * a succeeded destroy, {@code failed} after a failed deploy or destroy), the release of its
     * lock and, after a succeeded deploy, what each of the project's cross-project references
     * resolves to (its staleness baselines, see {@link ReferenceService#stale()}), in one transaction.
     *
     * @param status {@code succeeded} or {@code failed}
     * @param error why it failed, stored with a failure
     * @return the deployment as it is now
     * @throws DeploymentNotFoundException when no deployment has this id
     * @throws DeploymentNotRunningException when it finished already, or lost its lock (it was
     *     broken and another deploy holds it); nothing was changed
     * @throws IllegalArgumentException when {@code status} is not final
     */
    public RegistryDeployment finish(String deploymentId, DeploymentStatus status, Optional<String> error) {
        if (status != DeploymentStatus.SUCCEEDED && status != DeploymentStatus.FAILED) {
            throw new IllegalArgumentException("a deployment finishes succeeded or failed, not " + status.value());
        }
        return database.write(handle -> {
            RegistryDeployment deployment = requireRunning(deploymentId, false);
            locks.release(deployment.projectId(), deployment.id());
            RegistryDeployment finished = deployments.updateStatus(deployment.id(), status,
                    status == DeploymentStatus.FAILED ? error : Optional.empty()).orElseThrow();
            if (status == DeploymentStatus.FAILED) {
                if (deployment.action() != DeploymentAction.PREVIEW) {
                    projects.updateStatus(deployment.projectId(), ProjectStatus.FAILED, Optional.empty());
                }
            } else if (deployment.action() == DeploymentAction.DEPLOY) {
                java.time.Instant completed = finished.completedAt().orElse(Times.now());
                projects.updateStatus(deployment.projectId(), ProjectStatus.DEPLOYED, Optional.of(completed));
                // what its references resolve to now is what this deploy ran with (staleness baselines)
                staleness.recordAfterDeploy(deployment.projectId(), deployment.id(), completed);
            } else if (deployment.action() == DeploymentAction.DESTROY) {
                projects.updateStatus(deployment.projectId(), ProjectStatus.DESTROYED, Optional.empty());
                staleness.forget(deployment.projectId());
            }
            return finished;
        });
    }

    /**
     * Records a heartbeat of the deployment's lock: it stays live for another lease.
     *
     * @throws DeploymentNotFoundException when no deployment has this id
     * @throws DeploymentNotRunningException when it finished or its lock was broken
     */
    public void refresh(String deploymentId) {
        if (!locks.refresh(deploymentId)) {
            database.read(handle -> requireRunning(deploymentId, true)); // a preview holds no lock: nothing to refresh
        }
    }

    /**
     * Replaces a resource's outputs on behalf of a running deployment of its project (status
     * {@code ready}), after checking, in the same transaction, that the deployment still holds its lock.
     *
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     * @throws ResourceNotFoundException when the resource does not exist or is another project's
     */
    public void updateResourceOutputs(String deploymentId, String resourceId, Map<String, ?> outputs) {
        database.write(handle -> {
            RegistryDeployment deployment = requireRunning(deploymentId, true);
            RegistryResource resource = resources.findById(resourceId)
                    .filter(found -> found.projectId().equals(deployment.projectId()))
                    .orElseThrow(() -> new ResourceNotFoundException(resourceId));
            resources.updateOutputs(resource.id(), outputs, Optional.of(deployment.id()));
            return null;
        });
    }

    /**
     * As {@link #updateResourceOutputs(String, String, Map)}, also replacing the keys known sensitive
     * (see {@link RegistryService#updateResourceOutputs(String, Map, java.util.Set)}).
     *
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     * @throws ResourceNotFoundException when the resource does not exist or is another project's
     */
    public void updateResourceOutputs(String deploymentId, String resourceId, Map<String, ?> outputs,
            java.util.Set<String> sensitiveKeys) {
        database.write(handle -> {
            RegistryDeployment deployment = requireRunning(deploymentId, true);
            RegistryResource resource = resources.findById(resourceId)
                    .filter(found -> found.projectId().equals(deployment.projectId()))
                    .orElseThrow(() -> new ResourceNotFoundException(resourceId));
            resources.updateOutputs(resource.id(), outputs, sensitiveKeys, Optional.of(deployment.id()));
            return null;
        });
    }

    /**
     * Merges {@code outputs} into a resource's outputs on behalf of a running deployment of its
     * project (see {@link RegistryService#mergeResourceOutputs(String, Map, java.util.Set)}): the lock
     * check, the read of the stored outputs and the write in one transaction.
     *
     * @param sensitiveKeys keys to mark sensitive, besides those marked already
     * @return the resource's outputs as they are now
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     * @throws ResourceNotFoundException when the resource does not exist or is another project's
     */
    public Map<String, Object> mergeResourceOutputs(String deploymentId, String resourceId, Map<String, ?> outputs,
            java.util.Set<String> sensitiveKeys) {
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(sensitiveKeys, "sensitiveKeys");
        return database.write(handle -> {
            RegistryDeployment deployment = requireRunning(deploymentId, true);
            RegistryResource resource = resources.findById(resourceId)
                    .filter(found -> found.projectId().equals(deployment.projectId()))
                    .orElseThrow(() -> new ResourceNotFoundException(resourceId));
            return resources.mergeOutputs(resource.id(), outputs, sensitiveKeys, Optional.of(deployment.id()))
                    .orElseThrow(() -> new ResourceNotFoundException(resourceId));
        });
    }

    /**
     * Merges {@code outputs} into a resource's outputs on behalf of a running deployment, marking no
     * new key sensitive; see {@link #mergeResourceOutputs(String, String, Map, java.util.Set)}.
     *
     * @return the resource's outputs as they are now
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     * @throws ResourceNotFoundException when the resource does not exist or is another project's
     */
    public Map<String, Object> mergeResourceOutputs(String deploymentId, String resourceId, Map<String, ?> outputs) {
        return mergeResourceOutputs(deploymentId, resourceId, outputs, java.util.Set.of());
    }

    /**
     * Replaces the outputs of many of the project's resources on behalf of a running deployment, in
     * one transaction (status {@code ready}), after checking that it still holds its lock.
     *
     * @param outputsById new outputs by resource id
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     * @throws ResourceNotFoundException when an id names no resource of the project; nothing was written
     */
    public void updateResourceOutputs(String deploymentId, Map<String, ? extends Map<String, ?>> outputsById) {
        database.write(handle -> {
            RegistryDeployment deployment = requireRunning(deploymentId, true);
            List<String> strangers = resources.updateOutputsOfProject(deployment.projectId(), outputsById,
                    Optional.of(deployment.id()));
            if (!strangers.isEmpty()) {
                throw new ResourceNotFoundException(strangers.get(0));
            }
            return null;
        });
    }

    /**
     * Upserts the project's resources on behalf of a running deployment, after checking that it
     * still holds its lock; see {@link RegistryService#upsertResources}.
     *
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     */
    public List<RegistryResource> upsertResources(String deploymentId, List<CreateResourceInput> inputs) {
        return database.write(handle -> {
            RegistryDeployment deployment = requireRunning(deploymentId, true);
            return service.upsertResources(deployment.projectId(), inputs, Optional.of(deployment.id()));
        });
    }

    /**
     * The deployment, when it still runs and (for a deploy or destroy) holds its lock.
     *
     * @param lockRequired whether a deploy or destroy without a lock row counts as not running
     *     (finishing is lenient: a deployment recorded without a lock may be finished, unless
     *     another deployment holds the project's lock now)
     */
    private RegistryDeployment requireRunning(String deploymentId, boolean lockRequired) {
        RegistryDeployment deployment = deployments.findById(deploymentId)
                .orElseThrow(() -> new DeploymentNotFoundException(deploymentId));
        if (deployment.completedAt().isPresent()) {
            throw new DeploymentNotRunningException(deploymentId, "it already finished (" + deployment.status().value()
                    + " at " + Times.forPeople(deployment.completedAt().get())
                    + deployment.error().map(error -> ": " + error).orElse("") + ")");
        }
        if (takesLock(deployment.action())) {
            Optional<DeploymentLock> lock = locks.findByProject(deployment.projectId());
            if (lock.isPresent() && !lock.get().lockId().equals(deploymentId)) {
                throw new DeploymentNotRunningException(deploymentId, "its lock on the project is gone and deployment "
                        + lock.get().lockId() + " holds it now");
            }
            if (lock.isEmpty() && lockRequired) {
                throw new DeploymentNotRunningException(deploymentId, "it holds no lock on its project (it was"
                        + " recorded without one, or the lock was removed)");
            }
        }
        return deployment;
    }

    private RegistryProject requireProject(String projectId) {
        return projects.findById(projectId).orElseThrow(() -> new ProjectNotFoundException(projectId));
    }

    private static boolean takesLock(DeploymentAction action) {
        return action != DeploymentAction.PREVIEW;
    }

    private static String lockedMessage(RegistryProject project, DeploymentLock held) {
        String holder = "deployment " + held.lockId() + " (" + held.action().value() + ", started "
                + Times.forPeople(held.acquiredAt()) + " by " + held.holder().describe() + ")";
        if (held.isStale()) {
            return "project '" + project.name() + "' is locked by " + holder + ", but its holder looks gone: "
                    + held.staleReason().get() + ". Run `stacksolo unlock " + project.name()
                    + "` to break the lock (that deployment is recorded failed), then start again";
        }
        return "project '" + project.name() + "' is locked: " + holder + " is running (last heartbeat "
                + Times.forPeople(held.heartbeatAt()) + "). Wait for it to finish; nothing was changed";
    }
}
