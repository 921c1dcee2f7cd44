package dev.stacksolo.registry;

import java.util.List;

/** The resource is deployed but its outputs have no such property. */
public final class PropertyNotFoundException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final List<String> available;

    /** Creates the exception, listing the properties the outputs do have. */
    public PropertyNotFoundException(String reference, String resource, String property,
            List<String> available) {
        super("property '" + property + "' not found on resource '" + resource + "' (" + reference
                + "); available properties: " + (available.isEmpty() ? "(none)" : String.join(", ", available)));
        this.property = property;
        this.available = List.copyOf(available);
    }

    /** The property asked for. */
    public String property() {
        return property;
    }

    /** The properties the resource's outputs have, in their stored order. */
    public List<String> available() {
        return available;
    }
}
