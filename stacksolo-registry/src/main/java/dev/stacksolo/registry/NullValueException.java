package dev.stacksolo.registry;

/**
 * The referenced output is recorded, as JSON {@code null}: there is no value to print or to put in
 * an environment variable (as {@code terraform output -raw} refuses a null output). Record a value
 * with {@code stacksolo outputs set}, or remove the property.
 */
public final class NullValueException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String property;

    /** Creates the exception for the reference as written and the property that holds null. */
    public NullValueException(String reference, String resource, String property) {
        super("property '" + property + "' of resource '" + resource + "' is recorded as null (" + reference
                + "): there is no value to use; record one with `stacksolo outputs set`");
        this.property = property;
    }

    /** The property whose value is null. */
    public String property() {
        return property;
    }
}
