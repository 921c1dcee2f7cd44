package dev.stacksolo.registry;

import java.util.List;

/**
 * A reference without a network names a resource that exists in several networks (or several
 * resources of one name in one network); the registry will not pick one arbitrarily.
 */
public final class AmbiguousReferenceException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final List<String> candidates;

    /**
     * Creates the exception.
     *
     * @param reference the reference as written
     * @param candidates how each match is told apart (network names, or type names within a network)
     * @param hint what to write instead
     */
    public AmbiguousReferenceException(String reference, List<String> candidates, String hint) {
        super("reference '" + reference + "' is ambiguous: it matches " + String.join(" and ", candidates)
                + "; " + hint);
        this.candidates = List.copyOf(candidates);
    }

    /** How the matches are told apart. */
    public List<String> candidates() {
        return candidates;
    }
}
