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

    /** Matches one colour (SGR) sequence: what {@link #visibleLength} skips and a shortened cell keeps. */
    static final java.util.regex.Pattern COLOUR = java.util.regex.Pattern.compile("\u001b\\[[0-9;]*m");

    /** The code that ends a colour: a shortened painted cell ends with it. */
    static String reset() {
        return RESET;
    }

    /**
     * The width of {@code text} on screen, in terminal columns: colour codes count 0, a combining
     * mark or zero-width character 0, a wide (East Asian, emoji) character 2, any other 1.
     */
    static int visibleLength(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int skip = colourAt(text, i);
            if (skip > 0) {
                i += skip;
                continue;
            }
            int codePoint = text.codePointAt(i);
            width += columnsOf(codePoint);
            i += Character.charCount(codePoint);
        }
        return width;
    }

    /** The length of the colour sequence starting at {@code i} in {@code text}, or 0 when none does. */
    static int colourAt(String text, int i) {
        if (text.charAt(i) != '\u001b') {
            return 0;
        }
        java.util.regex.Matcher colour = COLOUR.matcher(text).region(i, text.length());
        return colour.lookingAt() ? colour.end() - i : 0;
    }

    /** How many terminal columns {@code codePoint} takes: 0, 1 or 2 (as wcwidth, roughly). */
    static int columnsOf(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || codePoint == 0x200b) {
            return 0;
        }
        boolean wide = (codePoint >= 0x1100 && codePoint <= 0x115f) // Hangul Jamo
                || (codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint != 0x303f) // CJK … Yi
                || (codePoint >= 0xac00 && codePoint <= 0xd7a3) // Hangul syllables
                || (codePoint >= 0xf900 && codePoint <= 0xfaff) // CJK compatibility ideographs
                || (codePoint >= 0xfe30 && codePoint <= 0xfe4f) // CJK compatibility forms
                || (codePoint >= 0xff00 && codePoint <= 0xff60) // full-width forms
                || (codePoint >= 0xffe0 && codePoint <= 0xffe6)
                || (codePoint >= 0x1f300 && codePoint <= 0x1f64f) // emoji
                || (codePoint >= 0x1f680 && codePoint <= 0x1f6ff)
                || (codePoint >= 0x1f900 && codePoint <= 0x1faff)
                || (codePoint >= 0x20000 && codePoint <= 0x3fffd); // CJK extensions
        return wide ? 2 : 1;
    }
}
