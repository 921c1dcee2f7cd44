package dev.stacksolo.registry.service;

import dev.stacksolo.registry.CorruptRowException;
import dev.stacksolo.registry.DeploymentNotFoundException;
import dev.stacksolo.registry.DeploymentNotRunningException;
import dev.stacksolo.registry.InvalidInputException;
import dev.stacksolo.registry.ProjectLockedException;
import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.ProjectNotLockedException;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.repository.DeploymentRepository;
import dev.stacksolo.registry.repository.LockRepository;
import dev.stacksolo.registry.repository.ProjectRepository;
import dev.stacksolo.registry.repository.ResourceRepository;
import dev.stacksolo.registry.repository.StagedOutputRepository;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.LockHolder;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.OutputsView;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.StagedOutputs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 * <p>Outputs written on behalf of a running deployment are <em>staged</em> (table
 * {@code staged_outputs}): every reader sees the last published outputs until the deployment ends,
 * then all its writes appear at once, in the transaction that records its end, however it ends
 * (succeeded, failed, cancelled, its lock broken by {@link #unlock} or {@code doctor --fix}). A
 * write to the project's outputs not made on its behalf is refused while it holds the lock
 * ({@link ProjectLockedException}).
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
    private final StagedOutputRepository staged;
    private final DeploymentEnd end;

    /** A service over {@code database}; obtain one from {@link dev.stacksolo.registry.Registry#deployments()}. */
    public DeploymentService(Database database, RegistryService service) {
        this.database = database;
        this.service = service;
        this.projects = new ProjectRepository(database);
        this.resources = new ResourceRepository(database);
        this.deployments = new DeploymentRepository(database);
        this.locks = new LockRepository(database);
        this.staleness = new ReferenceService(database).staleness();
        this.staged = new StagedOutputRepository(database);
        this.end = new DeploymentEnd(database);
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
     * when, and why), and the project {@code failed}; the outputs it staged are published in the
     * same transaction (they describe what its deploy left in the cloud). A stale lock is broken without its id; a live
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
                end.setStatus(lock.lockId(), DeploymentStatus.FAILED, Optional.of(reason)); // publishes its writes
            } else if (deployment.isPresent()) {
                end.ended(lock.lockId()); // recorded finished by another tool: what it staged is still published
            }
            projects.updateStatus(project.id(), ProjectStatus.FAILED, Optional.empty());
            return lock;
        });
    }

    /**
     * Finishes a running deployment: its status and completion time, the project's status
     * ({@code deployed} with {@code lastDeployedAt} after a succeeded deploy, {@code destroyed} after
     * a succeeded destroy, {@code failed} after a failed deploy or destroy), the release of its
     * lock, the publication of every output staged on its behalf (whatever the status: they
     * describe what the deploy left in the cloud) and, after a succeeded deploy, what each of the
     * project's cross-project references resolves to (its staleness baselines, see
     * {@link ReferenceService#stale()}), in one transaction.
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
            // the status and the publication of every write staged on its behalf, in this transaction
            RegistryDeployment finished = end.setStatus(deployment.id(), status,
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
     * Replaces a resource's outputs on behalf of a running deployment of its project, after checking,
     * in the same transaction, that the deployment still holds its lock. The outputs are
     * <em>staged</em>: readers see the published ones until the deployment ends, when every write it
     * staged is published together (status {@code ready}); {@link OutputsView#LIVE} reads them
     * before. The keys marked sensitive stay as they were (staged or published).
     *
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     * @throws ResourceNotFoundException when the resource does not exist or is another project's
     */
    public void updateResourceOutputs(String deploymentId, String resourceId, Map<String, ?> outputs) {
        Objects.requireNonNull(outputs, "outputs");
        database.write(handle -> {
            stage(requireWriting(deploymentId), resourceId, outputs, false, Optional.empty(), Set.of());
            return null;
        });
    }

    /**
     * As {@link #updateResourceOutputs(String, String, Map)}, also replacing the keys known sensitive
     * (see {@link RegistryService#updateResourceOutputs(String, Map, java.util.Set)}). A key marked
     * here is marked on the published outputs at once too (the value it replaces is hidden as the
     * staged one will be); unmarking waits for the end.
     *
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     * @throws ResourceNotFoundException when the resource does not exist or is another project's
     */
    public void updateResourceOutputs(String deploymentId, String resourceId, Map<String, ?> outputs,
            Set<String> sensitiveKeys) {
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(sensitiveKeys, "sensitiveKeys");
        database.write(handle -> {
            stage(requireWriting(deploymentId), resourceId, outputs, false, Optional.of(sensitiveKeys), Set.of());
            return null;
        });
    }

    /**
     * Merges {@code outputs} on behalf of a running deployment of the resource's project: into what
     * the deployment staged for it already, or else into its published outputs; the result is staged
     * (see {@link #updateResourceOutputs(String, String, Map)}). The lock check, the read and the
     * write are one transaction, so merges racing from several processes all land.
     *
     * @param sensitiveKeys keys to mark sensitive, besides those marked already; marked on the
     *     published outputs at once too
     * @return the outputs the resource will have when the deployment ends (as staged now)
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     * @throws ResourceNotFoundException when the resource does not exist or is another project's
     * @throws dev.stacksolo.registry.CorruptRowException when the outputs merged into are not a JSON
     *     object (another tool wrote them); nothing was written
     */
    public Map<String, Object> mergeResourceOutputs(String deploymentId, String resourceId, Map<String, ?> outputs,
            Set<String> sensitiveKeys) {
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(sensitiveKeys, "sensitiveKeys");
        return database.write(handle ->
                stage(requireWriting(deploymentId), resourceId, outputs, true, Optional.empty(), sensitiveKeys));
    }

    /**
     * Merges {@code outputs} on behalf of a running deployment, marking no new key sensitive; see
     * {@link #mergeResourceOutputs(String, String, Map, java.util.Set)}.
     *
     * @return the outputs the resource will have when the deployment ends (as staged now)
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     * @throws ResourceNotFoundException when the resource does not exist or is another project's
     */
    public Map<String, Object> mergeResourceOutputs(String deploymentId, String resourceId, Map<String, ?> outputs) {
        return mergeResourceOutputs(deploymentId, resourceId, outputs, Set.of());
    }

    /**
     * Replaces the outputs of many of the project's resources on behalf of a running deployment, in
     * one transaction, after checking that it still holds its lock; staged as
     * {@link #updateResourceOutputs(String, String, Map)} stages one.
     *
     * @param outputsById new outputs by resource id
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     * @throws ResourceNotFoundException when an id names no resource of the project; nothing was written
     */
    public void updateResourceOutputs(String deploymentId, Map<String, ? extends Map<String, ?>> outputsById) {
        Objects.requireNonNull(outputsById, "outputsById");
        database.write(handle -> {
            RegistryDeployment deployment = requireWriting(deploymentId);
            for (Map.Entry<String, ? extends Map<String, ?>> entry : outputsById.entrySet()) {
                stage(deployment, entry.getKey(), Objects.requireNonNull(entry.getValue(), "outputs"), false,
                        Optional.empty(), Set.of());
            }
            return null;
        });
    }

    /**
     * The outputs the running deployment staged so far, by resource id: what its end will publish.
     * Empty once it ended (they were published).
     */
    public List<StagedOutputs> stagedOutputs(String deploymentId) {
        return staged.findByDeployment(deploymentId);
    }

    /**
     * How many resources the deployment staged outputs for (their values unread: any role may ask,
     * a PostgreSQL reader included). Zero once it ended.
     */
    public int stagedResourceCount(String deploymentId) {
        return staged.countByDeployment(deploymentId);
    }

    /**
     * Stages a write of {@code deployment} to one resource of its project, inside the caller's
     * transaction: {@code outputs} replace, or are merged over, what the deployment staged for the
     * resource already, or else its published outputs.
     *
     * @param replaceMarks the marks to stage, replacing the base's; empty: the base's, plus {@code addMarks}
     * @return the outputs staged
     */
    private Map<String, Object> stage(RegistryDeployment deployment, String resourceId, Map<String, ?> outputs,
            boolean merge, Optional<Set<String>> replaceMarks, Set<String> addMarks) {
        // the project's own resource only: a deploy cannot write another project's outputs
        Optional<RegistryResource> published = resources.findById(resourceId);
        Optional<String> owner = published.map(RegistryResource::projectId);
        if (owner.isPresent() && !owner.get().equals(deployment.projectId())) {
            String deployed = projects.findById(deployment.projectId()).map(RegistryProject::name)
                    .orElse(deployment.projectId());
            String written = projects.findById(owner.get()).map(RegistryProject::name).orElse(owner.get());
            throw new InvalidInputException("deployment", "deployment " + deployment.id() + " deploys project '"
                    + deployed + "', not '" + written + "': a deploy writes only its own project's outputs; give the"
                    + " id of a deployment of '" + written + "'; nothing was changed");
        }
        StagedOutputRepository.Base base = staged.base(deployment.id(), resourceId)
                .filter(found -> owner.isPresent())
                .orElseThrow(() -> new ResourceNotFoundException(resourceId));
        Map<String, Object> result = new LinkedHashMap<>();
        if (merge && base.outputs().isPresent()) {
            try {
                result.putAll(Json.readObject(base.outputs().get()));
            } catch (java.io.IOException | RuntimeException e) {
                throw new CorruptRowException(base.staged() ? "staged_outputs" : "resources", resourceId, "outputs",
                        "not a JSON object, so new outputs cannot be merged into it; replace them whole"
                                + " (`stacksolo outputs set … --from FILE`)", e);
            }
        }
        result.putAll(outputs);
        String text = Json.write(result);
        String marks;
        if (replaceMarks.isPresent()) {
            marks = ResourceRepository.sensitiveColumn(replaceMarks.get());
        } else if (addMarks.isEmpty()) {
            marks = base.sensitiveOutputs().orElse(null); // as they are, even text another tool wrote
        } else {
            Set<String> union = new TreeSet<>(addMarks);
            union.addAll(ResourceRepository.markedKeys(resourceId, base.sensitiveOutputs().orElse(null)));
            marks = ResourceRepository.sensitiveColumn(union);
        }
        staged.stage(deployment.id(), resourceId, text, marks);
        // a key the deploy marks sensitive is hidden in the published outputs at once: the value it
        // replaces is as secret as the staged one, and views show the published values until the end
        Set<String> stagedMarks = ResourceRepository.markedKeys(resourceId, marks);
        if (!published.get().sensitiveOutputs().containsAll(stagedMarks)) {
            resources.addMarks(resourceId, stagedMarks);
        }
        return Json.asReadBack(result, text);
    }

    /**
     * Upserts the project's resources on behalf of a running deployment, after checking that it
     * still holds its lock; see {@link RegistryService#upsertResources}. A new resource is there at
     * once (pending, no published outputs), as are every resource's config and marks; outputs given
     * in the inputs are staged, as {@link #updateResourceOutputs(String, String, Map)} stages them,
     * and appear when the deployment ends.
     *
     * @return the resources as they are now (published outputs), in the order of {@code inputs}
     * @throws DeploymentNotRunningException when the deployment finished or lost its lock
     */
    public List<RegistryResource> upsertResources(String deploymentId, List<CreateResourceInput> inputs) {
        return database.write(handle -> {
            RegistryDeployment deployment = requireWriting(deploymentId);
            List<CreateResourceInput> withoutOutputs = new java.util.ArrayList<>(inputs.size());
            for (CreateResourceInput input : inputs) {
                withoutOutputs.add(input.outputs().isEmpty() ? input : new CreateResourceInput(input.projectId(),
                        input.type(), input.name(), input.network(), input.resourceType(), input.config(),
                        Optional.empty(), input.status(), input.pulumiUrn(), input.sensitiveOutputs()));
            }
            List<RegistryResource> result = service.upsertResources(deployment.projectId(), withoutOutputs,
                    Optional.of(deployment.id()));
            for (int i = 0; i < inputs.size(); i++) {
                CreateResourceInput input = inputs.get(i);
                if (input.outputs().isPresent()) {
                    // the marks were added to the row by the upsert; the staged ones add up as well
                    stage(deployment, result.get(i).id(), input.outputs().get(), false, Optional.empty(),
                            input.sensitiveOutputs());
                }
            }
            return result;
        });
    }

    /**
     * The deployment, when outputs may be written on its behalf: it runs, holds its project's lock,
     * and is a deploy or destroy. A preview deploys nothing and holds no lock: what it staged would be
     * published over a real deploy's outputs, even into a project another deploy has locked.
     *
     * @throws InvalidInputException for a preview
     */
    private RegistryDeployment requireWriting(String deploymentId) {
        RegistryDeployment deployment = requireRunning(deploymentId, true);
        if (!takesLock(deployment.action())) {
            throw new InvalidInputException("deployment", "deployment " + deploymentId + " is a preview, which deploys"
                    + " nothing and so records no outputs or resources; write them on behalf of the deploy that made"
                    + " them (`stacksolo deployment start`, without --action preview); nothing was changed");
        }
        return deployment;
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
        String holder = LockText.holder(held);
        if (held.isStale()) {
            return "project '" + project.name() + "' is locked by " + holder + ", but its holder looks gone: "
                    + held.staleReason().get() + ". Run `stacksolo unlock " + project.name()
                    + "` to break the lock (that deployment is recorded failed), then start again";
        }
        return "project '" + project.name() + "' is locked: " + holder + " is running (last heartbeat "
                + Times.forPeople(held.heartbeatAt()) + "). Wait for it to finish; nothing was changed";
    }
}
