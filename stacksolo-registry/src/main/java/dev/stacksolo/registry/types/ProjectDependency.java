package dev.stacksolo.registry.types;

import java.util.Objects;
import java.util.Optional;

/**
 * One edge of the graph between projects: project {@code from} reads {@code resource} (and
 * {@code property}) of project {@code to}, through the reference at {@code path} of its config.
 *
 * <p>Immutable and thread-safe.
 *
 * @param from the project whose config holds the reference
 * @param to the project it reads from (by name; it may not be registered)
 * @param network the network of the resource, when the reference names one
 * @param resource the resource it reads
 * @param property the property it reads; empty for the type's default
 * @param reference the reference as written
 * @param path where in the config it is, such as {@code project.networks[0].containers[0].env.DB_URL}
 */
public record ProjectDependency(String from, String to, Optional<String> network, String resource,
        Optional<String> property, String reference, String path) {

    /** Checks that no component is null. */
    public ProjectDependency {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(path, "path");
    }

    /** {@code [network/]resource[.property]}: what the edge reads, for labels. */
    public String label() {
        return network.map(n -> n + "/").orElse("") + resource + property.map(p -> "." + p).orElse("");
    }
}
