package dev.stacksolo.cli;

import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resources a project config declares: one per element of its resource arrays, in its network
 * (none for the project-level arrays), with the provider type of its section and the element
 * itself as its config.
 */
final class ConfigResources {

    /** A section of the config, the provider type it deploys as, and whether it sits in a network. */
    private record Section(String key, String kind, boolean inNetwork) {}

    private static final List<Section> SECTIONS = List.of(
            new Section("buckets", "storage_bucket", false),
            new Section("topics", "pubsub_topic", false),
            new Section("queues", "cloud_tasks", false),
            new Section("secrets", "secret_manager", false),
            new Section("crons", "scheduler_job", false),
            new Section("containers", "cloud_run", true),
            new Section("functions", "cloud_function", true),
            new Section("databases", "cloud_sql", true),
            new Section("caches", "memorystore", true),
            new Section("uis", "storage_bucket", true), // a web UI is served from a storage bucket
            new Section("subnets", "vpc_subnet", true),
            new Section("firewallRules", "firewall", true),
            new Section("storageBuckets", "storage_bucket", true));

    private ConfigResources() {}

    /**
     * The provider-type prefix for the project's backend: {@code gcp-cdktf:} for the CDKTF backend
     * (StackSolo's default, also when {@code backend} is absent), {@code gcp:} for any other.
     */
    static String providerPrefix(Map<String, Object> project) {
        Object backend = project.get("backend");
        return backend == null || "cdktf".equals(backend) ? "gcp-cdktf:" : "gcp:";
    }

    /**
     * Every declared resource, project-level arrays first, then each network's.
     *
     * @throws CliException when an element is not an object or has no name, or when two resources
     *     of one type share a name in one network (the registry keeps one of each: a sync would
     *     record the second over the first and never settle)
     * @throws dev.stacksolo.registry.InvalidNameException when a name breaks the naming rules
     */
    static List<CreateResourceInput> declared(ProjectConfig config) {
        Map<String, Object> project = config.project();
        String prefix = providerPrefix(project);
        List<CreateResourceInput> resources = new ArrayList<>();
        Map<String, String> declaredAt = new java.util.HashMap<>(); // type, network and name -> the config path
        for (Section section : SECTIONS) {
            if (!section.inNetwork()) {
                addSection(resources, declaredAt, project, section, prefix, null, "project");
            }
        }
        Object networks = project.get("networks");
        if (networks instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String where = "project.networks[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> network) || !(network.get("name") instanceof String name)) {
                    throw new CliException(config.file() + ": " + where + " needs a \"name\"");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> networkObject = (Map<String, Object>) network;
                for (Section section : SECTIONS) {
                    if (section.inNetwork()) {
                        addSection(resources, declaredAt, networkObject, section, prefix, name, where);
                    }
                }
            }
        }
        return resources;
    }

    private static void addSection(List<CreateResourceInput> resources, Map<String, String> declaredAt,
            Map<String, Object> parent, Section section, String prefix, String network, String where) {
        if (!(parent.get(section.key()) instanceof List<?> elements)) {
            return;
        }
        String providerType = prefix + section.kind();
        for (int i = 0; i < elements.size(); i++) {
            String path = where + "." + section.key() + "[" + i + "]";
            if (!(elements.get(i) instanceof Map<?, ?> element) || !(element.get("name") instanceof String name)) {
                throw new CliException("the config's " + path + " needs a \"name\"");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> elementConfig = (Map<String, Object>) element;
            ResourceType type = ResourceType.fromProviderType(providerType);
            String first = declaredAt.putIfAbsent(type.value() + "\n" + network + "\n" + name, path);
            if (first != null) {
                throw new CliException("the config declares two " + type.value() + " resources named '" + name + "'"
                        + (network == null ? " outside the networks" : " in network " + network) + " (" + first + " and "
                        + path + "); the registry keeps one " + type.value() + " of a name in a network: rename one");
            }
            resources.add(CreateResourceInput.builder().type(type).name(name)
                    .network(network).resourceType(providerType).config(elementConfig).build());
        }
    }
}
