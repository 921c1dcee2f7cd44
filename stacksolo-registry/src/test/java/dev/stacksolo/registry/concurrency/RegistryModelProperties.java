package dev.stacksolo.registry.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.DuplicateProjectException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.PostgresScratch;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.DeployResult;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.ProjectSummary;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceStatus;
import dev.stacksolo.registry.types.ResourceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A model-based test of the library under concurrency: several threads, each on its own
 * connection of one registry, run random sequences of library calls (register, upsert resources,
 * merge and replace outputs, record deploys, unregister), and every call's answer, then the whole
 * registry, is compared with an in-memory model of what the calls should have done.
 *
 * <p>Each thread owns a few projects (only it touches them, so every answer is known), and all
 * threads write into one shared project at once: outputs merged under keys of their own into the
 * same resources, and resources of their own names. Those writes commute, so the shared project must
 * end as the union of every thread's model, whatever the interleaving; a merge that read outside its
 * transaction, or an upsert that diffed against a stale list, shows up as a missing key or row.
 */
class RegistryModelProperties {

    private static final int THREADS = 3;
    private static final int OWN_PROJECTS = 2;
    private static final List<String> NAMES = List.of("api", "web", "db", "jobs");
    private static final List<String> SHARED = List.of("s0", "s1");

    // ---- the actions ---------------------------------------------------------------------------

    /** One library call of a thread. */
    sealed interface Action permits OwnAction, MergeShared, UpsertShared {}

    /** A call on one of the thread's own projects; {@code project} indexes them. */
    sealed interface OwnAction extends Action permits Register, Unregister, Upsert, Merge, Replace, Deploy {
        int project();
    }

    record Register(int project) implements OwnAction {}

    record Unregister(int project) implements OwnAction {}

    record Upsert(int project, List<String> names, int version) implements OwnAction {}

    record Merge(int project, String name, String key, String value) implements OwnAction {}

    record Replace(int project, String name, String key, String value) implements OwnAction {}

    record Deploy(int project, boolean succeeded, String name, String value) implements OwnAction {}

    record MergeShared(String name, int key, String value) implements Action {}

    record UpsertShared(int number) implements Action {}

    @Provide
    Arbitrary<List<List<Action>>> scripts() {
        Arbitrary<Integer> project = Arbitraries.integers().between(0, OWN_PROJECTS - 1);
        Arbitrary<String> name = Arbitraries.of(NAMES);
        Arbitrary<String> key = Arbitraries.of("url", "host", "port", "connectionString");
        Arbitrary<String> value = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, project.map(Register::new)),
                net.jqwik.api.Tuple.of(1, project.map(Unregister::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(project, name.set().ofMinSize(1).map(s -> List.copyOf(
                        new java.util.TreeSet<>(s))), Arbitraries.integers().between(0, 3)).as(Upsert::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(project, name, key, value).as(Merge::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(project, name, key, value).as(Replace::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(project, Arbitraries.of(true, false), name, value)
                        .as(Deploy::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(Arbitraries.of(SHARED), Arbitraries.integers().between(0, 5),
                        value).as(MergeShared::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 5).map(UpsertShared::new)));
        return action.list().ofMinSize(5).ofMaxSize(30).list().ofSize(THREADS);
    }

    // ---- the model -------------------------------------------------------------------------------

    /** A resource as the model knows it. */
    record ModelResource(Map<String, Object> config, Optional<Map<String, Object>> outputs, ResourceStatus status) {}

    /** A project as the model knows it: its status, resources by name, deployments' statuses in order. */
    static final class ModelProject {
        ProjectStatus status = ProjectStatus.PENDING;
        final Map<String, ModelResource> resources = new TreeMap<>();
        final List<DeploymentStatus> deployments = new ArrayList<>();
    }

    /** What one thread's calls should have done: its own projects, and its share of the shared project. */
    static final class ThreadModel {
        final Map<String, ModelProject> projects = new TreeMap<>();
        final Map<String, Map<String, Object>> sharedOutputs = new TreeMap<>();
        final java.util.Set<String> sharedResources = new java.util.TreeSet<>();
    }

    // ---- the properties ----------------------------------------------------------------------

    @Property(tries = 25)
    void concurrentCallsOnSqliteMatchTheModel(@ForAll("scripts") List<List<Action>> scripts) throws Exception {
        Path folder = Files.createTempDirectory("stacksolo-model");
        try {
            check(folder.resolve("registry.db").toString(), scripts);
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Property(tries = 10)
    void concurrentCallsOnPostgresMatchTheModel(@ForAll("scripts") List<List<Action>> scripts) throws Exception {
        if (PostgresScratch.skipReason().isPresent()) {
            return; // said once by skipReason; the SQLite property still runs
        }
        try (PostgresScratch scratch = PostgresScratch.create()) {
            check(scratch.url(), scripts);
        }
    }

    private static void check(String location, List<List<Action>> scripts) throws Exception {
        try (Registry registry = Registry.open(location, THREADS)) {
            RegistryProject shared = registry.service().registerProject(CreateProjectInput.builder()
                    .name("shared").gcpProjectId("g").region("us-central1").build());
            registry.service().upsertResources(shared.id(), SHARED.stream().map(n -> resource(n, 0)).toList());
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<ThreadModel>> running = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    running.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return run(registry, shared.id(), thread, scripts.get(thread));
                    }));
                }
                List<ThreadModel> models = new ArrayList<>();
                for (Future<ThreadModel> future : running) {
                    models.add(future.get(2, TimeUnit.MINUTES));
                }
                compare(registry, models);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static CreateResourceInput resource(String name, int version) {
        return CreateResourceInput.builder().type(ResourceType.CONTAINER).name(name).network("main")
                .resourceType("gcp-cdktf:cloud_run").config(Map.of("version", version)).build();
    }

    private static String projectName(int thread, int project) {
        return "t" + thread + "-p" + project;
    }

    /** Runs one thread's script, checking each answer against its model; returns the model. */
    private static ThreadModel run(Registry registry, String sharedId, int thread, List<Action> script) {
        ThreadModel model = new ThreadModel();
        for (Action action : script) {
            String name = action instanceof OwnAction own ? projectName(thread, own.project()) : "shared";
            ModelProject expected = model.projects.get(name);
            Optional<RegistryProject> actual = registry.service().findProjectByName(name);
            assertThat(actual.isPresent()).as("%s exists (%s)", name, action).isEqualTo(expected != null || name.equals("shared"));
            if (action instanceof Register) {
                CreateProjectInput input = CreateProjectInput.builder().name(name).gcpProjectId("g-" + name)
                        .region("us-central1").build();
                if (expected != null) {
                    assertThatThrownBy(() -> registry.service().registerProject(input))
                            .isInstanceOf(DuplicateProjectException.class);
                } else {
                    assertThat(registry.service().registerProject(input).status()).isEqualTo(ProjectStatus.PENDING);
                    model.projects.put(name, new ModelProject());
                }
            } else if (action instanceof Unregister a) {
                assertThat(registry.service().unregisterProjectByName(name)).isEqualTo(expected != null);
                model.projects.remove(name);
            } else if (action instanceof Upsert a) {
                if (expected == null) {
                    continue; // nothing to call it on: the project is absent, as checked above
                }
                List<RegistryResource> upserted = registry.service().upsertResources(actual.get().id(),
                        a.names().stream().map(n -> resource(n, a.version())).toList());
                assertThat(upserted).extracting(RegistryResource::name).containsExactlyElementsOf(a.names());
                for (String resource : a.names()) {
                    ModelResource before = expected.resources.get(resource);
                    expected.resources.put(resource, new ModelResource(Map.of("version", a.version()),
                            before == null ? Optional.empty() : before.outputs(),
                            before == null ? ResourceStatus.PENDING : before.status()));
                }
                assertThat(upserted).allSatisfy(r -> assertMatches(r, expected.resources.get(r.name())));
            } else if (action instanceof Merge a) {
                if (expected == null || !expected.resources.containsKey(a.name())) {
                    continue;
                }
                String id = resourceId(registry, actual.get(), a.name());
                Map<String, Object> merged = new LinkedHashMap<>(expected.resources.get(a.name()).outputs().orElse(Map.of()));
                merged.put(a.key(), a.value());
                assertThat(registry.service().mergeResourceOutputs(id, Map.of(a.key(), a.value()))).isEqualTo(merged);
                expected.resources.put(a.name(), new ModelResource(expected.resources.get(a.name()).config(),
                        Optional.of(merged), ResourceStatus.READY));
            } else if (action instanceof Replace a) {
                if (expected == null || !expected.resources.containsKey(a.name())) {
                    continue;
                }
                registry.service().updateResourceOutputs(resourceId(registry, actual.get(), a.name()),
                        Map.of(a.key(), a.value()));
                expected.resources.put(a.name(), new ModelResource(expected.resources.get(a.name()).config(),
                        Optional.of(Map.of(a.key(), a.value())), ResourceStatus.READY));
            } else if (action instanceof Deploy a) {
                if (expected == null) {
                    continue; // nothing to call it on: the project is absent, as checked above
                }
                DeployResult.Builder result = a.succeeded() ? DeployResult.succeeded(actual.get().id())
                        : DeployResult.failed(actual.get().id(), "boom");
                boolean withOutputs = expected.resources.containsKey(a.name());
                if (withOutputs) {
                    result.outputs(resourceId(registry, actual.get(), a.name()), Map.of("url", a.value()));
                }
                RegistryDeployment recorded = registry.service().recordDeployResult(result.build());
                DeploymentStatus status = a.succeeded() ? DeploymentStatus.SUCCEEDED : DeploymentStatus.FAILED;
                assertThat(recorded.status()).isEqualTo(status);
                expected.deployments.add(status);
                expected.status = a.succeeded() ? ProjectStatus.DEPLOYED : ProjectStatus.FAILED;
                if (withOutputs) {
                    expected.resources.put(a.name(), new ModelResource(expected.resources.get(a.name()).config(),
                            Optional.of(Map.of("url", a.value())), ResourceStatus.READY));
                }
            } else if (action instanceof MergeShared a) {
                String key = "t" + thread + "k" + a.key();
                String id = registry.service().findResourceByRef(sharedId, a.name(), "main").orElseThrow().id();
                Map<String, Object> now = registry.service().mergeResourceOutputs(id, Map.of(key, a.value()));
                // the others' keys come and go as they write; this thread's are exactly its own
                assertThat(now).containsEntry(key, a.value());
                model.sharedOutputs.computeIfAbsent(a.name(), n -> new TreeMap<>()).put(key, a.value());
                model.sharedOutputs.get(a.name()).forEach((k, v) -> assertThat(now).containsEntry(k, v));
            } else if (action instanceof UpsertShared a) {
                String resource = "t" + thread + "-x" + a.number();
                registry.service().upsertResources(sharedId, List.of(resource(resource, a.number())));
                model.sharedResources.add(resource);
            }
    }
        return model;
    }

    private static String resourceId(Registry registry, RegistryProject project, String name) {
        return registry.service().findResourceByRef(project.id(), name, "main").orElseThrow().id();
    }

    private static void assertMatches(RegistryResource actual, ModelResource expected) {
        assertThat(actual.config()).as("config of %s", actual.name()).isEqualTo(expected.config());
        assertThat(actual.outputs()).as("outputs of %s", actual.name()).isEqualTo(expected.outputs());
        assertThat(actual.status()).as("status of %s", actual.name()).isEqualTo(expected.status());
    }

    /** The whole registry against the union of the threads' models. */
    private static void compare(Registry registry, List<ThreadModel> models) {
        Map<String, ModelProject> projects = new TreeMap<>();
        models.forEach(m -> projects.putAll(m.projects));
        List<String> names = new ArrayList<>(projects.keySet());
        names.add("shared");
        assertThat(registry.service().listProjects()).extracting(RegistryProject::name)
                .containsExactlyInAnyOrderElementsOf(names);
        Map<String, Integer> counts = new HashMap<>();
        for (ProjectSummary summary : registry.service().listProjectSummaries()) {
            counts.put(summary.project().name(), summary.resourceCount());
        }
        projects.forEach((name, expected) -> {
            RegistryProject project = registry.service().findProjectByName(name).orElseThrow();
            assertThat(project.status()).as("status of %s", name).isEqualTo(expected.status);
            List<RegistryResource> resources = registry.service().findResourcesByProject(project.id());
            assertThat(resources).extracting(RegistryResource::name).as("resources of %s", name)
                    .containsExactlyInAnyOrderElementsOf(expected.resources.keySet());
            resources.forEach(r -> assertMatches(r, expected.resources.get(r.name())));
            assertThat(counts).containsEntry(name, expected.resources.size());
            List<DeploymentStatus> deployed = new ArrayList<>(registry.service().findDeploymentsByProject(project.id())
                    .stream().map(RegistryDeployment::status).toList());
            java.util.Collections.reverse(deployed); // newest first
            assertThat(deployed).as("deployments of %s", name).isEqualTo(expected.deployments);
        });
        RegistryProject shared = registry.service().findProjectByName("shared").orElseThrow();
        List<String> sharedNames = new ArrayList<>(SHARED);
        models.forEach(m -> sharedNames.addAll(m.sharedResources));
        List<RegistryResource> sharedResources = registry.service().findResourcesByProject(shared.id());
        assertThat(sharedResources).extracting(RegistryResource::name).containsExactlyInAnyOrderElementsOf(sharedNames);
        assertThat(counts).containsEntry("shared", sharedNames.size());
        for (String name : SHARED) {
            Map<String, Object> union = new TreeMap<>();
            models.forEach(m -> union.putAll(m.sharedOutputs.getOrDefault(name, Map.of())));
            RegistryResource resource = sharedResources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
            assertThat(resource.outputs().orElse(Map.of())).as("outputs of shared/%s: every thread's merges", name)
                    .isEqualTo(union);
        }
    }
}
