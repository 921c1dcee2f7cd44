package dev.stacksolo.registry;

/**
 * The project already has a resource of that name in that network: (project, network, name) is
 * what a reference names, so a second one could not be reached. Nothing was written.
 */
public final class DuplicateResourceException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String reference;
    private final String existingId;

    /**
     * Creates the exception.
     *
     * @param reference the reference both would answer to, such as {@code @shared-infra/main/users-db}
     * @param existingType the logical type of the resource already there
     * @param existingId its id
     */
    public DuplicateResourceException(String reference, String existingType, String existingId) {
        super(reference + " exists already (a " + existingType + ", id " + existingId + "); a second resource"
                + " of that name in that network could not be referenced. Update that one, or choose another name"
                + " or network");
        this.reference = reference;
        this.existingId = existingId;
    }

    /** The reference both would answer to. */
    public String reference() {
        return reference;
    }

    /** The id of the resource already there. */
    public String existingId() {
        return existingId;
    }
}
