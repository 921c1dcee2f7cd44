package dev.stacksolo.registry.concurrency;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.service.LockedDeployment;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * A writer process for the concurrency tests: registers project {@code writer-<n>} and makes
 * {@code count} writes to it, cycling through an upsert of a new resource, an outputs update and
 * a locked deployment (start, outputs on its behalf, succeed). Prints {@code done <n>}; any failure exits 1
 * with the failure on stderr.
 *
 * <p>Usage: {@code ConcurrentWriter <registry location> <n> <count>}.
 */
public final class ConcurrentWriter {

    private ConcurrentWriter() {}

    public static void main(String[] args) {
        String location = args[0];
        int writer = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        try (Registry registry = Registry.open(location)) {
            RegistryProject project = registry.service().registerProject(CreateProjectInput.builder()
                    .name("writer-" + writer).gcpProjectId("gcp").region("us-central1").build());
            RegistryResource last = null;
            for (int i = 0; i < count; i++) {
                switch (i % 3) {
                    case 0 -> last = registry.service().upsertResources(project.id(), List.of(
                            CreateResourceInput.builder().type(ResourceType.CONTAINER).name("res-" + i)
                                    .network("main").resourceType("gcp:cloud_run").config(Map.of("i", i)).build()))
                            .get(0);
                    case 1 -> registry.service().updateResourceOutputs(last.id(), Map.of("url", "https://" + i));
                    default -> {
                        // a locked deploy: take the project's lock, write on its behalf, finish
                        LockedDeployment deployment = registry.deployments().start(
                                CreateDeploymentInput.builder().projectId(project.id()).build());
                        deployment.updateResourceOutputs(last.id(), Map.of("url", "https://" + i, "deploy", i));
                        deployment.succeed();
                    }
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("done " + writer);
    }
}
