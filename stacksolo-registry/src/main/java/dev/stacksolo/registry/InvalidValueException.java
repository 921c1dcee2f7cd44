package dev.stacksolo.registry;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A status, action or type string that is not one of the format's values. */
public final class InvalidValueException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String value;

    private InvalidValueException(String message, String value) {
        super(message);
        this.value = value;
    }

    /**
     * Creates the exception for {@code value}, listing the allowed values.
     *
     * @param kind what the value is (such as {@code ProjectStatus})
     * @param value the rejected string
     * @param allowed the allowed constants (their {@code toString} is the stored string)
     */
    public static InvalidValueException of(String kind, String value, Object[] allowed) {
        String choices = Arrays.stream(allowed).map(Object::toString).collect(Collectors.joining(", "));
        return new InvalidValueException(
                "'" + value + "' is not a valid " + kind + "; expected one of: " + choices, value);
    }

    /** The rejected string. */
    public String value() {
        return value;
    }
}
