package dev.stacksolo.registry.service;

import dev.stacksolo.registry.AmbiguousReferenceException;
import dev.stacksolo.registry.ConfigFileException;
import dev.stacksolo.registry.CorruptRowException;
import dev.stacksolo.registry.DeploymentNotFoundException;
import dev.stacksolo.registry.DuplicateProjectException;
import dev.stacksolo.registry.DuplicateResourceException;
import dev.stacksolo.registry.PermissionDeniedException;
import dev.stacksolo.registry.ProjectLockedException;
import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.ProjectRegisteredElsewhereException;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.repository.DeploymentRepository;
import dev.stacksolo.registry.repository.LockRepository;
import dev.stacksolo.registry.repository.ProjectRepository;
import dev.stacksolo.registry.repository.ResourceRepository;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.DeployResult;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.ProjectSummary;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceStatus;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.UpdateProjectInput;
import dev.stacksolo.registry.types.UpdateResourceInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The registry's operations on projects, resources and deployments: everything the TypeScript
 * registry's {@code RegistryService} offers, plus batch calls that write a whole deploy in one
 * transaction.
 *
 * <p>Every operation that writes more than one row is one transaction: all of it or none of it.
 * Finders return {@link Optional} or a (possibly empty) list, never null. Thread-safe.
 */
public final class RegistryService {

    private final Database database;
    private final ProjectRepository projects;
    private final ResourceRepository resources;
    private final DeploymentRepository deployments;
    private final Staleness staleness;
    private final LockRepository locks;
    private final DeploymentEnd end;

    /** A service over {@code database}; obtain one from {@link dev.stacksolo.registry.Registry#service()}. */
    public RegistryService(Database database) {
        this.database = database;
        this.projects = new ProjectRepository(database);
        this.resources = new ResourceRepository(database);
        this.deployments = new DeploymentRepository(database);
        this.staleness = new ReferenceService(database).staleness();
        this.locks = new LockRepository(database);
        this.end = new DeploymentEnd(database);
    }

    // ---- projects ---------------------------------------------------------------------------

    /**
     * Registers a project. When its config file exists, its sha256 is stored as the config hash.
     *
     * @throws DuplicateProjectException when the name is already registered
     * @throws dev.stacksolo.registry.InvalidNameException when the name breaks the naming rules
     */
    public RegistryProject registerProject(CreateProjectInput input) {
        Optional<String> hash = input.configPath().flatMap(RegistryService::hashIfExists);
        // one statement, which writes nothing when the name is taken; only then is the holder read,
        // for the message (one removed in between leaves the name free: the insert runs again)
        for (int attempt = 1; ; attempt++) {
            Optional<RegistryProject> created = projects.createUnlessNamed(input, hash);
            if (created.isPresent()) {
                return created.get();
            }
            Optional<RegistryProject> existing = projects.findByName(input.name());
            if (existing.isPresent() || attempt == 3) {
                throw new DuplicateProjectException(input.name(),
                        existing.flatMap(RegistryProject::configPath).orElse("(no config path)"));
            }
        }
    }

    /** The project of this name. */
    public Optional<RegistryProject> findProjectByName(String name) {
        return projects.findByName(name);
    }

    /** The project of this id. */
    public Optional<RegistryProject> findProjectById(String id) {
        return projects.findById(id);
    }

    /** The project registered from this config file path. */
    public Optional<RegistryProject> findProjectByPath(String configPath) {
        return projects.findByConfigPath(configPath);
    }

    /**
     * The project a config file stands for: the one registered from {@code configPath}, else the
     * one named {@code name} when it is registered from the same file (paths compared absolute and
     * normalized, then as files, so a symbolic link to the folder is the same file). A project of
     * that name registered from another config file belongs to that file: this is refused, so that a
     * second folder whose config reuses a name cannot change another folder's project.
     *
     * @param name the project name the config declares
     * @param configPath the config file (absolute)
     * @return the project, or empty when neither the path nor the name is registered
     * @throws ProjectRegisteredElsewhereException when the name is registered from another config
     *     file (or without one)
     */
    public Optional<RegistryProject> findProjectForConfig(String name, String configPath) {
        return database.read(handle -> {
            Optional<RegistryProject> byPath = projects.findByConfigPath(configPath);
            if (byPath.isPresent()) {
                return byPath;
            }
            Optional<RegistryProject> byName = projects.findByName(name);
            if (byName.isPresent() && !sameConfigFile(byName.get().configPath(), configPath)) {
                throw new ProjectRegisteredElsewhereException(name,
                        byName.get().configPath().orElse("(no config path)"), configPath);
            }
            return byName;
        });
    }

    /**
     * Whether a stored config path names the file {@code configPath}: equal once made absolute and
     * normalized, or the same file on disk (a folder reached through a symbolic link). False when
     * nothing is stored. The rule {@link #findProjectForConfig} applies; stateless and thread-safe.
     */
    public static boolean sameConfigFile(Optional<String> stored, String configPath) {
        if (stored.isEmpty()) {
            return false;
        }
        try {
            Path a = Path.of(stored.get()).toAbsolutePath().normalize();
            Path b = Path.of(configPath).toAbsolutePath().normalize();
            if (a.equals(b)) {
                return true;
            }
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The projects that deploy into this GCP project, by name. */
    public List<RegistryProject> findProjectsByGcpProjectId(String gcpProjectId) {
        return projects.findByGcpProjectId(gcpProjectId);
    }

    /** Every project, by name. */
    public List<RegistryProject> listProjects() {
        return projects.findAll();
    }

    /** Every project with its resource count, by name, in one query (what {@code stacksolo list} shows). */
    public List<ProjectSummary> listProjectSummaries() {
        return projects.findAllWithResourceCounts();
    }

    /**
     * Every project with its resource count, as {@link #listProjectSummaries()}, skipping project
     * rows that cannot be read (a {@code last_deployed_at} another tool wrote as text that is no
     * time): each is passed to {@code onUnreadable}, naming the project, so a listing shows the others.
     */
    public List<ProjectSummary> listProjectSummaries(Consumer<CorruptRowException> onUnreadable) {
        return projects.findAllWithResourceCounts(onUnreadable);
    }

    /**
     * Changes the fields {@code input} carries.
     *
     * @throws ProjectNotFoundException when no project has this id
     * @throws DuplicateProjectException when renaming to a name already registered
     */
    public RegistryProject updateProject(String projectId, UpdateProjectInput input) {
        return database.write(handle -> {
            if (input.name().isPresent()) {
                Optional<RegistryProject> holder = projects.findByName(input.name().get());
                if (holder.isPresent() && !holder.get().id().equals(projectId)) {
                    throw new DuplicateProjectException(input.name().get(),
                            holder.get().configPath().orElse("(no config path)"));
                }
            }
            return projects.update(projectId, input).orElseThrow(() -> new ProjectNotFoundException(projectId));
        });
    }

    /**
     * Sets the project's status.
     *
     * @throws ProjectNotFoundException when no project has this id
     */
    public RegistryProject updateProjectStatus(String projectId, ProjectStatus status) {
        return projects.updateStatus(projectId, status, Optional.empty())
                .orElseThrow(() -> new ProjectNotFoundException(projectId));
    }

    /**
     * Marks the project deployed now (status {@code deployed}, {@code lastDeployedAt} now).
     *
     * @throws ProjectNotFoundException when no project has this id
     */
    public RegistryProject markProjectDeployed(String projectId) {
        return projects.updateStatus(projectId, ProjectStatus.DEPLOYED, Optional.of(Times.now()))
                .orElseThrow(() -> new ProjectNotFoundException(projectId));
    }

    /**
     * Removes the project with its resources and deployments from the registry. Deployed cloud
     * resources are not touched.
     *
     * @return whether a project was removed
     * @throws ProjectLockedException while a deploy or destroy holds the project's lock (its
     *     deployment and what it wrote would go with the project); nothing was changed
     */
    public boolean unregisterProject(String projectId) {
        return database.write(handle -> {
            requireNoDeploy(projectId);
            return projects.delete(projectId);
        });
    }

    /**
     * Removes the project of this name with its resources and deployments.
     *
     * @return whether a project was removed
     * @throws ProjectLockedException while a deploy or destroy holds the project's lock
     */
    public boolean unregisterProjectByName(String name) {
        return database.write(handle -> projects.findByName(name).map(p -> {
            requireNoDeploy(p.id());
            return projects.delete(p.id());
        }).orElse(false));
    }

    private void requireNoDeploy(String projectId) {
        locks.findByProject(projectId).ifPresent(lock -> {
            String name = projects.findById(projectId).map(RegistryProject::name).orElse(projectId);
            String holder = LockText.holder(lock);
            throw new ProjectLockedException("project '" + name + "' is being deployed: " + holder + " holds its lock,"
                    + " and unregistering would remove that deployment and what it wrote. " + (lock.isStale()
                            ? "Its holder looks gone (" + lock.staleReason().get() + "): run `stacksolo unlock " + name
                                    + "` first"
                            : "Wait for it to finish, or run `stacksolo unlock " + name + "` if it is gone")
                    + "; nothing was changed", lock);
        });
    }

    /**
     * Whether the project's config file changed since its hash was last recorded.
     *
     * @throws ProjectNotFoundException when no project has this id
     * @throws ConfigFileException when the project has no config path or the file cannot be read
     * @throws PermissionDeniedException when the role may not read config hashes (a PostgreSQL reader)
     */
    public boolean checkConfigChanged(String projectId) {
        if (!database.access().readsSecrets()) {
            // its hash reads as absent: "changed" would be a guess
            throw new PermissionDeniedException("cannot compare the config with its recorded hash: the role "
                    + database.access().role() + " may not read config hashes (a PostgreSQL reader); run it as"
                    + " the deployer", null);
        }
        RegistryProject project = requireProject(projectId);
        String current = hashFile(configPathOf(project));
        return !project.configHash().map(current::equals).orElse(false);
    }

    /**
     * Hashes the project's config file now and stores the hash.
     *
     * @return the new hash
     * @throws ProjectNotFoundException when no project has this id
     * @throws ConfigFileException when the project has no config path or the file cannot be read
     */
    public String updateConfigHash(String projectId) {
        return database.write(handle -> {
            String hash = hashFile(configPathOf(requireProject(projectId)));
            projects.update(projectId, UpdateProjectInput.builder().configHash(hash).build());
            return hash;
        });
    }

    /**
     * The sha256 (lowercase hex) of a config file's text, as the config hash stores it.
     *
     * @throws ConfigFileException when the file cannot be read
     */
    public static String hashFile(Path configFile) {
        try {
            return sha256(Files.readAllBytes(configFile));
        } catch (NoSuchFileException e) {
            throw new ConfigFileException(configFile, "file not found", e);
        } catch (IOException e) {
            throw new ConfigFileException(configFile, "cannot be read: " + e.getMessage(), e);
        }
    }

    // ---- resources --------------------------------------------------------------------------

    /**
     * Records a resource (the seed's name for {@link #createResource}).
     *
     * @throws ProjectNotFoundException when the project does not exist
     */
    public RegistryResource registerResource(CreateResourceInput input) {
        return createResource(input);
    }

    /**
     * Records a resource.
     *
     * @throws ProjectNotFoundException when the project does not exist
     * @throws dev.stacksolo.registry.InvalidInputException when the input's project id is blank
     * @throws DuplicateResourceException when the project has a resource of this name in this
     *     network (or, without a network, a project-level one) already; nothing was written
     */
    public RegistryResource createResource(CreateResourceInput input) {
        if (input.projectId().isBlank()) {
            // the builder leaves it empty for upsertResources, which sets it itself
            throw new dev.stacksolo.registry.InvalidInputException("projectId", "is blank; give the id of the"
                    + " project the resource belongs to (CreateResourceInput.builder().projectId(project.id()))");
        }
        return database.write(handle -> {
            requireExists(input.projectId());
            if (input.outputs().isPresent()) {
                requireUnlocked(input.projectId());
            }
            // (project, network, name) is what references name: a second resource there could not
            // be reached by one (upsertResources, fed by a config, keeps one of each type)
            List<RegistryResource> taken = resources.findByName(input.projectId(), input.name(), input.network()).stream()
                    .filter(r -> r.network().equals(input.network())).toList();
            if (!taken.isEmpty()) {
                throw new DuplicateResourceException(referenceText(input.projectId(), input.network(), input.name()),
                        taken.get(0).type().value(), taken.get(0).id());
            }
            return resources.create(input);
        });
    }

    /** The resource with this id. */
    public Optional<RegistryResource> findResourceById(String resourceId) {
        return resources.findById(resourceId);
    }

    /** The project's resources, by network, name and type. */
    public List<RegistryResource> findResourcesByProject(String projectId) {
        return resources.findByProject(projectId);
    }

    /**
     * The project's resources, skipping rows that cannot be read (JSON that another tool wrote
     * badly): each is passed to {@code onUnreadable}, naming the row, so a listing shows the others.
     */
    public List<RegistryResource> findResourcesByProject(String projectId, Consumer<CorruptRowException> onUnreadable) {
        // named as its user knows it (shared-infra/main/users-db), the project looked up only for a broken row
        return resources.findByProject(projectId, unreadable -> onUnreadable.accept(unreadable.inProject(
                projects.findById(projectId).map(RegistryProject::name).orElse(projectId))));
    }

    /** The project's resources in one network. */
    public List<RegistryResource> findResourcesByNetwork(String projectId, String network) {
        return resources.findByNetwork(projectId, network);
    }

    /**
     * The project's resource of this name, in any network: a project-level resource (no network)
     * of that name is preferred, since no other reference can name it.
     *
     * @throws AmbiguousReferenceException when the name exists in several networks, or several
     *     resources of different types share it (address one with
     *     {@link #findResourceByRef(String, String, Optional, ResourceType)})
     */
    public Optional<RegistryResource> findResourceByRef(String projectId, String name) {
        List<RegistryResource> matches = resources.findByName(projectId, name, Optional.empty());
        return matches.size() <= 1 ? matches.stream().findFirst() : pick(matches, referenceText(projectId, Optional.empty(), name));
    }

    /**
     * The project's resource of this name in {@code network}.
     *
     * @throws AmbiguousReferenceException when several resources of different types share the name
     *     (address one with {@link #findResourceByRef(String, String, Optional, ResourceType)})
     */
    public Optional<RegistryResource> findResourceByRef(String projectId, String name, String network) {
        List<RegistryResource> matches = resources.findByName(projectId, name, Optional.of(network));
        return matches.size() <= 1 ? matches.stream().findFirst()
                : pick(matches, referenceText(projectId, Optional.of(network), name));
    }

    /**
     * The project's resource of this name and logical type, in {@code network} when given (else
     * in any network, a project-level one preferred): how a config that declares two resources of
     * one name in one network (a container and a function {@code api}) addresses each.
     *
     * @throws AmbiguousReferenceException when resources of this name and type are in several networks
     */
    public Optional<RegistryResource> findResourceByRef(String projectId, String name, Optional<String> network,
            ResourceType type) {
        Objects.requireNonNull(type, "type");
        List<RegistryResource> matches = resources.findByName(projectId, name, network).stream()
                .filter(resource -> resource.type() == type).toList();
        return matches.size() <= 1 ? matches.stream().findFirst() : pick(matches, referenceText(projectId, network, name));
    }

    /** {@code @shared-infra/main/users-db}: the reference as its user writes it, for messages. */
    private String referenceText(String projectId, Optional<String> network, String name) {
        String project = projects.findById(projectId).map(RegistryProject::name).orElse(projectId);
        return "@" + project + "/" + network.map(n -> n + "/").orElse("") + name;
    }

    /**
     * Picks the one resource a name means among {@code matches}, or reports the ambiguity.
     * Package-private: the reference service resolves with the same rule.
     */
    static Optional<RegistryResource> pick(List<RegistryResource> matches, String reference) {
        if (matches.size() <= 1) {
            return matches.stream().findFirst();
        }
        List<RegistryResource> projectLevel = matches.stream().filter(r -> r.network().isEmpty()).toList();
        if (projectLevel.size() == 1) {
            return Optional.of(projectLevel.get(0));
        }
        List<String> networks = matches.stream().map(r -> r.network().orElse("")).distinct().toList();
        if (networks.size() == matches.size()) {
            List<String> names = networks.stream().map(n -> "network '" + n + "'").toList();
            String project = reference.contains("/") ? reference.substring(0, reference.indexOf('/')) : "@project";
            return fail(reference, names, "name the network, as in " + project + "/" + networks.get(0) + "/"
                    + matches.get(0).name());
        }
        List<String> types = matches.stream()
                .map(r -> "a " + r.type().value() + " in " + r.network().map(n -> "network '" + n + "'").orElse("the project"))
                .toList();
        int slash = reference.indexOf('/');
        String project = reference.startsWith("@") && slash > 1 ? reference.substring(1, slash) : reference;
        // outputs set takes the resource, never a property: suggest the reference without it
        int property = reference.indexOf('.', Math.max(0, reference.lastIndexOf('/')));
        String resource = property > 0 ? reference.substring(0, property) : reference;
        return fail(reference, types, "a reference cannot tell them apart: rename one of them in the project"
                + " config; to read one, `stacksolo list " + project + " --type " + matches.get(0).type().value()
                + "` shows its outputs; to write one, `stacksolo outputs set " + resource + " --type "
                + matches.get(0).type().value() + " KEY=VALUE`");
    }

    private static Optional<RegistryResource> fail(String reference, List<String> candidates, String hint) {
        throw new AmbiguousReferenceException(reference, candidates, hint);
    }

    /**
     * Changes the fields {@code input} carries; new outputs also set status {@code ready} and stamp
     * {@code lastDeployedAt}.
     *
     * @throws ResourceNotFoundException when no resource has this id
     * @throws ProjectLockedException when {@code input} carries outputs and a deploy of the project
     *     holds its lock (write them on its behalf: {@link DeploymentService}); nothing was changed
     */
    public RegistryResource updateResource(String resourceId, UpdateResourceInput input) {
        if (input.outputs().isEmpty()) {
            return resources.update(resourceId, input).orElseThrow(() -> new ResourceNotFoundException(resourceId));
        }
        return database.write(handle -> {
            requireUnlockedResource(resourceId);
            return resources.update(resourceId, input).orElseThrow(() -> new ResourceNotFoundException(resourceId));
        });
    }

    /**
     * Replaces the resource's outputs, sets its status {@code ready} and stamps {@code lastDeployedAt}.
     *
     * @throws ResourceNotFoundException when no resource has this id
     * @throws ProjectLockedException when a deploy of the resource's project holds its lock: its
     *     writes are published together when it ends, and this one would show between them (write on
     *     its behalf: {@link DeploymentService#updateResourceOutputs(String, String, Map)}); nothing
     *     was changed
     */
    public void updateResourceOutputs(String resourceId, Map<String, ?> outputs) {
        Objects.requireNonNull(outputs, "outputs");
        writeUnlessLocked(resourceId, () -> resources.updateOutputsUnlessLocked(resourceId, outputs));
    }

    /**
     * Runs a single-statement outputs write that writes nothing while a deploy holds the lock (the
     * per-call write a deploy tool makes: no transaction of its own); when it wrote nothing, finds
     * out why. A lock released between the statement and the look-up gets the write run once more.
     */
    private void writeUnlessLocked(String resourceId, java.util.function.BooleanSupplier write) {
        for (int attempt = 0; ; attempt++) {
            if (write.getAsBoolean()) {
                return;
            }
            requireUnlockedResource(resourceId);
            if (attempt > 0 || resources.findById(resourceId).isEmpty()) {
                throw new ResourceNotFoundException(resourceId);
            }
        }
    }

    /**
     * Replaces the resource's outputs and the keys known sensitive among them (views show those as
     * {@code <sensitive>}; see {@link RegistryResource#sensitiveOutputs()}), sets its status
     * {@code ready} and stamps {@code lastDeployedAt}. {@link #updateResourceOutputs(String, Map)}
     * leaves the marked keys as they were.
     *
     * @param sensitiveKeys the keys to mark, replacing those marked before
     * @throws ResourceNotFoundException when no resource has this id
     * @throws ProjectLockedException when a deploy of the resource's project holds its lock (see
     *     {@link #updateResourceOutputs(String, Map)}); nothing was changed
     */
    public void updateResourceOutputs(String resourceId, Map<String, ?> outputs, java.util.Set<String> sensitiveKeys) {
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(sensitiveKeys, "sensitiveKeys");
        writeUnlessLocked(resourceId, () -> resources.updateOutputsUnlessLocked(resourceId, outputs, sensitiveKeys));
    }

    /**
     * Merges {@code outputs} into the resource's outputs: a key given replaces the one stored, the
     * others stay; {@code sensitiveKeys} are marked sensitive besides those marked already. Sets
     * status {@code ready} and stamps {@code lastDeployedAt}. The stored outputs are read and written
     * in one write transaction, so merges made at once by several processes (each with its own keys)
     * all land: what {@code stacksolo outputs set KEY=VALUE…} does.
     *
     * @return the resource's outputs as they are now
     * @throws ResourceNotFoundException when no resource has this id
     * @throws CorruptRowException when the stored outputs are not a JSON object; nothing was written
     * @throws ProjectLockedException when a deploy of the resource's project holds its lock (see
     *     {@link #updateResourceOutputs(String, Map)}; on its behalf:
     *     {@link DeploymentService#mergeResourceOutputs(String, String, Map, java.util.Set)}); nothing was written
     */
    public Map<String, Object> mergeResourceOutputs(String resourceId, Map<String, ?> outputs,
            java.util.Set<String> sensitiveKeys) {
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(sensitiveKeys, "sensitiveKeys");
        return database.write(handle -> {
            requireUnlockedResource(resourceId);
            return resources.mergeOutputs(resourceId, outputs, sensitiveKeys)
                    .orElseThrow(() -> new ResourceNotFoundException(resourceId));
        });
    }

    /**
     * Merges {@code outputs} into the resource's outputs, marking no new key sensitive; see
     * {@link #mergeResourceOutputs(String, Map, java.util.Set)}.
     *
     * @return the resource's outputs as they are now
     * @throws ResourceNotFoundException when no resource has this id
     * @throws CorruptRowException when the stored outputs are not a JSON object; nothing was written
     * @throws ProjectLockedException when a deploy of the resource's project holds its lock; nothing was written
     */
    public Map<String, Object> mergeResourceOutputs(String resourceId, Map<String, ?> outputs) {
        return mergeResourceOutputs(resourceId, outputs, java.util.Set.of());
    }

    /**
     * Sets the resource's status.
     *
     * @throws ResourceNotFoundException when no resource has this id
     */
    public void updateResourceStatus(String resourceId, ResourceStatus status) {
        if (!resources.updateStatus(resourceId, status)) {
            throw new ResourceNotFoundException(resourceId);
        }
    }

    /**
     * Creates or updates the project's resources in one transaction, matching existing ones by
     * network, name and type. An existing resource keeps its id, outputs and status; its provider
     * type and config are replaced. The {@code projectId} of the inputs is ignored.
     *
     * @return the resources as they are now, in the order of {@code inputs}
     * @throws ProjectNotFoundException when the project does not exist; nothing was written
     * @throws ProjectLockedException when an input carries outputs and a deploy of the project holds
     *     its lock (upsert on its behalf: {@link DeploymentService#upsertResources}); nothing was written
     */
    public List<RegistryResource> upsertResources(String projectId, List<CreateResourceInput> inputs) {
        return upsertResources(projectId, inputs, Optional.empty());
    }

    /** {@link #upsertResources(String, List)}, the outputs written on behalf of {@code deploymentId} when present. */
    List<RegistryResource> upsertResources(String projectId, List<CreateResourceInput> inputs,
            Optional<String> deploymentId) {
        return database.write(handle -> {
            // the project checked and its resources read in one query
            List<RegistryResource> stored = resources.findByProjectIfExists(projectId)
                    .orElseThrow(() -> new ProjectNotFoundException(projectId));
            if (inputs.stream().anyMatch(input -> input.outputs().isPresent())) {
                requireUnlocked(projectId);
            }
            Map<String, RegistryResource> existing = new LinkedHashMap<>();
            for (RegistryResource resource : stored) {
                existing.putIfAbsent(key(resource.network(), resource.name(), resource.type().value()), resource);
            }
            // new resources are inserted in one batch; a name given twice is created once, then updated
            RegistryResource[] result = new RegistryResource[inputs.size()];
            List<CreateResourceInput> fresh = new ArrayList<>();
            List<Integer> freshAt = new ArrayList<>();
            java.util.Set<String> keys = new java.util.HashSet<>(existing.keySet());
            String[] inputKeys = new String[inputs.size()]; // each input's key, made once
            for (int i = 0; i < inputs.size(); i++) {
                CreateResourceInput input = inputs.get(i);
                inputKeys[i] = key(input.network(), input.name(), input.type().value());
                if (keys.add(inputKeys[i])) {
                    fresh.add(input.withProjectId(projectId));
                    freshAt.add(i);
                }
            }
            List<RegistryResource> created = resources.createAll(fresh, deploymentId);
            for (int j = 0; j < created.size(); j++) {
                RegistryResource resource = created.get(j);
                result[freshAt.get(j)] = resource;
                existing.put(inputKeys[freshAt.get(j)], resource); // created with the input's network, name and type
            }
            for (int i = 0; i < inputs.size(); i++) {
                if (result[i] != null) {
                    continue;
                }
                CreateResourceInput input = inputs.get(i);
                RegistryResource current = existing.get(inputKeys[i]);
                UpdateResourceInput.Builder update = UpdateResourceInput.builder()
                        .resourceType(input.resourceType()).config(input.config());
                input.outputs().ifPresent(update::outputs);
                if (!input.sensitiveOutputs().isEmpty()) {
                    // marks add up: a key marked before stays marked
                    java.util.Set<String> marked = new java.util.HashSet<>(current.sensitiveOutputs());
                    marked.addAll(input.sensitiveOutputs());
                    update.sensitiveOutputs(marked);
                }
                input.status().ifPresent(update::status);
                input.pulumiUrn().ifPresent(update::pulumiUrn);
                result[i] = resources.update(current.id(), update.build(), deploymentId).orElseThrow();
            }
            return List.of(result);
        });
    }

    private static String key(Optional<String> network, String name, String type) {
        return network.orElse("") + "\u0000" + name + "\u0000" + type;
    }

    /**
     * Deletes the resource.
     *
     * @return whether a resource was deleted
     */
    public boolean deleteResource(String resourceId) {
        return resources.delete(resourceId);
    }

    // ---- deployments ------------------------------------------------------------------------

    /**
     * Records a deployment, started now ({@code pending} unless the input says otherwise).
     *
     * @throws ProjectNotFoundException when the project does not exist
     */
    public RegistryDeployment recordDeployment(CreateDeploymentInput input) {
        return deployments.createIfProjectExists(input)
                .orElseThrow(() -> new ProjectNotFoundException(input.projectId()));
    }

    /** The deployment with this id. */
    public Optional<RegistryDeployment> findDeploymentById(String deploymentId) {
        return deployments.findById(deploymentId);
    }

    /** The project's deployments, newest first. */
    public List<RegistryDeployment> findDeploymentsByProject(String projectId) {
        return deployments.findByProject(projectId, Integer.MAX_VALUE);
    }

    /** The project's newest deployments, at most {@code limit}. */
    public List<RegistryDeployment> findDeploymentsByProject(String projectId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return deployments.findByProject(projectId, limit);
    }

    /**
     * The project's newest deployments, at most {@code limit}, skipping rows that cannot be read
     * (JSON that another tool wrote badly): each is passed to {@code onUnreadable}, naming the row,
     * so a listing shows the others.
     */
    public List<RegistryDeployment> findDeploymentsByProject(String projectId, int limit,
            Consumer<CorruptRowException> onUnreadable) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return deployments.findByProject(projectId, limit, onUnreadable);
    }

    /** The project's newest deployment. */
    public Optional<RegistryDeployment> findLatestDeployment(String projectId) {
        return deployments.findByProject(projectId, 1).stream().findFirst();
    }

    /**
     * Sets the deployment's status; a final one ({@code succeeded}, {@code failed},
     * {@code cancelled}) stamps {@code completedAt} and, in the same transaction, publishes the
     * outputs staged on the deployment's behalf. (This does not release a lock: a deploy holding
     * one ends with {@link DeploymentService#finish} or {@link DeploymentService#unlock}.)
     *
     * @throws DeploymentNotFoundException when no deployment has this id
     * @throws dev.stacksolo.registry.DeploymentTransitionException when the move is not forward or
     *     it finished already; nothing was changed
     */
    public RegistryDeployment updateDeploymentStatus(String deploymentId, DeploymentStatus status) {
        return end.setStatus(deploymentId, status, Optional.empty())
                .orElseThrow(() -> new DeploymentNotFoundException(deploymentId));
    }

    /**
     * Marks the deployment running.
     *
     * @throws DeploymentNotFoundException when no deployment has this id
     */
    public RegistryDeployment markDeploymentRunning(String deploymentId) {
        return updateDeploymentStatus(deploymentId, DeploymentStatus.RUNNING);
    }

    /**
     * Marks the deployment succeeded and stamps its completion.
     *
     * @throws DeploymentNotFoundException when no deployment has this id
     */
    public RegistryDeployment markDeploymentSucceeded(String deploymentId) {
        return updateDeploymentStatus(deploymentId, DeploymentStatus.SUCCEEDED);
    }

    /**
     * Marks the deployment failed with the reason and stamps its completion.
     *
     * @throws DeploymentNotFoundException when no deployment has this id
     */
    public RegistryDeployment markDeploymentFailed(String deploymentId, String error) {
        return end.setStatus(deploymentId, DeploymentStatus.FAILED, Optional.of(error))
                .orElseThrow(() -> new DeploymentNotFoundException(deploymentId));
    }

    /**
     * Records a whole deploy in one transaction: every resource's outputs (status {@code ready}),
     * the deployment with its final status, and the project's status ({@code deployed} with
     * {@code lastDeployedAt} after a succeeded deploy, {@code destroyed} after a succeeded destroy,
     * {@code failed} after a failure; a preview leaves it alone) and, after a succeeded deploy, what
     * each of its cross-project references resolves to (its staleness baselines, see
     * {@link ReferenceService#stale()}).
     *
     * @return the recorded deployment
     * @throws ProjectNotFoundException when the project does not exist; nothing was written
     * @throws ResourceNotFoundException when an outputs entry names a resource that does not exist
     *     or belongs to another project; nothing was written
     * @throws ProjectLockedException when the result carries outputs and a running deploy of the
     *     project holds its lock (its writes are published together when it ends); nothing was written
     */
    public RegistryDeployment recordDeployResult(DeployResult result) {
        return database.write(handle -> {
            requireExists(result.projectId());
            if (!result.outputs().isEmpty()) {
                requireUnlocked(result.projectId());
            }
            CreateDeploymentInput.Builder deployment = CreateDeploymentInput.builder()
                    .projectId(result.projectId()).action(result.action())
                    .configSnapshot(result.configSnapshot()).status(result.status());
            result.logPath().ifPresent(deployment::logPath);
            RegistryDeployment recorded = deployments.create(deployment.build());
            // the outputs after the deployment's row, so that their versions name it; then its mark
            List<String> strangers = resources.updateOutputsOfProject(result.projectId(), result.outputs(),
                    Optional.of(recorded.id()));
            if (!strangers.isEmpty()) {
                throw new ResourceNotFoundException(strangers.get(0));
            }
            deployments.markOutputs(recorded.id());
            if (result.error().isPresent()) {
                // recorded finished in this transaction: its error is part of recording it, not a change
                recorded = deployments.recordError(recorded.id(), result.error().get()).orElseThrow();
            }
            boolean succeeded = result.status() == DeploymentStatus.SUCCEEDED;
            if (!succeeded) {
                projects.updateStatus(result.projectId(), ProjectStatus.FAILED, Optional.empty());
            } else if (result.action() == DeploymentAction.DEPLOY) {
                java.time.Instant completed = recorded.completedAt().orElse(Times.now());
                projects.updateStatus(result.projectId(), ProjectStatus.DEPLOYED, Optional.of(completed));
                // what its references resolve to now is what this deploy ran with (staleness baselines)
                staleness.recordAfterDeploy(result.projectId(), recorded.id(), completed);
            } else if (result.action() == DeploymentAction.DESTROY) {
                projects.updateStatus(result.projectId(), ProjectStatus.DESTROYED, Optional.empty());
                staleness.forget(result.projectId());
            }
            return recorded;
        });
    }

    // ---- helpers ----------------------------------------------------------------------------

    /**
     * Refuses a write of the project's outputs not made on behalf of the deploy that holds its lock
     * (inside the caller's write transaction, so a lock taken meanwhile cannot slip in between).
     */
    private void requireUnlocked(String projectId) {
        locks.findByProject(projectId).ifPresent(lock -> {
            throw writeRefused(lock);
        });
    }

    /** {@link #requireUnlocked(String)} for the project of a resource (none: the write finds no resource). */
    private void requireUnlockedResource(String resourceId) {
        locks.findByResource(resourceId).ifPresent(lock -> {
            throw writeRefused(lock);
        });
    }

    private ProjectLockedException writeRefused(DeploymentLock lock) {
        String name = projects.findById(lock.projectId()).map(RegistryProject::name).orElse(lock.projectId());
        String holder = LockText.holder(lock);
        if (lock.isStale()) {
            return new ProjectLockedException("project '" + name + "' is locked by " + holder + ", but its holder"
                    + " looks gone: " + lock.staleReason().get() + ". Run `stacksolo unlock " + name + "` (the outputs"
                    + " it wrote are published and it is recorded failed), then write again; nothing was changed",
                    lock);
        }
        return new ProjectLockedException("project '" + name + "' is being deployed: " + holder + " holds its lock,"
                + " and the outputs written during it are published together when it ends. If you are that deploy,"
                + " write on its behalf (`stacksolo outputs set … --deployment " + lock.lockId() + "`, or its"
                + " LockedDeployment); otherwise wait for it to finish, or run `stacksolo unlock " + name
                + "` if it is gone; nothing was changed", lock);
    }

    private void requireExists(String projectId) {
        if (!projects.exists(projectId)) {
            throw new ProjectNotFoundException(projectId);
        }
    }

    private RegistryProject requireProject(String projectId) {
        return projects.findById(projectId).orElseThrow(() -> new ProjectNotFoundException(projectId));
    }

    private static Path configPathOf(RegistryProject project) {
        return Path.of(project.configPath().orElseThrow(() -> new ConfigFileException(Path.of("(none)"),
                "project '" + project.name() + "' was registered without a config path; register it again"
                        + " from its folder")));
    }

    private static Optional<String> hashIfExists(String configPath) {
        Path file = Path.of(configPath);
        return Files.isRegularFile(file) ? Optional.of(hashFile(file)) : Optional.empty();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
