package dev.stacksolo.registry.types;

import dev.stacksolo.registry.InvalidValueException;

/**
 * A closed set of values stored as lowercase strings (statuses, actions, logical types).
 *
 * <p>Implemented by the registry's enums; {@link #parse(Class, String)} is the one place that turns a
 * stored string back into a constant, so that every enum rejects unknown strings the same way.
 */
public interface StoredValue {

    /** The lowercase string stored in the registry and printed in JSON. */
    String value();

    /**
     * Returns the constant of {@code type} whose {@link #value()} is {@code value}.
     *
     * @throws InvalidValueException when no constant is stored as {@code value}; the message lists
     *     the allowed strings
     */
    static <E extends Enum<E> & StoredValue> E parse(Class<E> type, String value) {
        E[] constants = type.getEnumConstants();
        for (E candidate : constants) {
            if (candidate.value().equals(value)) {
                return candidate;
            }
        }
        throw InvalidValueException.of(type.getSimpleName(), value, constants);
    }
}
