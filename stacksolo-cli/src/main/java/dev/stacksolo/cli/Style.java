package dev.stacksolo.cli;

import dev.stacksolo.registry.types.StoredValue;

/**
 * ANSI colours for human output, or none: colour only when standard output is a terminal,
 * {@code NO_COLOR} is unset (https://no-color.org) and {@code TERM} is not {@code dumb}.
 */
record Style(boolean enabled) {

    private static final String RESET = "\u001b[0m";
    /**
     * The strings this style painted, by identity: a table keeps their colour codes and escapes
     * every other cell's, so stored text holding the very same codes cannot pass for ours.
     */
    private static final java.util.Set<String> PAINTED =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));

    /** The style for standard output of this process. */
    static Style forStdout() {
        String noColor = System.getenv("NO_COLOR");
        boolean terminal = Terminal.interactive();
        boolean dumb = "dumb".equals(System.getenv("TERM"));
        return new Style(terminal && (noColor == null || noColor.isEmpty()) && !dumb);
    }

    /** A status word coloured by what it means: green done, yellow in progress, red failed. */
    String status(StoredValue status) {
        String code = switch (status.value()) {
            case "deployed", "ready", "succeeded" -> "32";
            case "pending", "deploying", "creating", "running" -> "33";
            case "failed" -> "31";
            default -> "2";
        };
        return paint(code, status.value());
    }

    /** Bold text, for headings. */
    String bold(String text) {
        return paint("1", text);
    }

    /** Red text, for what is broken. */
    String red(String text) {
        return paint("31", text);
    }

    /** Dim text, for secondary details. */
    String dim(String text) {
        return paint("2", text);
    }

    private String paint(String code, String text) {
        // stored text painted (a project name) is escaped first: only our own codes reach the terminal
        if (!enabled) {
            return text;
        }
        String painted = "\u001b[" + code + "m" + Terminal.escape(text, false) + RESET;
        PAINTED.add(painted);
        return painted;
    }

    /** Whether {@code cell} is a string this style painted (and so its codes are ours). */
    static boolean painted(String cell) {
        return PAINTED.contains(cell);
    }

    /** The width of {@code text} on screen, without colour codes. */
    static int visibleLength(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }
}
