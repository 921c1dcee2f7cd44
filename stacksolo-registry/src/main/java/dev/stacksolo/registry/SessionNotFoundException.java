package dev.stacksolo.registry;

/** No event-log session has that id. */
public final class SessionNotFoundException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for the id looked up. */
    public SessionNotFoundException(String sessionId) {
        super("no session has id '" + sessionId + "'; run `stacksolo events list` to see the sessions");
    }
}
