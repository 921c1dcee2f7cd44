package dev.stacksolo.registry.types;

import java.util.Locale;

/**
 * The logical type of a resource, with the output property a reference reads when it names none.
 *
 * <p>Stored and printed as the lowercase {@link #value()} the TypeScript registry writes.
 */
public enum ResourceType implements StoredValue {
    CONTAINER("container", "url"),
    FUNCTION("function", "url"),
    DATABASE("database", "connectionString"),
    CACHE("cache", "host"),
    BUCKET("bucket", "name"),
    SECRET("secret", "secretId"),
    TOPIC("topic", "name"),
    QUEUE("queue", "name"),
    NETWORK("network", "selfLink"),
    CRON("cron", "name");

    private final String value;
    private final String defaultProperty;

    ResourceType(String value, String defaultProperty) {
        this.value = value;
        this.defaultProperty = defaultProperty;
    }

    @Override
    public String value() {
        return value;
    }

    /** The output property that {@code @project/resource} (no property) resolves to. */
    public String defaultProperty() {
        return defaultProperty;
    }

    /**
     * Returns the constant stored as {@code value}.
     *
     * @throws dev.stacksolo.registry.InvalidValueException when {@code value} is not a logical type
     */
    public static ResourceType fromValue(String value) {
        return StoredValue.parse(ResourceType.class, value);
    }

    /**
     * Maps a provider type such as {@code gcp:cloud_run} or {@code gcp-cdktf:cloud_sql} to its logical
     * type, as StackSolo's deploy step does; unknown provider types map to {@link #CONTAINER}.
     */
    public static ResourceType fromProviderType(String providerType) {
        String kind = providerType.substring(providerType.indexOf(':') + 1).toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "cloud_function" -> FUNCTION;
            case "cloud_sql", "firestore" -> DATABASE;
            case "memorystore" -> CACHE;
            case "storage_bucket", "artifact_registry" -> BUCKET;
            case "secret_manager" -> SECRET;
            case "pubsub_topic" -> TOPIC;
            case "pubsub_subscription", "cloud_tasks" -> QUEUE;
            case "vpc_network", "vpc_subnet", "firewall" -> NETWORK;
            case "scheduler_job" -> CRON;
            default -> CONTAINER; // gcp:cloud_run, gcp:cloud_run_job and anything unknown
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
