package dev.stacksolo.registry.types;

/**
 * What a deployment did to the project's resources.
 *
 * <p>Stored and printed as the lowercase {@link #value()} the TypeScript registry writes.
 */
public enum DeploymentAction implements StoredValue {
    DEPLOY("deploy"),
    DESTROY("destroy"),
    PREVIEW("preview");

    private final String value;

    DeploymentAction(String value) {
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
    public static DeploymentAction fromValue(String value) {
        return StoredValue.parse(DeploymentAction.class, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
