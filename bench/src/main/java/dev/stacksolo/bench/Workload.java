package dev.stacksolo.bench;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.service.ReferenceService;
import dev.stacksolo.registry.service.RegistryService;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.DeployResult;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.ProjectSummary;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark workload W(P, R, L) of {@code ../shared/docs/benchmark.md}, through the public
 * library API. Prints {@code phase=<name> ms=<wall ms> ops=<count>} per phase and the check line.
 *
 * <p>Usage: {@code Workload P R L}. The registry is a fresh file in a temporary folder unless
 * {@code STACKSOLO_REGISTRY_PATH} names one (it must not exist yet), or, when
 * {@code STACKSOLO_REGISTRY_URL} names a PostgreSQL database, a fresh schema in it (dropped at the
 * end). Phase 4 (outputs-batch) runs on a second fresh registry beside the first.
 * {@code STACKSOLO_BENCH_ROUNDS=N} repeats the run in the same JVM (see {@link #rounds()}).
 */
public final class Workload {

    private static final ResourceType[] TYPES = {
        ResourceType.CONTAINER, ResourceType.FUNCTION, ResourceType.DATABASE, ResourceType.CACHE, ResourceType.BUCKET
    };

    private Workload() {}

    /** Runs the workload; arguments P R L. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: workload P R L   (projects, resources per project, look-ups)");
            System.exit(2);
        }
        int projects = Integer.parseInt(args[0]);
        int resourcesPerProject = Integer.parseInt(args[1]);
        int lookups = Integer.parseInt(args[2]);
        int rounds = rounds();
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1) {
                System.out.println("round=" + round);
            }
            try (Locations locations = Locations.fresh()) {
                run(locations, projects, resourcesPerProject, lookups);
            } catch (IllegalStateException e) {
                System.err.println("workload: " + e.getMessage());
                System.exit(1);
            }
        }
    }

    /**
     * STACKSOLO_BENCH_ROUNDS=N runs the whole workload N times in this JVM, each round on fresh
     * registries: the later rounds show the library once the JIT has compiled it (a long-lived
     * deploy service), the first what a fresh process pays.
     */
    private static int rounds() {
        String value = System.getenv("STACKSOLO_BENCH_ROUNDS");
        if (value == null || value.isBlank()) {
            return 1;
        }
        int rounds;
        try {
            rounds = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            rounds = 0;
        }
        String path = System.getenv(Registry.PATH_VARIABLE);
        if (rounds < 1 || (rounds > 1 && path != null && !path.isBlank())) {
            System.err.println("workload: STACKSOLO_BENCH_ROUNDS must be at least 1, and more than one round"
                    + " needs fresh temporary registries (unset " + Registry.PATH_VARIABLE + ")");
            System.exit(2);
        }
        return rounds;
    }

    private static void run(Locations locations, int projects, int resourcesPerProject, int lookups) {
        long resourcesCounted;
        long sink;
        try (Registry registry = locations.open(0)) {
            List<RegistryProject> registered = Phases.timed("register", projects, () -> register(registry.service(), projects));
            Phases.timed("upsert", projects * resourcesPerProject, () -> {
                upsert(registry.service(), registered, resourcesPerProject);
                return null;
            });
            Phases.timed("outputs", projects * (resourcesPerProject + 3), () -> {
                outputs(registry.service(), registered);
                return null;
            });
            sink = Phases.timed("resolve", lookups, () -> resolve(registry.references(), projects, resourcesPerProject, lookups));
            resourcesCounted = Phases.timed("list", projects, () -> {
                long total = 0;
                for (ProjectSummary summary : registry.service().listProjectSummaries()) {
                    total += summary.resourceCount();
                }
                return total;
            });
        }
        try (Registry batch = locations.open(1)) {
            List<RegistryProject> registered = register(batch.service(), projects);
            upsert(batch.service(), registered, resourcesPerProject);
            Phases.timed("outputs-batch", projects, () -> {
                outputsBatch(batch.service(), registered);
                return null;
            });
        }
        System.out.println("check resources=" + resourcesCounted + " sink=" + sink);
    }

    private static List<RegistryProject> register(RegistryService service, int projects) {
        List<RegistryProject> registered = new ArrayList<>(projects);
        for (int p = 0; p < projects; p++) {
            registered.add(service.registerProject(CreateProjectInput.builder()
                    .name("proj-" + p).gcpProjectId("gcp-" + (p % 7)).region("us-central1")
                    .configPath("/home/dev/p" + p + "/.stacksolo/stacksolo.config.json").build()));
        }
        return registered;
    }

    private static void upsert(RegistryService service, List<RegistryProject> projects, int resourcesPerProject) {
        for (RegistryProject project : projects) {
            List<CreateResourceInput> inputs = new ArrayList<>(resourcesPerProject);
            for (int r = 0; r < resourcesPerProject; r++) {
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("memory", "512Mi");
                config.put("idx", r);
                inputs.add(CreateResourceInput.builder().type(TYPES[r % 5]).name("res-" + r).network("main")
                        .resourceType("gcp-cdktf:cloud_run").config(config).build());
            }
            service.upsertResources(project.id(), inputs);
        }
    }

    /** The outputs the workload records for the resource {@code name} of project number {@code p}. */
    public static Map<String, Object> outputsOf(int p, String name) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("url", "https://" + name + ".p" + p + ".example.run.app");
        outputs.put("connectionString", "postgresql://u:pw@10.0." + (p % 250) + "." + name.length() + "/db");
        outputs.put("host", "10.1." + (p % 250) + ".1");
        outputs.put("name", name);
        outputs.put("selfLink", "sl/" + name);
        outputs.put("secretId", "sec/" + name);
        return outputs;
    }

    /** {@link #outputsOf} as the compact JSON text the registry stores (what the floor writes). */
    static String outputsText(int p, String name) {
        StringBuilder text = new StringBuilder("{");
        outputsOf(p, name).forEach((key, value) -> text.append(text.length() > 1 ? "," : "")
                .append('"').append(key).append("\":\"").append(value).append('"'));
        return text.append('}').toString();
    }

    private static Map<String, Object> snapshot(int p) {
        return Map.of("project", Map.of("name", "proj-" + p));
    }

    private static void outputs(RegistryService service, List<RegistryProject> projects) {
        for (int p = 0; p < projects.size(); p++) {
            RegistryProject project = projects.get(p);
            for (RegistryResource resource : service.findResourcesByProject(project.id())) {
                service.updateResourceOutputs(resource.id(), outputsOf(p, resource.name()));
            }
            RegistryDeployment deployment = service.recordDeployment(CreateDeploymentInput.builder()
                    .projectId(project.id()).action(DeploymentAction.DEPLOY).configSnapshot(snapshot(p)).build());
            service.markDeploymentSucceeded(deployment.id());
            service.markProjectDeployed(project.id());
        }
    }

    private static void outputsBatch(RegistryService service, List<RegistryProject> projects) {
        for (int p = 0; p < projects.size(); p++) {
            RegistryProject project = projects.get(p);
            DeployResult.Builder result = DeployResult.succeeded(project.id()).configSnapshot(snapshot(p));
            for (RegistryResource resource : service.findResourcesByProject(project.id())) {
                result.outputs(resource.id(), outputsOf(p, resource.name()));
            }
            service.recordDeployResult(result.build());
        }
    }

    private static long resolve(ReferenceService references, int projects, int resourcesPerProject, int lookups) {
        long sink = 0;
        for (long i = 0; i < lookups; i++) {
            long p = (i * 7919) % projects;
            long r = (i * 104729) % resourcesPerProject;
            String reference = i % 2 == 1
                    ? "@proj-" + p + "/main/res-" + r + ".url"
                    : "@proj-" + p + "/res-" + r;
            sink += references.resolve(reference).length();
        }
        return sink;
    }
}
