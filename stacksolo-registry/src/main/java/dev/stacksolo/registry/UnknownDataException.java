package dev.stacksolo.registry;

import java.util.List;

/**
 * The registry holds columns or tables this build does not know (another tool's, or a newer
 * version's). An export, import or migration would leave them out, so it is refused, naming them,
 * rather than reporting a verified copy of less than there is. Nothing was written.
 */
public final class UnknownDataException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final List<String> unknown;

    /**
     * Creates the exception.
     *
     * @param location the registry, for the message
     * @param unknown each unknown column ({@code column resources.cost_center}) and table ({@code table audit_trail})
     */
    public UnknownDataException(String location, List<String> unknown) {
        super("the registry " + location + " holds data this stacksolo does not know: " + String.join(", ", unknown)
                + ". Copying it would leave that out, so nothing was copied. Export or migrate it with the tool"
                + " that added them, or drop them there if nothing needs them");
        this.unknown = List.copyOf(unknown);
    }

    /** The unknown columns and tables, as named in the message. */
    public List<String> unknown() {
        return unknown;
    }
}
