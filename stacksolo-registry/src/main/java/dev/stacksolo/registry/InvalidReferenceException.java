package dev.stacksolo.registry;

import dev.stacksolo.registry.types.Reference;

/** A reference that does not follow the grammar {@value Reference#GRAMMAR}. */
public final class InvalidReferenceException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String reference;

    /**
     * Creates the exception for {@code reference}, saying which part is wrong. The message shows the
     * reference masked part by part (what was typed may be a connection string, and the masking of
     * a whole text reads {@code @x/root:pw@/app} as a path); {@link #reference()} keeps it as written.
     */
    public InvalidReferenceException(String reference, String problem) {
        super("invalid reference '" + maskedByPart(String.valueOf(reference)) + "': " + problem + "; expected "
                + Reference.GRAMMAR);
        this.reference = String.valueOf(reference);
    }

    /**
     * {@code text} as an error may show it: each part between slashes masked on its own, and a part
     * holding what no reference holds but credentials and URLs do ({@code : @ = ? & %}) shown as
     * {@code ****} whole, since the rules for text do not see a secret cut by slashes
     * ({@code root:pw@/app}). Also for the problem's quoted segment.
     */
    public static String maskedByPart(String text) {
        StringBuilder shown = new StringBuilder();
        int from = 0;
        for (int slash = text.indexOf('/'); ; slash = text.indexOf('/', from)) {
            String part = text.substring(from, slash < 0 ? text.length() : slash);
            boolean credentialLike = part.length() > 1 && part.substring(1).chars()
                    .anyMatch(c -> ":@=?&%".indexOf(c) >= 0);
            shown.append(credentialLike ? (part.startsWith("@") ? "@****" : "****") : Secrets.maskText(part));
            if (slash < 0) {
                return shown.toString();
            }
            shown.append('/');
            from = slash + 1;
        }
    }

    /** The reference as written. */
    public String reference() {
        return reference;
    }
}
