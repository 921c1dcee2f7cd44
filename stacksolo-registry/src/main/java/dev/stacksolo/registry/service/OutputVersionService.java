package dev.stacksolo.registry.service;

import dev.stacksolo.registry.DeploymentNotFoundException;
import dev.stacksolo.registry.HistoryNotReadableException;
import dev.stacksolo.registry.InvalidReferenceException;
import dev.stacksolo.registry.OutputsNotRecordedException;
import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.PropertyNotFoundException;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.repository.DeploymentRepository;
import dev.stacksolo.registry.repository.OutputVersionRepository;
import dev.stacksolo.registry.repository.ProjectRepository;
import dev.stacksolo.registry.repository.ResourceRepository;
import dev.stacksolo.registry.repository.ResourceRepository.ReferenceMatch;
import dev.stacksolo.registry.types.AsOf;
import dev.stacksolo.registry.types.OutputVersion;
import dev.stacksolo.registry.types.OutputsDiff;
import dev.stacksolo.registry.types.PruneReport;
import dev.stacksolo.registry.types.Reference;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResolvedAsOf;
import dev.stacksolo.registry.types.ResolvedReference;
import dev.stacksolo.registry.types.ResourceOutputsDiff;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.VersionStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The history of resource outputs (issue 16): every change kept as an {@link OutputVersion},
 * read back as of a deployment or an instant, compared between deployments, and pruned.
 *
 * <p>Versions are written by triggers on {@code resources} (see
 * {@link dev.stacksolo.registry.db.Dialect#outputVersionTriggers()}), whoever changes the outputs;
 * this service only reads and prunes them. Values are returned raw, with the keys to mask in
 * {@link OutputVersion#sensitiveKeys()}: views mask them with {@link dev.stacksolo.registry.Secrets}.
 * A role that may not read sensitive values (a PostgreSQL reader) may not read old values at all.
 *
 * <p>Thread-safe.
 */
public final class OutputVersionService {

    private final Database database;
    private final OutputVersionRepository versions;
    private final ResourceRepository resources;
    private final ProjectRepository projects;
    private final DeploymentRepository deployments;

    /** A service over {@code database}; obtain one from {@link dev.stacksolo.registry.Registry#versions()}. */
    public OutputVersionService(Database database) {
        this.database = database;
        this.versions = new OutputVersionRepository(database);
        this.resources = new ResourceRepository(database);
        this.projects = new ProjectRepository(database);
        this.deployments = new DeploymentRepository(database);
    }

    /** The repository, for the services that record and compare against versions (staged writes, staleness). */
    public OutputVersionRepository repository() {
        return versions;
    }

    // ---- history ----------------------------------------------------------------------------

    /**
     * The resource's versions, newest first, at most {@code limit}. History outlives the resource:
     * a removed resource's versions are still returned by its id.
     *
     * @throws IllegalArgumentException when {@code limit} is below 1
     * @throws HistoryNotReadableException when the role may not read old values
     */
    public List<OutputVersion> history(String resourceId, int limit) {
        Objects.requireNonNull(resourceId, "resourceId");
        requireLimit(limit);
        requireReadable("the history of resource " + resourceId);
        Optional<RegistryResource> resource = resources.findById(resourceId);
        return versions.findByResource(resourceId, limit).stream().map(v -> enrich(v, resource)).toList();
    }

    /**
     * The versions of the resource a reference names ({@code @project/[network/]resource}, without
     * a property), newest first, at most {@code limit}.
     *
     * @throws InvalidReferenceException when it is not a reference, or names a property
     * @throws ProjectNotFoundException when no project has that name
     * @throws ResourceNotFoundException when the project has no such resource
     * @throws dev.stacksolo.registry.AmbiguousReferenceException when the name is in several networks
     * @throws HistoryNotReadableException when the role may not read old values
     */
    public List<OutputVersion> history(Reference reference, int limit) {
        requireLimit(limit);
        if (reference.property().isPresent()) {
            String resource = reference.text().substring(0, reference.text().lastIndexOf('.'));
            throw new InvalidReferenceException(reference.text(), "history is kept per resource, not per property;"
                    + " name the resource alone (" + resource + ")");
        }
        requireReadable("the history of " + reference.text());
        RegistryResource resource = find(reference);
        return history(resource.id(), limit);
    }

    /**
     * How many versions the resource a reference names has (what {@link #history(Reference, int)}
     * returns without a limit).
     *
     * @throws InvalidReferenceException when it is not a reference, or names a property
     * @throws ProjectNotFoundException when no project has that name
     * @throws ResourceNotFoundException when the project has no such resource
     * @throws dev.stacksolo.registry.AmbiguousReferenceException when the name is in several networks
     * @throws HistoryNotReadableException when the role may not read old values
     */
    public long count(Reference reference) {
        if (reference.property().isPresent()) {
            history(reference, 1); // refused as history refuses it
        }
        requireReadable("the history of " + reference.text());
        return versions.countByResource(find(reference).id());
    }

    // ---- as of ------------------------------------------------------------------------------

    /**
     * The resource's outputs as they stood at {@code point}: after the deployment ended (its mark),
     * or at the instant.
     *
     * @return the version, or empty when the resource had no outputs recorded then
     * @throws DeploymentNotFoundException when the point names a deployment that does not exist
     * @throws OutputsNotRecordedException when the deployment has not ended yet
     * @throws HistoryNotReadableException when the role may not read old values
     */
    public Optional<OutputVersion> outputsAsOf(String resourceId, AsOf point) {
        requireReadable("outputs as of " + describe(point));
        Optional<RegistryResource> resource = resources.findById(resourceId);
        return versionAt(resourceId, point).map(v -> enrich(v, resource));
    }

    /**
     * Resolves a reference as of {@code point}: the resource found as it is now (by project,
     * network and name), the value read from its outputs as they stood then.
     *
     * @throws InvalidReferenceException when it does not follow the grammar
     * @throws ProjectNotFoundException when no project has that name
     * @throws ResourceNotFoundException when the project has no such resource now
     * @throws dev.stacksolo.registry.AmbiguousReferenceException when the name is in several networks
     * @throws DeploymentNotFoundException when the point names a deployment that does not exist
     * @throws OutputsNotRecordedException when the resource had no outputs at that point, or the
     *     deployment has not ended
     * @throws PropertyNotFoundException when its outputs then lacked the property
     * @throws dev.stacksolo.registry.NullValueException when they held null for it
     * @throws HistoryNotReadableException when the role may not read old values
     */
    public ResolvedAsOf resolveAsOf(String reference, AsOf point) {
        Objects.requireNonNull(point, "point");
        Reference parsed = Reference.parse(reference);
        requireReadable(parsed.text() + " as of " + describe(point));
        RegistryResource resource = find(parsed);
        OutputVersion version = versionAt(resource.id(), point).map(v -> enrich(v, Optional.of(resource)))
                .orElseThrow(() -> new OutputsNotRecordedException(parsed.text() + " had no outputs recorded as of "
                        + describe(point) + firstRecorded(resource.id()) + "; `stacksolo outputs history "
                        + resourceText(parsed) + "` lists its versions"));
        String property = parsed.property().orElse(resource.type().defaultProperty());
        Object value = version.outputs().get(property);
        if (value == null) {
            throw ReferenceService.missing(parsed.text() + " as of " + describe(point), resource.name(), property,
                    version.outputs());
        }
        RegistryResource then = new RegistryResource(resource.id(), resource.projectId(), resource.type(),
                resource.name(), resource.network(), resource.resourceType(), resource.config(),
                Optional.of(version.outputs()), version.sensitiveKeys(), resource.status(), resource.pulumiUrn(),
                resource.lastDeployedAt(), resource.createdAt(), resource.updatedAt());
        String text = value instanceof String string ? string : Json.writeValue(value);
        return new ResolvedAsOf(new ResolvedReference(parsed, property, value, text, then), version, point);
    }

    // ---- diff -------------------------------------------------------------------------------

    /**
     * How the project's outputs changed between two deployments: per resource, the outputs added,
     * removed and changed. {@code from} defaults to the project's previous succeeded deployment
     * (the newest one that started before {@code to}; before any, when there is none), {@code to}
     * to now. Both must be deployments of the project.
     *
     * @throws ProjectNotFoundException when no project has that id or name
     * @throws DeploymentNotFoundException when a deployment id names none
     * @throws dev.stacksolo.registry.InvalidInputException when a deployment named is another project's
     * @throws OutputsNotRecordedException when a deployment named has not ended
     * @throws HistoryNotReadableException when the role may not read old values
     */
    public OutputsDiff diff(String project, Optional<String> from, Optional<String> to) {
        RegistryProject found = projects.findById(project).or(() -> projects.findByName(project))
                .orElseThrow(() -> new ProjectNotFoundException(project));
        requireReadable("a diff of outputs");
        Optional<RegistryDeployment> toDeployment = to.map(id -> deploymentOf(found, id, "to"));
        Optional<RegistryDeployment> fromDeployment = from.isPresent() ? Optional.of(deploymentOf(found, from.get(), "from"))
                : deployments.findPreviousSucceeded(found.id(), toDeployment);
        long toMark = toDeployment.isPresent() ? mark(toDeployment.get()) : versions.latestIdOf();
        long fromMark = fromDeployment.isPresent() ? mark(fromDeployment.get()) : 0L;
        Map<String, OutputVersion> before = versions.projectAsOf(found.id(), fromMark);
        Map<String, OutputVersion> after = versions.projectAsOf(found.id(), toMark);
        Map<String, RegistryResource> current = new LinkedHashMap<>();
        resources.findByProject(found.id()).forEach(r -> current.put(r.id(), r));
        Set<String> ids = new TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        List<ResourceOutputsDiff> changes = new ArrayList<>();
        for (String id : ids) {
            Optional<OutputVersion> a = Optional.ofNullable(before.get(id));
            Optional<OutputVersion> b = Optional.ofNullable(after.get(id));
            Map<String, Object> old = a.map(OutputVersion::outputs).orElse(Map.of());
            Map<String, Object> now = b.map(OutputVersion::outputs).orElse(Map.of());
            Map<String, Object> added = new TreeMap<>();
            Map<String, Object> removed = new TreeMap<>();
            Map<String, ResourceOutputsDiff.Change> changed = new TreeMap<>();
            now.forEach((key, value) -> {
                if (!old.containsKey(key)) {
                    added.put(key, value);
                } else if (!Objects.equals(old.get(key), value)) {
                    changed.put(key, new ResourceOutputsDiff.Change(old.get(key), value));
                }
            });
            old.forEach((key, value) -> {
                if (!now.containsKey(key)) {
                    removed.put(key, value);
                }
            });
            if (added.isEmpty() && removed.isEmpty() && changed.isEmpty()) {
                continue;
            }
            Optional<RegistryResource> resource = Optional.ofNullable(current.get(id));
            Set<String> sensitive = new TreeSet<>();
            a.ifPresent(v -> sensitive.addAll(enrich(v, resource).sensitiveKeys()));
            b.ifPresent(v -> sensitive.addAll(enrich(v, resource).sensitiveKeys()));
            String reference = resource.map(r -> "@" + found.name() + "/" + r.network().map(n -> n + "/").orElse("")
                    + r.name()).orElse(id + " (removed)");
            changes.add(new ResourceOutputsDiff(id, reference, added, removed, changed, sensitive,
                    a.map(OutputVersion::version), b.map(OutputVersion::version)));
        }
        changes.sort(Comparator.comparing(ResourceOutputsDiff::reference));
        return new OutputsDiff(found.id(), fromDeployment.map(RegistryDeployment::id),
                toDeployment.map(RegistryDeployment::id), changes);
    }

    // ---- retention --------------------------------------------------------------------------

    /**
     * Removes versions recorded more than {@code olderThan} ago, keeping each resource's current
     * version, every version a deployment's outputs as it ended need (`output --at DEPLOYMENT`),
     * and every version a staleness baseline records ({@code reference_baselines.version_id},
     * when that table exists), and every version of a resource after the oldest one it keeps: only
     * the oldest end of a history is cut, never a gap that a read as of a time could fall into and
     * find a value that was not current then. In one write transaction.
     *
     * @param dryRun whether to only count what would go
     * @throws IllegalArgumentException when {@code olderThan} is negative
     */
    public PruneReport prune(Duration olderThan, boolean dryRun) {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("the age must not be negative, was " + olderThan);
        }
        Instant cutoff = Times.now().minus(olderThan);
        return database.write(handle -> {
            Set<Long> baselines = new HashSet<>();
            if (hasTable(handle.connection(), "reference_baselines")) {
                baselines.addAll(handle.query("SELECT version_id FROM reference_baselines WHERE version_id IS NOT NULL",
                        row -> row.getLong(1)));
            }
            List<Long> prunable = versions.prunable(cutoff, deployments.allMarks(), baselines);
            long old = handle.queryFirst("SELECT count(*) FROM output_versions WHERE recorded_at < ?",
                    row -> row.getLong(1), Times.format(cutoff)).orElse(0L);
            long total = handle.queryFirst("SELECT count(*) FROM output_versions", row -> row.getLong(1)).orElse(0L);
            if (!dryRun) {
                versions.delete(prunable);
            }
            return new PruneReport(cutoff, prunable.size(), old - prunable.size(),
                    dryRun ? total : total - prunable.size(), dryRun);
        });
    }

    /** How many versions the registry keeps, of how many resources, and their size. */
    public VersionStats stats() {
        boolean readable = database.access().readsSecrets();
        return database.read(handle -> {
            long[] counts = handle.queryFirst("SELECT count(*), count(DISTINCT resource_id) FROM output_versions",
                    row -> new long[] {row.getLong(1), row.getLong(2)}).orElse(new long[] {0, 0});
            Optional<Long> bytes = readable ? Optional.of(versions.countAndSize()[1]) : Optional.empty();
            return new VersionStats(counts[0], counts[1], bytes);
        });
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Optional<OutputVersion> versionAt(String resourceId, AsOf point) {
        if (point instanceof AsOf.Time time) {
            // a time after now means now (and a year after 9999 would not compare with stored text)
            Instant now = Times.now();
            return versions.asOfTime(resourceId, time.instant().isAfter(now) ? now : time.instant());
        }
        RegistryDeployment deployment = deployment(((AsOf.Deployment) point).deploymentId());
        return versions.asOf(resourceId, mark(deployment));
    }

    /** The deployment with this id, which must be one of {@code project}'s. */
    private RegistryDeployment deploymentOf(RegistryProject project, String id, String option) {
        RegistryDeployment deployment = deployment(id);
        if (!deployment.projectId().equals(project.id())) {
            String other = projects.findById(deployment.projectId()).map(RegistryProject::name).orElse(deployment.projectId());
            throw new dev.stacksolo.registry.InvalidInputException(option, "deployment " + id + " is one of project '"
                    + other + "', not of '" + project.name() + "'; give one of " + project.name() + "'s (`stacksolo history "
                    + project.name() + "` lists them), or diff " + other + " instead");
        }
        return deployment;
    }

    private RegistryDeployment deployment(String id) {
        return deployments.findById(id).orElseThrow(() -> new DeploymentNotFoundException(id));
    }

    /**
     * The deployment's mark; for one that ended before versions were kept, the newest version
     * recorded by its end (the seeded versions carry the resources' last update time).
     */
    private long mark(RegistryDeployment deployment) {
        Optional<Long> mark = deployments.findMark(deployment.id());
        if (mark.isPresent()) {
            return mark.get();
        }
        if (deployment.completedAt().isEmpty()) {
            throw new OutputsNotRecordedException("deployment " + deployment.id() + " has not ended ("
                    + deployment.status().value() + " since " + Times.forPeople(deployment.startedAt())
                    + "): its outputs are known when it ends. Give a time instead (--at '"
                    + Times.forPeople(Times.now()) + "'), or wait for it to finish");
        }
        return versions.markAtTime(deployment.completedAt().get());
    }

    private RegistryResource find(Reference parsed) {
        List<ReferenceMatch> matches = resources.findForReference(parsed.project(), parsed.resource(), parsed.network());
        if (matches.isEmpty()) {
            throw new ProjectNotFoundException(parsed.project());
        }
        List<RegistryResource> candidates = new ArrayList<>(matches.size());
        matches.forEach(match -> match.resource().ifPresent(candidates::add));
        return RegistryService.pick(candidates, parsed.text())
                .orElseThrow(() -> new ResourceNotFoundException(parsed.project(), parsed.network(), parsed.resource()));
    }

    private String firstRecorded(String resourceId) {
        List<OutputVersion> all = versions.findByResource(resourceId, Integer.MAX_VALUE);
        return all.isEmpty() ? " (it has no recorded outputs at all: deploy its project first)"
                : " (its history starts at " + Times.forPeople(all.get(all.size() - 1).recordedAt()) + ")";
    }

    private static String resourceText(Reference parsed) {
        return "@" + parsed.project() + "/" + parsed.network().map(n -> n + "/").orElse("") + parsed.resource();
    }

    private static String describe(AsOf point) {
        return point instanceof AsOf.Time time ? Times.forPeople(time.instant()) : point.toString();
    }

    /**
     * The version with the keys to mask completed: those the resource marks now (a key marked
     * since hides its older values too), and every key of a secret resource.
     */
    private static OutputVersion enrich(OutputVersion version, Optional<RegistryResource> resource) {
        if (resource.isEmpty()) {
            return version;
        }
        Set<String> more = new TreeSet<>(resource.get().sensitiveOutputs());
        if (resource.get().type() == ResourceType.SECRET) {
            more.addAll(version.outputs().keySet());
        }
        return more.isEmpty() ? version : version.withSensitiveKeys(more);
    }

    private void requireReadable(String what) {
        if (!database.access().readsSecrets()) {
            throw new HistoryNotReadableException(what, database.access().role());
        }
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    private static boolean hasTable(java.sql.Connection connection, String table) throws java.sql.SQLException {
        try (java.sql.ResultSet rows = connection.getMetaData().getTables(null, connection.getSchema(), table,
                new String[] {"TABLE"})) {
            return rows.next();
        }
    }
}
