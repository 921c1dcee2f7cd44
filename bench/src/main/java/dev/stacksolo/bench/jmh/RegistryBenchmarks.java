package dev.stacksolo.bench.jmh;

import dev.stacksolo.bench.Workload;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.service.RegistryService;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.DeployResult;
import dev.stacksolo.registry.types.ProjectSummary;
import dev.stacksolo.registry.types.Reference;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The registry's hot paths, on a SQLite registry in a temporary folder (WAL,
 * {@code synchronous=FULL}, as shipped): parse a reference, resolve one, resolve a config holding
 * 100 references, upsert 50 resources (one durable transaction), list 1,000 projects.
 *
 * <p>Run with {@code bench/jmh} (arguments go to JMH, such as a benchmark name pattern).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RegistryBenchmarks {

    private static final ResourceType[] TYPES = {
        ResourceType.CONTAINER, ResourceType.FUNCTION, ResourceType.DATABASE, ResourceType.CACHE, ResourceType.BUCKET
    };

    /** A registry of W(P, 50) after its deploy: P projects of 50 resources with outputs. */
    @State(Scope.Benchmark)
    public static class Deployed {
        /** Projects in the registry. */
        int projects = 100;
        Path folder;
        Registry registry;
        List<String> references;
        Map<String, Object> config;
        int next;

        @Setup(Level.Trial)
        public void fill() throws IOException {
            folder = Files.createTempDirectory("stacksolo-jmh");
            registry = Registry.open(folder.resolve("registry.db"));
            deploy(registry.service(), projects, 50);
            references = new ArrayList<>();
            for (long i = 0; i < 20_000; i++) {
                long p = (i * 7919) % projects;
                long r = (i * 104729) % 50;
                references.add(i % 2 == 1 ? "@proj-" + p + "/main/res-" + r + ".url" : "@proj-" + p + "/res-" + r);
            }
            config = new LinkedHashMap<>();
            for (int i = 0; i < 100; i++) {
                config.put("service-" + i, Map.of("env", Map.of("DATABASE_URL", references.get(i)), "memory", "512Mi"));
            }
        }

        String nextReference() {
            String reference = references.get(next);
            next = next + 1 == references.size() ? 0 : next + 1;
            return reference;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            registry.close();
            delete(folder);
        }
    }

    /** A registry of 1,000 projects of 5 resources each, for listing. */
    @State(Scope.Benchmark)
    public static class Thousand {
        Path folder;
        Registry registry;

        @Setup(Level.Trial)
        public void fill() throws IOException {
            folder = Files.createTempDirectory("stacksolo-jmh");
            registry = Registry.open(folder.resolve("registry.db"));
            deploy(registry.service(), 1_000, 5);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            registry.close();
            delete(folder);
        }
    }

    /** An empty registry into which each invocation upserts 50 resources of a new project. */
    @State(Scope.Benchmark)
    public static class Upserts {
        Path folder;
        Registry registry;
        List<CreateResourceInput> resources;
        int project;

        @Setup(Level.Trial)
        public void open() throws IOException {
            folder = Files.createTempDirectory("stacksolo-jmh");
            registry = Registry.open(folder.resolve("registry.db"));
            resources = resources(50);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            registry.close();
            delete(folder);
        }
    }

    @Benchmark
    public Reference parseReference() {
        return Reference.parse("@shared-infra/main/users-db.connectionString");
    }

    @Benchmark
    public String resolveOne(Deployed state) {
        return state.registry.references().resolve(state.nextReference());
    }

    @Benchmark
    public Map<String, Object> resolveAllOf100(Deployed state) {
        return state.registry.references().resolveAll(state.config);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<RegistryResource> upsert50Resources(Upserts state) {
        RegistryService service = state.registry.service();
        RegistryProject project = service.registerProject(CreateProjectInput.builder()
                .name("jmh-" + state.project++).gcpProjectId("gcp").region("us-central1").build());
        return service.upsertResources(project.id(), state.resources);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<ProjectSummary> list1000Projects(Thousand state) {
        return state.registry.service().listProjectSummaries();
    }

    static List<CreateResourceInput> resources(int count) {
        List<CreateResourceInput> inputs = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            inputs.add(CreateResourceInput.builder().type(TYPES[r % 5]).name("res-" + r).network("main")
                    .resourceType("gcp-cdktf:cloud_run").config(Map.of("memory", "512Mi", "idx", r)).build());
        }
        return inputs;
    }

    /** Registers, upserts and deploys (one transaction per project) as the workload's phases 1, 2 and 4. */
    static void deploy(RegistryService service, int projects, int resourcesPerProject) {
        List<CreateResourceInput> inputs = resources(resourcesPerProject);
        for (int p = 0; p < projects; p++) {
            RegistryProject project = service.registerProject(CreateProjectInput.builder().name("proj-" + p)
                    .gcpProjectId("gcp-" + (p % 7)).region("us-central1").build());
            DeployResult.Builder result = DeployResult.succeeded(project.id())
                    .configSnapshot(Map.of("project", Map.of("name", "proj-" + p)));
            for (RegistryResource resource : service.upsertResources(project.id(), inputs)) {
                result.outputs(resource.id(), Workload.outputsOf(p, resource.name()));
            }
            service.recordDeployResult(result.build());
        }
    }

    static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
