package dev.stacksolo.registry.service;

import dev.stacksolo.registry.InvalidReferenceException;
import dev.stacksolo.registry.ProjectInUseException;
import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.PropertyNotFoundException;
import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.ResourceNotDeployedException;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.repository.DependencyRepository;
import dev.stacksolo.registry.repository.ProjectRepository;
import dev.stacksolo.registry.repository.ResourceRepository;
import dev.stacksolo.registry.repository.ResourceRepository.ReferenceMatch;
import dev.stacksolo.registry.repository.ResourceRepository.ReferenceTarget;
import dev.stacksolo.registry.repository.StagedOutputRepository;
import dev.stacksolo.registry.types.ConfigReference;
import dev.stacksolo.registry.types.OutputsView;
import dev.stacksolo.registry.types.ProjectDependency;
import dev.stacksolo.registry.types.Reference;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResolvedReference;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.StaleReference;
import dev.stacksolo.registry.types.StaleReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-project references: {@code @project/[network/]resource[.property]} parsed, validated,
 * found in configs and resolved to the outputs another project's deploy stored.
 *
 * <p>Resolving one reference is one query. Without a property, the resource type's default
 * property is read (container and function: url, database: connectionString, cache: host…).
 * Thread-safe.
 */
public final class ReferenceService {

    private final Database database;
    private final ResourceRepository resources;
    private final DependencyRepository dependencies;
    private final ProjectRepository projects;
    private final Staleness staleness;
    private final StagedOutputRepository staged;

    /** A service over {@code database}; obtain one from {@link dev.stacksolo.registry.Registry#references()}. */
    public ReferenceService(Database database) {
        this.database = database;
        this.resources = new ResourceRepository(database);
        this.dependencies = new DependencyRepository(database);
        this.projects = new ProjectRepository(database);
        this.staleness = new Staleness(database, this);
        this.staged = new StagedOutputRepository(database);
    }

    // ---- the graph between projects ---------------------------------------------------------

    /**
     * Records the cross-project references of the project's config (same-project ones such as
     * {@code @database/db} are not), replacing what was recorded before. {@code register} and
     * {@code sync} call it, so the graph follows the configs.
     *
     * @return the references recorded
     * @throws ProjectNotFoundException when the project does not exist
     */
    public List<ConfigReference> recordReferences(String projectId, Map<String, ?> config) {
        if (projects.findById(projectId).isEmpty()) {
            throw new ProjectNotFoundException(projectId);
        }
        List<ConfigReference> found = findReferences(config);
        dependencies.replace(projectId, found);
        return found;
    }

    /** The recorded references that read from the project named {@code projectName}: who depends on it. */
    public List<ProjectDependency> dependents(String projectName) {
        return dependencies.findByTarget(projectName);
    }

    /** The recorded references the project's config makes: what it depends on. */
    public List<ProjectDependency> dependencies(String projectId) {
        return dependencies.findBySource(projectId);
    }

    /** Every recorded reference: the edges of the graph between projects. */
    public List<ProjectDependency> allDependencies() {
        return dependencies.findAll();
    }

    // ---- staleness ----------------------------------------------------------------------------

    /**
     * Which projects run with values that changed since their last successful deploy: for each, the
     * references that resolve differently now (a different value, a removed output, resource or
     * project, or a value that now resolves and did not), when and by which upstream deployment when
     * output versions say so. In redeploy order: each project after every project it reads from;
     * the graph's cycles are reported, their projects together. A value written again unchanged, or
     * changed and changed back, is not a change; nor is a change of another output of the same
     * resource. Deployed projects without baselines (deployed before this registry kept them, or
     * copied from another registry) are listed as untracked.
     *
     * <p>Each baseline is a keyed hash of the value (HMAC-SHA-256 under the registry's own random
     * key), recorded by a succeeded deploy ({@code deployments().finish}, {@code LockedDeployment.succeed},
     * {@code service().recordDeployResult}); the values never leave the registry.
     *
     * @throws dev.stacksolo.registry.PermissionDeniedException when the registry is read by a role
     *     that may not read output values (a PostgreSQL reader): the comparison needs them
     */
    public StaleReport stale() {
        return staleness.report();
    }

    /**
     * The project's references that resolve differently now than at its last successful deploy
     * (see {@link #stale()}); empty when none does, or the project has no baselines.
     *
     * @throws dev.stacksolo.registry.PermissionDeniedException when the registry is read by a role
     *     that may not read output values
     */
    public List<StaleReference> stale(String projectId) {
        return staleness.forProject(projectId);
    }

    /** The staleness baselines' keeper, for the services that finish deploys. */
    Staleness staleness() {
        return staleness;
    }

    /**
     * Checks that no other project reads from this one, before it is unregistered or destroyed:
     * the check a deploy tool makes before a destroy. References a project makes to itself do not count.
     *
     * @param action what is about to happen, for the message ({@code "unregister"}, {@code "destroy"})
     * @throws ProjectInUseException when others read from it; the message lists them
     */
    public void requireNoDependents(String projectName, String action) {
        List<ProjectDependency> readers = dependents(projectName).stream()
                .filter(dependency -> !dependency.from().equals(projectName)).toList();
        if (!readers.isEmpty()) {
            throw new ProjectInUseException(projectName, action, readers);
        }
    }

    /**
     * Parses a reference.
     *
     * @throws InvalidReferenceException when it does not follow the grammar
     */
    public Reference parseReference(String reference) {
        return Reference.parse(reference);
    }

    /**
     * Whether {@code value} is a cross-project reference: valid, and not a same-project reference
     * such as {@code @database/db.connectionString} whose first segment is a resource type.
     */
    public boolean isCrossProjectReference(String value) {
        return crossProjectReference(value) != null;
    }

    /** {@code value} parsed, when it is a cross-project reference (see {@link #isCrossProjectReference}); else null. */
    private static Reference crossProjectReference(String value) {
        if (value == null || value.isEmpty() || value.charAt(0) != '@') {
            return null;
        }
        try {
            Reference parsed = Reference.parse(value);
            return parsed.isCrossProject() ? parsed : null;
        } catch (InvalidReferenceException e) {
            return null;
        }
    }

    /**
     * Why {@code reference} is not a valid reference, or empty when it is. Does not look anything up.
     */
    public Optional<String> validate(String reference) {
        try {
            Reference.parse(reference);
            return Optional.empty();
        } catch (InvalidReferenceException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Resolves a reference to its value as text (strings as stored, other JSON values as compact JSON).
     *
     * @throws InvalidReferenceException when it does not follow the grammar
     * @throws ProjectNotFoundException when no project has that name
     * @throws ResourceNotFoundException when the project has no such resource
     * @throws dev.stacksolo.registry.AmbiguousReferenceException when the name exists in several
     *     networks and the reference names none
     * @throws ResourceNotDeployedException when the resource has no outputs yet
     * @throws PropertyNotFoundException when the outputs lack the property; lists those they have
     * @throws dev.stacksolo.registry.NullValueException when the outputs hold null for the property
     * @throws dev.stacksolo.registry.SensitiveValueException when the value is sensitive and the
     *     registry is read by a role that may not read sensitive values (a PostgreSQL reader)
     */
    public String resolve(String reference) {
        Reference parsed = Reference.parse(reference);
        return refuseMasked(parsed, fastValue(parsed).map(ReferenceService::asText)
                .orElseGet(() -> resolveWithResource(parsed).text()));
    }

    /**
     * {@code text} itself, unless this registry is read by a role that sees only the masked copies
     * of outputs and the value is masked there: that role may not have it.
     *
     * @throws SensitiveValueException when the value is masked for this role
     */
    private String refuseMasked(Reference parsed, String text) {
        if (!database.access().readsSecrets() && (text.contains(dev.stacksolo.registry.Secrets.MASK)
                || text.equals(dev.stacksolo.registry.Secrets.SENSITIVE))) {
            throw new dev.stacksolo.registry.SensitiveValueException(parsed.text(), database.access().role());
        }
        return text;
    }

    /**
     * The value in the common case, read from the outputs text without building the resource:
     * exactly one resource matches, it is deployed, and its outputs hold the property. Empty
     * otherwise, and {@link #resolveWithResource(Reference)} decides (it names the failure).
     */
    private Optional<Object> fastValue(Reference parsed) {
        Optional<String> text = resources.findStringValueForReference(parsed.project(), parsed.resource(),
                parsed.network(), parsed.property());
        if (text.isPresent()) {
            return Optional.of(text.get());
        }
        List<ReferenceTarget> targets = resources.findTargetsForReference(parsed.project(), parsed.resource(),
                parsed.network());
        if (targets.size() != 1 || targets.get(0).outputs().isEmpty()) {
            return Optional.empty();
        }
        ReferenceTarget target = targets.get(0);
        try {
            String property = parsed.property().isPresent() ? parsed.property().get()
                    : ResourceType.fromValue(target.type().orElseThrow()).defaultProperty();
            return Json.property(target.outputs().get(), property);
        } catch (IOException | RegistryException e) {
            return Optional.empty(); // a row another tool wrote badly: the full path reports it
        }
    }

    /**
     * Resolves a reference as {@link #resolve(String)} does, from the outputs {@code view} names:
     * {@link OutputsView#PUBLISHED} is {@link #resolve(String)}; {@link OutputsView#LIVE} reads what
     * a running deployment of the resource's project staged for it, when it staged something, over
     * the published outputs ({@code stacksolo output --live}).
     *
     * @throws RegistryException as {@link #resolve(String)} does (a live read needs a role that may
     *     read outputs: a PostgreSQL reader gets {@link dev.stacksolo.registry.PermissionDeniedException})
     */
    public String resolve(String reference, OutputsView view) {
        return view == OutputsView.PUBLISHED ? resolve(reference) : resolveWithResource(reference, view).text();
    }

    /**
     * Resolves a reference to its value and the resource that holds it.
     *
     * @throws RegistryException as {@link #resolve(String)} does
     */
    public ResolvedReference resolveWithResource(String reference) {
        return resolveWithResource(reference, OutputsView.PUBLISHED);
    }

    /**
     * Resolves a reference to its value and the resource that holds it, from the outputs
     * {@code view} names (see {@link #resolve(String, OutputsView)}); with {@link OutputsView#LIVE}
     * the resource carries the staged outputs and marks when there are some.
     *
     * @throws RegistryException as {@link #resolve(String)} does
     */
    public ResolvedReference resolveWithResource(String reference, OutputsView view) {
        if (view == OutputsView.LIVE && !database.access().readsSecrets()) {
            // its role has no SELECT on staged_outputs.outputs: say why, not which grant is "missing"
            throw new dev.stacksolo.registry.PermissionDeniedException("the role " + database.access().role()
                    + " may not read output values, and a live read is what a running deploy wrote, unmasked:"
                    + " run `stacksolo output --live` as a deployer (see docs/team-registry.md)", null);
        }
        Reference parsed = Reference.parse(reference);
        ResolvedReference resolved = resolveWithResource(parsed, java.util.Objects.requireNonNull(view, "view"));
        refuseMasked(parsed, resolved.text());
        return resolved;
    }

    /**
     * The resource as a live read sees it: with the outputs and marks a running deployment of its
     * project staged for it, if any, in place of the published ones.
     */
    private RegistryResource live(RegistryResource resource) {
        return staged.findLive(resource.id()).map(found -> new RegistryResource(resource.id(), resource.projectId(),
                resource.type(), resource.name(), resource.network(), resource.resourceType(), resource.config(),
                Optional.of(found.outputs()), found.sensitiveOutputs(), resource.status(), resource.pulumiUrn(),
                resource.lastDeployedAt(), resource.createdAt(), resource.updatedAt())).orElse(resource);
    }

    private ResolvedReference resolveWithResource(Reference parsed) {
        return resolveWithResource(parsed, OutputsView.PUBLISHED);
    }

    private ResolvedReference resolveWithResource(Reference parsed, OutputsView view) {
        String reference = parsed.text();
        List<ReferenceMatch> matches;
        try {
            matches = resources.findForReference(parsed.project(), parsed.resource(), parsed.network());
        } catch (dev.stacksolo.registry.CorruptRowException unreadable) {
            // named as the reference's user knows it: shared-infra/main/users-db, then its id
            throw unreadable.table().equals("resources") ? unreadable.inProject(parsed.project()) : unreadable;
        }
        if (matches.isEmpty()) {
            throw new ProjectNotFoundException(parsed.project());
        }
        List<RegistryResource> candidates = new ArrayList<>(matches.size());
        for (ReferenceMatch match : matches) {
            match.resource().ifPresent(candidates::add);
        }
        RegistryResource picked = RegistryService.pick(candidates, reference)
                .orElseThrow(() -> new ResourceNotFoundException(parsed.project(), parsed.network(), parsed.resource()));
        RegistryResource resource = view == OutputsView.LIVE ? live(picked) : picked;
        Map<String, Object> outputs = resource.outputs()
                .orElseThrow(() -> new ResourceNotDeployedException(reference, parsed.project(), resource.name()));
        String property = parsed.property().orElse(resource.type().defaultProperty());
        Object value = outputs.get(property);
        if (value == null) {
            throw missing(reference, resource.name(), property, outputs);
        }
        return new ResolvedReference(parsed, property, value, asText(value), resource);
    }

    /**
     * Resolves a reference as a project's config writes it, from inside the project named
     * {@code projectName}: a same-project reference ({@code @database/db.connectionString},
     * {@code @secret/jwt-secret}: the first segment is a resource type, {@code ui} meaning a bucket)
     * reads that project's resource of that type and name, and a cross-project reference resolves as
     * {@link #resolveWithResource(String)} does. For a same-project reference a resource in
     * {@code network} (the network of the resource whose config holds the reference) wins, then a
     * project-level one, then the only one of that type and name in any network. Thread-safe.
     *
     * @param projectName the project whose config holds the reference
     * @param network the network of the resource whose config holds it, if any
     * @param reference the reference as written
     * @throws InvalidReferenceException when it does not follow the grammar, or names StackSolo's
     *     kernel ({@code @kernel/…}), which the registry does not record
     * @throws ProjectNotFoundException when the project (or a cross-project reference's) is not registered
     * @throws ResourceNotFoundException when it has no resource of that type and name
     * @throws dev.stacksolo.registry.AmbiguousReferenceException when several networks hold one and
     *     none is {@code network}
     * @throws ResourceNotDeployedException when the resource has no outputs yet
     * @throws PropertyNotFoundException when the outputs lack the property; lists those they have
     * @throws dev.stacksolo.registry.NullValueException when the outputs hold null for the property
     * @throws dev.stacksolo.registry.SensitiveValueException as {@link #resolve(String)}
     */
    public ResolvedReference resolveInProject(String projectName, Optional<String> network, String reference) {
        Reference parsed = Reference.parse(reference);
        if (parsed.isCrossProject()) {
            return resolveWithResource(reference);
        }
        if (parsed.project().equals("kernel") || parsed.project().equals("gcp-kernel")) {
            throw new InvalidReferenceException(reference, "'@" + parsed.project() + "/…' names StackSolo's kernel,"
                    + " which the registry does not record; write the value itself, or a reference to a resource");
        }
        ResourceType type = parsed.project().equals("ui") ? ResourceType.BUCKET : ResourceType.fromValue(parsed.project());
        String projectId = projects.findByName(projectName).orElseThrow(() -> new ProjectNotFoundException(projectName)).id();
        List<RegistryResource> matches = resources.findByName(projectId, parsed.resource(), Optional.empty()).stream()
                .filter(resource -> resource.type() == type).toList();
        List<RegistryResource> inNetwork = matches.stream().filter(r -> r.network().equals(network)).toList();
        String text = "@" + projectName + "/" + parsed.resource();
        RegistryResource resource = RegistryService.pick(inNetwork.size() == 1 ? inNetwork : matches, text)
                .orElseThrow(() -> new ResourceNotFoundException(projectName, Optional.empty(), parsed.resource()));
        Map<String, Object> outputs = resource.outputs()
                .orElseThrow(() -> new ResourceNotDeployedException(reference, projectName, resource.name()));
        String property = parsed.property().orElse(resource.type().defaultProperty());
        Object value = outputs.get(property);
        if (value == null) {
            throw missing(reference, resource.name(), property, outputs);
        }
        ResolvedReference resolved = new ResolvedReference(parsed, property, value, asText(value), resource);
        refuseMasked(parsed, resolved.text());
        return resolved;
    }

    /**
     * Every cross-project reference in a config (nested maps and lists walked), with its path, in
     * document order. Same-project references ({@code @database/db}) are not included.
     */
    public List<ConfigReference> findReferences(Map<String, ?> config) {
        List<ConfigReference> found = new ArrayList<>();
        walk(config, "", found);
        return found;
    }

    /**
     * A copy of {@code config} in which every string that is a cross-project reference is replaced
     * by its value; everything else is copied as it is.
     *
     * @throws RegistryException when a reference does not resolve, as {@link #resolve(String)} does
     */
    public Map<String, Object> resolveAll(Map<String, ?> config) {
        // one snapshot for all of them: a deploy published meanwhile is seen entirely or not at all
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = database.snapshot(handle -> (Map<String, Object>) resolveValue(config));
        return copy;
    }

    private Object resolveValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(String.valueOf(entry.getKey()), resolveValue(entry.getValue()));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(resolveValue(element));
            }
            return copy;
        }
        Reference parsed = value instanceof String text ? crossProjectReference(text) : null;
        if (parsed != null) {
            return fastValue(parsed).orElseGet(() -> resolveWithResource(parsed).value());
        }
        return value;
    }

    private void walk(Object value, String path, List<ConfigReference> found) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                walk(entry.getValue(), path.isEmpty() ? key : path + "." + key, found);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found);
            }
        } else if (value instanceof String text) {
            Reference parsed = crossProjectReference(text);
            if (parsed != null) {
                found.add(new ConfigReference(path, parsed));
            }
        }
    }

    /**
     * Why {@code outputs} give no value for {@code property}: it holds null, or it lacks it (the
     * exception lists those it has).
     */
    static RegistryException missing(String reference, String resource, String property, Map<String, Object> outputs) {
        return outputs.containsKey(property) ? new dev.stacksolo.registry.NullValueException(reference, resource, property)
                : new PropertyNotFoundException(reference, resource, property, new ArrayList<>(outputs.keySet()));
    }

    private static String asText(Object value) {
        return value instanceof String text ? text : Json.writeValue(value);
    }
}
