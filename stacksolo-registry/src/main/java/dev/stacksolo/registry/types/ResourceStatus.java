package dev.stacksolo.registry.types;

/**
 * The status of one resource of a project.
 *
 * <p>Stored and printed as the lowercase {@link #value()} the TypeScript registry writes.
 */
public enum ResourceStatus implements StoredValue {
    PENDING("pending"),
    CREATING("creating"),
    READY("ready"),
    FAILED("failed"),
    DESTROYED("destroyed");

    private final String value;

    ResourceStatus(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /**
     * Returns the constant stored as {@code value}.
     *
     * @throws dev.stacksolo.registry.InvalidValueException when {@code value} is not one of the
     *     format's strings
     */
    public static ResourceStatus fromValue(String value) {
        return StoredValue.parse(ResourceStatus.class, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
