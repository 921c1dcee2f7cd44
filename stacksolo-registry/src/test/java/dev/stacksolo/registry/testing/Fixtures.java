package dev.stacksolo.registry.testing;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.util.Map;

/** Small builders for the projects and resources tests start from. */
public final class Fixtures {

    private Fixtures() {}

    /** Registers a project named {@code name} (GCP project {@code name-gcp}, region us-central1). */
    public static RegistryProject project(Registry registry, String name) {
        return registry.service().registerProject(CreateProjectInput.builder()
                .name(name).gcpProjectId(name + "-gcp").region("us-central1").build());
    }

    /** A resource input of {@code type} named {@code name}, in {@code network} (null: project-level). */
    public static CreateResourceInput.Builder resource(ResourceType type, String name, String network) {
        CreateResourceInput.Builder builder = CreateResourceInput.builder()
                .type(type).name(name).resourceType("gcp-cdktf:" + type.value()).config(Map.of("name", name));
        if (network != null) {
            builder.network(network);
        }
        return builder;
    }

    /** Creates a resource of the project with these outputs (none when {@code outputs} is null). */
    public static RegistryResource deployed(Registry registry, RegistryProject project, ResourceType type,
            String name, String network, Map<String, ?> outputs) {
        RegistryResource resource = registry.service().createResource(
                resource(type, name, network).projectId(project.id()).build());
        if (outputs != null) {
            registry.service().updateResourceOutputs(resource.id(), outputs);
        }
        return registry.service().findResourceById(resource.id()).orElseThrow();
    }
}
