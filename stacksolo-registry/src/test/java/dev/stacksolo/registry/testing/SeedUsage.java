package dev.stacksolo.registry.testing;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceStatus;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.UpdateResourceInput;
import java.util.Map;

/**
 * The seed document's "Usage" section in Java, run as its own process so that {@code getRegistry()}
 * and {@code resolveReference} find the registry the way a deploy tool's would: from the environment.
 * Prints what it resolved.
 */
public final class SeedUsage {

    private SeedUsage() {}

    /** Registers {@code other-project} with a deployed {@code api}, then resolves a reference to it. */
    public static void main(String[] args) {
        Registry registry = Registry.getRegistry();
        registry.service().registerProject(CreateProjectInput.builder()
                .name("other-project").gcpProjectId("my-gcp-project").region("us-central1")
                .configPath("/path/to/.stacksolo/stacksolo.config.json").build());
        RegistryProject project = registry.service().findProjectByName("other-project").orElseThrow();
        RegistryResource api = registry.service().registerResource(CreateResourceInput.builder()
                .projectId(project.id()).type(ResourceType.FUNCTION).name("api").network("main")
                .resourceType("gcp-cdktf:cloud_function").config(Map.of("runtime", "nodejs20")).build());
        registry.service().updateResource(api.id(), UpdateResourceInput.builder()
                .status(ResourceStatus.READY).outputs(Map.of("url", "https://api.example.com")).build());

        System.out.println("url=" + Registry.resolveReference("@other-project/main/api.url"));
        System.out.println("location=" + registry.location());
    }
}
