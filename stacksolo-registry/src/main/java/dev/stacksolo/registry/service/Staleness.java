package dev.stacksolo.registry.service;

import dev.stacksolo.registry.PermissionDeniedException;
import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.db.RegistryKeys;
import dev.stacksolo.registry.repository.BaselineRepository;
import dev.stacksolo.registry.repository.DependencyRepository;
import dev.stacksolo.registry.repository.OutputVersionRepository;
import dev.stacksolo.registry.repository.ProjectRepository;
import dev.stacksolo.registry.types.ProjectDependency;
import dev.stacksolo.registry.types.Reference;
import dev.stacksolo.registry.types.ReferenceBaseline;
import dev.stacksolo.registry.types.ReferenceChange;
import dev.stacksolo.registry.types.ResolvedReference;
import dev.stacksolo.registry.types.StaleProject;
import dev.stacksolo.registry.types.StaleReference;
import dev.stacksolo.registry.types.StaleReport;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Staleness (issue 16, part T): the baselines a successful deploy records for its project's
 * cross-project references, and the comparison of what they resolve to now.
 *
 * <p>A baseline holds the value as an HMAC-SHA-256 under the registry's own random key
 * ({@link RegistryKeys#REFERENCE_BASELINES}), never the value: a plain SHA-256 of a short password
 * is found by hashing guesses, while the HMAC needs the key, which lives beside the outputs it
 * would reveal (the same file; on PostgreSQL a table the reader role may not read). The value is
 * hashed as its JSON text, so the string {@code "1"} and the number {@code 1} differ.
 *
 * <p>Thread-safe (every call goes through {@link Database}).
 */
final class Staleness {

    private static final String HMAC = "HmacSHA256";

    private final Database database;
    private final ReferenceService references;
    private final DependencyRepository dependencies;
    private final BaselineRepository baselines;
    private final ProjectRepository projects;
    private final OutputVersionRepository versions;

    Staleness(Database database, ReferenceService references) {
        this.database = database;
        this.references = references;
        this.dependencies = new DependencyRepository(database);
        this.baselines = new BaselineRepository(database);
        this.projects = new ProjectRepository(database);
        this.versions = new OutputVersionRepository(database);
    }

    // ---- recording ----------------------------------------------------------------------------

    /**
     * Records, inside the caller's write transaction, what each of the project's cross-project
     * references resolves to now, as the baselines of its deployment {@code deploymentId} that just
     * succeeded (replacing the previous deploy's). References a project makes to itself are left
     * out: its own deploy changes them.
     */
    void recordAfterDeploy(String projectId, String deploymentId, Instant at) {
        database.write(handle -> {
            List<ProjectDependency> read = dependencies.findBySource(projectId);
            if (read.isEmpty()) {
                baselines.delete(projectId); // the common deploy reads from no other project: no key to look up
                return null;
            }
            byte[] key = RegistryKeys.ensure(handle, RegistryKeys.REFERENCE_BASELINES);
            Set<String> seen = new LinkedHashSet<>();
            List<ReferenceBaseline> recorded = new ArrayList<>();
            for (ProjectDependency dependency : read) {
                if (dependency.from().equals(dependency.to()) || !seen.add(dependency.reference())) {
                    continue;
                }
                Current current = resolve(dependency.reference(), key);
                recorded.add(new ReferenceBaseline(projectId, dependency.reference(), current.hash(),
                        current.resourceId(), current.property(), current.resourceId().flatMap(this::latestVersion),
                        deploymentId, at));
            }
            baselines.replace(projectId, recorded);
            return null;
        });
    }

    /** Forgets the project's baselines (a succeeded destroy: nothing of it runs with any value now). */
    void forget(String projectId) {
        baselines.delete(projectId);
    }

    /** The newest output version of the resource (table {@code output_versions}, kept by triggers). */
    private Optional<Long> latestVersion(String resourceId) {
        return versions.latestIdOf(resourceId);
    }

    /**
     * When the reference's value changed after its baseline, and by whom: the output version after
     * the baseline's from which on its property has differed (a change reverted before is not it).
     * Empty when the baseline names no version (recorded before versions, or from a resource that had
     * none) or the versions show no difference now (the resource was removed since: no version says when).
     */
    private Optional<Change> changeSince(ReferenceBaseline baseline) {
        if (baseline.resourceId().isEmpty() || baseline.property().isEmpty() || baseline.versionId().isEmpty()) {
            return Optional.empty();
        }
        return versions.changeSince(baseline.resourceId().get(), baseline.versionId().get(), baseline.property().get())
                .map(version -> new Change(Optional.of(version.recordedAt()), version.deploymentId(), version.by()));
    }

    /** A change found in the output versions. */
    private record Change(Optional<Instant> at, Optional<String> deploymentId, Optional<String> by) {}

    // ---- comparing ----------------------------------------------------------------------------

    /** What a reference resolves to now: its hash, and where it came from; or why it does not resolve. */
    private record Current(Optional<String> hash, Optional<String> resourceId, Optional<String> property,
            Optional<String> failure) {}

    private Current resolve(String reference, byte[] key) {
        try {
            ResolvedReference resolved = references.resolveWithResource(reference);
            return new Current(Optional.of(hmac(key, Json.writeValue(resolved.value()))),
                    Optional.of(resolved.resource().id()), Optional.of(resolved.property()), Optional.empty());
        } catch (RegistryException unresolvable) {
            return new Current(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(Secrets.maskText(String.valueOf(unresolvable.getMessage()))));
        }
    }

    private static String hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + HMAC, e);
        }
    }

    /**
     * The project's references that resolve differently now than at its last successful deploy;
     * empty when it is not stale, was never deployed since baselines are kept, or no longer exists.
     *
     * @throws PermissionDeniedException when the registry's role may not read secrets (a PostgreSQL
     *     reader): comparing needs the values
     */
    List<StaleReference> forProject(String projectId) {
        requireSecrets();
        return database.read(handle -> {
            Optional<byte[]> key = RegistryKeys.find(handle, RegistryKeys.REFERENCE_BASELINES);
            Optional<String> name = projects.findById(projectId).map(project -> project.name());
            if (key.isEmpty() || name.isEmpty()) {
                return List.of();
            }
            return compare(name.get(), baselines.findByProject(projectId), key.get());
        });
    }

    /**
     * Every stale project in redeploy order, the graph's cycles, and the deployed projects without
     * baselines.
     *
     * @throws PermissionDeniedException when the registry's role may not read secrets
     */
    StaleReport report() {
        requireSecrets();
        return database.read(handle -> {
            Optional<byte[]> key = RegistryKeys.find(handle, RegistryKeys.REFERENCE_BASELINES);
            Map<String, ProjectRepository.Brief> byId = new LinkedHashMap<>();
            for (ProjectRepository.Brief project : projects.findAllBrief()) {
                byId.put(project.id(), project);
            }
            Map<String, List<ReferenceBaseline>> recorded = new LinkedHashMap<>();
            for (ReferenceBaseline baseline : baselines.findAll()) {
                recorded.computeIfAbsent(baseline.projectId(), id -> new ArrayList<>()).add(baseline);
            }
            List<ProjectDependency> edges = dependencies.findAll();
            Map<String, StaleProject> stale = new HashMap<>();
            for (Map.Entry<String, List<ReferenceBaseline>> entry : recorded.entrySet()) {
                ProjectRepository.Brief project = byId.get(entry.getKey());
                if (project == null || key.isEmpty()) {
                    continue; // a reader gone (cascade normally removes its rows); or no key: untracked below
                }
                List<StaleReference> changed = compare(project.name(), entry.getValue(), key.get());
                if (!changed.isEmpty()) {
                    ReferenceBaseline first = entry.getValue().get(0);
                    stale.put(project.name(), new StaleProject(project.name(), project.id(), first.deploymentId(),
                            first.recordedAt(), changed, false));
                }
            }
            Set<String> readers = new TreeSet<>();
            for (ProjectDependency edge : edges) {
                if (!edge.from().equals(edge.to())) {
                    readers.add(edge.from());
                }
            }
            List<String> untracked = new ArrayList<>();
            for (ProjectRepository.Brief project : byId.values()) {
                boolean tracked = key.isPresent() && recorded.containsKey(project.id());
                if (!tracked && "deployed".equals(project.status()) && readers.contains(project.name())) {
                    untracked.add(project.name());
                }
            }
            Map<String, Set<String>> graph = graph(edges, recorded, byId);
            List<List<String>> components = components(graph);
            List<List<String>> cycles = components.stream().filter(component -> component.size() > 1).toList();
            List<StaleProject> ordered = new ArrayList<>();
            for (List<String> component : order(graph, components)) {
                for (String name : component) {
                    StaleProject project = stale.get(name);
                    if (project != null) {
                        ordered.add(component.size() > 1 ? new StaleProject(project.project(), project.projectId(),
                                project.deploymentId(), project.deployedAt(), project.references(), true) : project);
                    }
                }
            }
            return new StaleReport(ordered, cycles, untracked);
        });
    }

    private void requireSecrets() {
        if (!database.access().readsSecrets()) {
            throw new PermissionDeniedException("the role " + database.access().role() + " may not read output"
                    + " values, and telling which references changed compares them: run `stacksolo stale` as a"
                    + " deployer (see docs/team-registry.md)", null);
        }
    }

    private List<StaleReference> compare(String projectName, List<ReferenceBaseline> recorded, byte[] key) {
        List<StaleReference> changed = new ArrayList<>();
        for (ReferenceBaseline baseline : recorded) {
            Current current = resolve(baseline.reference(), key);
            if (current.hash().equals(baseline.valueHash())) {
                continue;
            }
            ReferenceChange change = baseline.valueHash().isEmpty() ? ReferenceChange.NOW_RESOLVES
                    : current.hash().isEmpty() ? ReferenceChange.NO_LONGER_RESOLVES : ReferenceChange.VALUE_CHANGED;
            Optional<Change> when = changeSince(baseline);
            changed.add(new StaleReference(projectName, baseline.reference(), targetOf(baseline.reference()), change,
                    current.failure(), baseline.deploymentId(), baseline.recordedAt(), when.flatMap(Change::at),
                    when.flatMap(Change::deploymentId), when.flatMap(Change::by)));
        }
        return changed;
    }

    private static String targetOf(String reference) {
        try {
            return Reference.parse(reference).project();
        } catch (RegistryException unparsable) {
            return ""; // recorded from a parsed reference, so only a row another tool wrote lands here
        }
    }

    // ---- redeploy order -----------------------------------------------------------------------

    /**
     * Who reads from whom, by project name: the recorded references (kept by {@code sync}) and the
     * baselines (what the last deploys read), without a project's references to itself.
     */
    private static Map<String, Set<String>> graph(List<ProjectDependency> edges,
            Map<String, List<ReferenceBaseline>> recorded, Map<String, ProjectRepository.Brief> byId) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (ProjectRepository.Brief project : byId.values()) {
            graph.computeIfAbsent(project.name(), name -> new TreeSet<>());
        }
        for (ProjectDependency edge : edges) {
            graph.computeIfAbsent(edge.to(), name -> new TreeSet<>());
            if (!edge.from().equals(edge.to())) {
                graph.computeIfAbsent(edge.from(), name -> new TreeSet<>()).add(edge.to());
            }
        }
        recorded.forEach((projectId, list) -> {
            ProjectRepository.Brief reader = byId.get(projectId);
            if (reader == null) {
                return;
            }
            for (ReferenceBaseline baseline : list) {
                String target = targetOf(baseline.reference());
                if (!target.isEmpty() && !target.equals(reader.name())) {
                    graph.computeIfAbsent(target, name -> new TreeSet<>());
                    graph.get(reader.name()).add(target);
                }
            }
        });
        return graph;
    }

    /**
     * The strongly connected components of {@code graph} (Tarjan's algorithm, without recursion so
     * that a long chain of projects cannot overflow the stack), each sorted by name.
     */
    static List<List<String>> components(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Set<String> onStack = new java.util.HashSet<>();
        Deque<String> stack = new ArrayDeque<>();
        List<List<String>> result = new ArrayList<>();
        int next = 0;
        for (String root : graph.keySet()) {
            if (index.containsKey(root)) {
                continue;
            }
            // each frame: the node and an iterator over its targets
            Deque<Map.Entry<String, java.util.Iterator<String>>> frames = new ArrayDeque<>();
            index.put(root, next);
            low.put(root, next++);
            stack.push(root);
            onStack.add(root);
            frames.push(Map.entry(root, graph.getOrDefault(root, Set.of()).iterator()));
            while (!frames.isEmpty()) {
                Map.Entry<String, java.util.Iterator<String>> frame = frames.peek();
                String node = frame.getKey();
                if (frame.getValue().hasNext()) {
                    String target = frame.getValue().next();
                    if (!index.containsKey(target)) {
                        index.put(target, next);
                        low.put(target, next++);
                        stack.push(target);
                        onStack.add(target);
                        frames.push(Map.entry(target, graph.getOrDefault(target, Set.of()).iterator()));
                    } else if (onStack.contains(target)) {
                        low.put(node, Math.min(low.get(node), index.get(target)));
                    }
                    continue;
                }
                frames.pop();
                if (!frames.isEmpty()) {
                    String parent = frames.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
                if (low.get(node).equals(index.get(node))) {
                    List<String> component = new ArrayList<>();
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (!member.equals(node));
                    component.sort(Comparator.naturalOrder());
                    result.add(component);
                }
            }
        }
        return result;
    }

    /**
     * The components in redeploy order: each after every component it reads from, ties broken by
     * the first name (Kahn's algorithm on the graph of components, which has no cycle).
     */
    static List<List<String>> order(Map<String, Set<String>> graph, List<List<String>> components) {
        Map<String, Integer> componentOf = new HashMap<>();
        for (int i = 0; i < components.size(); i++) {
            for (String name : components.get(i)) {
                componentOf.put(name, i);
            }
        }
        int n = components.size();
        List<Set<Integer>> readersOf = new ArrayList<>(n);
        int[] waiting = new int[n];
        for (int i = 0; i < n; i++) {
            readersOf.add(new java.util.HashSet<>());
        }
        for (int i = 0; i < n; i++) {
            Set<Integer> reads = new java.util.HashSet<>();
            for (String name : components.get(i)) {
                for (String target : graph.getOrDefault(name, Set.of())) {
                    int t = componentOf.get(target);
                    if (t != i && reads.add(t)) {
                        readersOf.get(t).add(i);
                    }
                }
            }
            waiting[i] = reads.size();
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>(Comparator.comparing(i -> components.get(i).get(0)));
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<List<String>> ordered = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            ordered.add(components.get(i));
            for (int reader : readersOf.get(i)) {
                if (--waiting[reader] == 0) {
                    ready.add(reader);
                }
            }
        }
        return ordered;
    }
}
