package dev.stacksolo.registry;

import java.util.List;

/**
 * An import or migration would overwrite rows that differ from the ones being brought in, or brings
 * rows that no import may write (even with {@code --overwrite}). Nothing was written. Immutable.
 */
public final class ImportConflictException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final List<String> conflicts;

    /** Creates the exception listing the conflicting rows as {@code table id}, all replaceable with --overwrite. */
    public ImportConflictException(List<String> conflicts) {
        this(conflicts, List.of());
    }

    /**
     * Creates the exception.
     *
     * @param differing rows here that differ from the document's, as {@code table id}: --overwrite
     *     replaces them
     * @param refused rows no import writes, each with why and what to do instead
     */
    public ImportConflictException(List<String> differing, List<String> refused) {
        super(message(differing, refused));
        java.util.List<String> all = new java.util.ArrayList<>(refused);
        all.addAll(differing);
        this.conflicts = List.copyOf(all);
    }

    private static String message(List<String> differing, List<String> refused) {
        StringBuilder text = new StringBuilder();
        if (!refused.isEmpty()) {
            text.append(refused.size()).append(" row(s) cannot be imported, not even with --overwrite: ")
                    .append(String.join("; ", refused.subList(0, Math.min(5, refused.size()))))
                    .append(refused.size() > 5 ? "; …" : "");
        }
        if (!differing.isEmpty()) {
            text.append(text.length() > 0 ? ". Also, " : "").append(differing.size())
                    .append(" row(s) here differ from the document's (").append(String.join(", ",
                            differing.subList(0, Math.min(5, differing.size()))))
                    .append(differing.size() > 5 ? ", …" : "")
                    .append("): --overwrite replaces them with the document's");
        }
        return text.append("; nothing was written").toString();
    }

    /** The conflicting and refused rows, as {@code table id} (refused ones with their reason). */
    public List<String> conflicts() {
        return conflicts;
    }
}
