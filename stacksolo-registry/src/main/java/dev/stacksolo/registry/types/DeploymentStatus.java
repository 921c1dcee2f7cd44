package dev.stacksolo.registry.types;

/**
 * The status of a deployment (one deploy, destroy or preview run).
 *
 * <p>Stored and printed as the lowercase {@link #value()} the TypeScript registry writes.
 */
public enum DeploymentStatus implements StoredValue {
    PENDING("pending"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String value;

    DeploymentStatus(String value) {
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
    public static DeploymentStatus fromValue(String value) {
        return StoredValue.parse(DeploymentStatus.class, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
