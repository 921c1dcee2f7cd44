package dev.stacksolo.registry.types;

import java.util.Objects;

/**
 * A reference with the value it resolved to and the resource that holds it.
 *
 * @param reference the parsed reference
 * @param property the output property read (the named one, or the type's default)
 * @param value the JSON value (String, Number, Boolean, List or Map; never null)
 * @param text the value as text: strings as they are, anything else as compact JSON
 * @param resource the resource the value came from
 */
public record ResolvedReference(
        Reference reference, String property, Object value, String text, RegistryResource resource) {

    /** Checks that no component is null. */
    public ResolvedReference {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(resource, "resource");
    }
}
