package dev.stacksolo.registry.types;

/** How a reference resolves now, compared with what it resolved to at its reader's last deploy. */
public enum ReferenceChange {
    /** It resolves to a different value. */
    VALUE_CHANGED("changed"),
    /** It resolved then and does not now: the output, the resource or its project was removed. */
    NO_LONGER_RESOLVES("no longer resolves"),
    /** It did not resolve then and does now. */
    NOW_RESOLVES("now resolves");

    private final String text;

    ReferenceChange(String text) {
        this.text = text;
    }

    /** For people: {@code changed}, {@code no longer resolves}, {@code now resolves}. */
    public String text() {
        return text;
    }

    /** For JSON: {@code value_changed}, {@code no_longer_resolves}, {@code now_resolves}. */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
