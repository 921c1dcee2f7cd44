package dev.stacksolo.registry;

import java.util.List;

/**
 * An import or migration would overwrite rows that differ from the ones being brought in. Nothing
 * was written.
 */
public final class ImportConflictException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final List<String> conflicts;

    /** Creates the exception listing the conflicting rows as {@code table id}. */
    public ImportConflictException(List<String> conflicts) {
        super(conflicts.size() + " row(s) already exist with different values (" + String.join(", ",
                conflicts.subList(0, Math.min(5, conflicts.size()))) + (conflicts.size() > 5 ? ", …" : "")
                + "); nothing was written. Import into an empty registry, or pass --overwrite to replace them");
        this.conflicts = List.copyOf(conflicts);
    }

    /** The conflicting rows, as {@code table id}. */
    public List<String> conflicts() {
        return conflicts;
    }
}
