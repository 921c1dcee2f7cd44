package dev.stacksolo.registry.types;

/**
 * The status of a registered project.
 *
 * <p>Stored and printed as the lowercase {@link #value()} the TypeScript registry writes.
 */
public enum ProjectStatus implements StoredValue {
    PENDING("pending"),
    DEPLOYING("deploying"),
    DEPLOYED("deployed"),
    FAILED("failed"),
    DESTROYED("destroyed");

    private final String value;

    ProjectStatus(String value) {
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
    public static ProjectStatus fromValue(String value) {
        return StoredValue.parse(ProjectStatus.class, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
