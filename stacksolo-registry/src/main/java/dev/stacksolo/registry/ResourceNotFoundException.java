package dev.stacksolo.registry;

import java.util.Optional;

/** The project exists but has no resource of that name (in that network), or no resource of that id. */
public final class ResourceNotFoundException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String resource;

    /** Creates the exception for a resource looked up by name in a project (and network). */
    public ResourceNotFoundException(String project, Optional<String> network, String resource) {
        super("resource '" + resource + "' not found in project '" + project + "'"
                + network.map(n -> " network '" + n + "'").orElse("")
                + "; run `stacksolo list " + project + "` to see its resources");
        this.resource = resource;
    }

    /** Creates the exception for a resource looked up by id. */
    public ResourceNotFoundException(String resourceId) {
        super("no resource has id '" + resourceId + "'");
        this.resource = resourceId;
    }

    /** The resource name or id that was looked up. */
    public String resource() {
        return resource;
    }
}
