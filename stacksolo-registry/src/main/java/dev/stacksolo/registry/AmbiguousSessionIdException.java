package dev.stacksolo.registry;

import java.util.List;

/** An id prefix that several event-log sessions start with: a longer one picks one of them. */
public final class AmbiguousSessionIdException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final List<String> candidates;

    /** Creates the exception for {@code prefix}, naming (some of) the sessions it matches. */
    public AmbiguousSessionIdException(String prefix, List<String> candidates) {
        super("session id '" + prefix + "' is ambiguous: it starts " + String.join(", ", candidates)
                + "; give more of the id");
        this.candidates = List.copyOf(candidates);
    }

    /** The ids of (up to five of) the sessions the prefix matches. */
    public List<String> candidates() {
        return candidates;
    }
}
