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
    FAILED("failed"),
    /** Stopped on purpose before it finished (a value of this project's; final like the two above). */
    CANCELLED("cancelled");

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

    /** Whether the deployment is over: succeeded, failed or cancelled. A finished deployment never changes. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /**
     * Whether a deployment in this status may move to {@code next}: forward only, along
     * pending → running → succeeded | failed | cancelled (a pending one may finish at once, as a
     * deploy recorded after the fact does); staying pending or running is allowed, a final status
     * never changes.
     */
    public boolean canMoveTo(DeploymentStatus next) {
        if (isFinal()) {
            return false;
        }
        return next.ordinal() >= ordinal();
    }

    @Override
    public String toString() {
        return value;
    }
}
