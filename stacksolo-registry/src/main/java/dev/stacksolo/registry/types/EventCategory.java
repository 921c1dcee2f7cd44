package dev.stacksolo.registry.types;

/**
 * What part of a deploy an event comes from.
 *
 * <p>Stored and printed as the lowercase {@link #value()} the TypeScript registry writes.
 */
public enum EventCategory implements StoredValue {
    INTERNAL("internal"),
    TERRAFORM("terraform"),
    DOCKER("docker"),
    GCLOUD("gcloud"),
    FILE("file"),
    GCS("gcs");

    private final String value;

    EventCategory(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /**
     * Returns the constant stored as {@code value}.
     *
     * @throws dev.stacksolo.registry.InvalidValueException when {@code value} is not one of the format's strings
     */
    public static EventCategory fromValue(String value) {
        return StoredValue.parse(EventCategory.class, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
