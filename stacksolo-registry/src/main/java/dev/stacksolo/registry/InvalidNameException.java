package dev.stacksolo.registry;

/** A project, network or resource name that references could not express. Nothing was written. */
public final class InvalidNameException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String name;

    /** Creates the exception for {@code name} with the message that says what is allowed. */
    public InvalidNameException(String name, String message) {
        super(message);
        this.name = String.valueOf(name);
    }

    /** The rejected name. */
    public String name() {
        return name;
    }
}
