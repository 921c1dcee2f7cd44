package dev.stacksolo.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the command talks to a person at a terminal, which decides colours and prompts. */
final class Terminal {

    private Terminal() {}

    /**
     * Whether standard input and output are both a terminal. Up to Java 21 that is exactly
     * {@code System.console() != null}; from Java 22 {@code System.console()} returns a console even
     * when piped, and {@code Console.isTerminal()} (looked up reflectively, as this code is compiled
     * for Java 17) tells.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException before22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * How many columns text views may use: {@code COLUMNS} when it is a positive number, else the
     * terminal's width when standard output is a terminal (asked of {@code stty} on
     * {@code /dev/tty}); empty when output goes to a pipe or file, which is never shortened.
     */
    static java.util.OptionalInt columns() {
        if (columns == null) {
            columns = askColumns(); // once per process: a command prints to one terminal
        }
        return columns;
    }

    private static java.util.OptionalInt columns;

    private static java.util.OptionalInt askColumns() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("[1-9][0-9]{0,4}")) {
            return java.util.OptionalInt.of(Integer.parseInt(columns));
        }
        if (!interactive()) {
            return java.util.OptionalInt.empty();
        }
        try {
            // bash keeps COLUMNS to itself (not exported): ask the terminal, as ls and git do
            Process stty = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            String size = new String(stty.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            if (stty.waitFor() == 0 && size.matches("[0-9]+ [1-9][0-9]*")) {
                return java.util.OptionalInt.of(Integer.parseInt(size.substring(size.indexOf(' ') + 1)));
            }
        } catch (java.io.IOException e) {
            // no sh or stty: as wide as the cells
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return java.util.OptionalInt.empty();
    }

    /** The only escape sequences this tool writes itself (Style's colours): all others are escaped. */
    private static final java.util.regex.Pattern OWN_SEQUENCE = java.util.regex.Pattern.compile("\u001b\\[(?:0|1|2|31|32|33)m");

    /**
     * {@code text} made safe to show on a terminal: ESC as {@code \e}, every other C0 control, DEL,
     * C1 control and bidirectional override as {@code \}{@code uXXXX}; tab and newline kept when
     * {@code keepLayout} (free text), escaped otherwise (a table cell, one line). Backslashes are
     * left as they are, so escaping twice changes nothing.
     */
    static String escape(String text, boolean keepLayout) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !unsafe(text.charAt(i), keepLayout)) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c, keepLayout)) {
                out.append(c);
            } else if (c == 0x1b) {
                out.append("\\e");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /**
     * As {@link #escape(String, boolean)}, but the colour sequences this tool writes (see
     * {@link Style}) pass: for output where stored text and our own colours are mixed.
     */
    static String escapeKeepingOwnColours(String text, boolean keepLayout) {
        if (text.indexOf(0x1b) < 0) {
            return escape(text, keepLayout);
        }
        java.util.regex.Matcher own = OWN_SEQUENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        int from = 0;
        while (own.find()) {
            out.append(escape(text.substring(from, own.start()), keepLayout)).append(own.group());
            from = own.end();
        }
        return out.append(escape(text.substring(from), keepLayout)).toString();
    }

    private static boolean unsafe(char c, boolean keepLayout) {
        if (c < 0x20) {
            return !(keepLayout && (c == '\n' || c == '\t'));
        }
        return (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028 || c == 0x2029;
    }

    /**
     * {@code raw} through a {@link SafeWriter} (a method, so that a class using it loads the writer
     * only when it calls this: {@code output} never does).
     */
    static java.io.PrintWriter safe(java.io.PrintWriter raw, boolean keepOwnColours) {
        return new java.io.PrintWriter(new SafeWriter(raw, keepOwnColours), true);
    }

    /**
     * A writer for a command's text and JSON output that escapes what stored text could use to
     * drive the terminal (clear the screen, plant a hyperlink, move the cursor), keeping newlines,
     * tabs and this tool's own colours. JSON is unchanged in meaning: jackson escapes C0 controls
     * itself, and DEL or a C1 control only occur inside strings, where {@code \}{@code u00XX} is
     * the same character. Not for {@code stacksolo output}, which prints the value as it is.
     */
    static final class SafeWriter extends java.io.FilterWriter {

        private final boolean keepOwnColours;

        /** {@code keepOwnColours}: only where {@link Style} paints (standard output on a terminal). */
        SafeWriter(java.io.Writer out, boolean keepOwnColours) {
            super(out);
            this.keepOwnColours = keepOwnColours;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            write(String.valueOf((char) c));
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws java.io.IOException {
            write(new String(buffer, offset, length));
        }

        @Override
        public void write(String text, int offset, int length) throws java.io.IOException {
            String chunk = text.substring(offset, offset + length);
            out.write(keepOwnColours ? escapeKeepingOwnColours(chunk, true) : escape(chunk, true));
        }
    }
}
