package dev.stacksolo.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table: columns as wide as their widest cell (measured in terminal columns, colour
 * codes not counted, a wide character as two), and no wider than the terminal: when the rows would
 * overflow it, the widest columns are narrowed first and long cells end in {@code …} (a coloured
 * cell keeps its colour; {@code --json} has them whole). When even every column at its narrowest
 * does not fit, each row is printed as a record instead, one {@code HEADER  value} line per column.
 * The width is {@code COLUMNS} when set, else the terminal's when standard output is one; output to
 * a pipe or file is never shortened.
 */
final class Table {

    /** A column is never narrowed below this (or its widest cell, when narrower). */
    private static final int MIN_WIDTH = 6;
    /** Between two columns. */
    private static final int GAP = 2;

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final java.util.OptionalInt maxWidth;

    Table(String... headers) {
        this(Terminal.columns(), headers);
    }

    /** A table at most {@code maxWidth} columns wide (empty: as wide as its cells). */
    Table(java.util.OptionalInt maxWidth, String... headers) {
        this.headers = List.of(headers);
        this.maxWidth = maxWidth;
    }

    /** Adds a row; it must have one cell per header. */
    Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        List<String> safe = new ArrayList<>(cells.length);
        for (String cell : cells) {
            // a cell is one line of stored text (or a colour of ours around such text)
            safe.add(Style.painted(cell) ? cell : Terminal.escape(cell, false));
        }
        rows.add(List.copyOf(safe));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the header (in {@code style}'s bold) and the rows, two spaces between columns. */
    void print(PrintWriter out, Style style) {
        int[] widths = widths();
        if (widths == null) {
            printRecords(out, style);
            return;
        }
        List<String> boldHeaders = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            boldHeaders.add(style.bold(shorten(headers.get(i), widths[i])));
        }
        printRow(out, boldHeaders, widths);
        for (List<String> row : rows) {
            printRow(out, row, widths);
        }
    }

    /** Prints the rows only (no header): aligned key/value details. */
    void printRows(PrintWriter out) {
        int[] widths = widths();
        if (widths == null) {
            // too narrow for the columns side by side: each cell on a line of its own, the later ones indented
            int max = maxWidth.getAsInt();
            for (List<String> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    String indent = i == 0 ? "" : " ".repeat(Math.min(GAP, Math.max(0, max - 1)));
                    out.println((indent + shorten(row.get(i), max - indent.length())).stripTrailing());
                }
            }
            return;
        }
        for (List<String> row : rows) {
            printRow(out, row, widths);
        }
    }

    /**
     * Each row as a record: {@code HEADER  value} per column (headers aligned), a blank line
     * between rows; a header too wide to leave room for a value gets a line of its own.
     */
    private void printRecords(PrintWriter out, Style style) {
        int max = maxWidth.getAsInt();
        int labelWidth = 0;
        for (String header : headers) {
            labelWidth = Math.max(labelWidth, Style.visibleLength(header));
        }
        boolean sideBySide = labelWidth + GAP + MIN_WIDTH <= max;
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                out.println();
            }
            List<String> row = rows.get(r);
            for (int i = 0; i < headers.size(); i++) {
                if (sideBySide) {
                    String label = headers.get(i);
                    String padding = " ".repeat(labelWidth - Style.visibleLength(label) + GAP);
                    out.println((style.bold(label) + padding + shorten(row.get(i), max - labelWidth - GAP)).stripTrailing());
                } else {
                    out.println(style.bold(shorten(headers.get(i), max)));
                    out.println(("  " + shorten(row.get(i), max - GAP)).stripTrailing());
                }
            }
        }
    }

    /** The width of each column, or null when the columns do not fit side by side even at their narrowest. */
    private int[] widths() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Style.visibleLength(headers.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], Style.visibleLength(row.get(i)));
            }
        }
        if (maxWidth.isPresent() && !fit(widths, maxWidth.getAsInt())) {
            return null;
        }
        return widths;
    }

    /**
     * Narrows the widest column, one column at a time, until the row fits in {@code max}; false
     * when it cannot (every column at its narrowest and still too wide).
     */
    private static boolean fit(int[] widths, int max) {
        int total = GAP * (widths.length - 1);
        for (int width : widths) {
            total += width;
        }
        while (total > max) {
            int widest = -1;
            for (int i = 0; i < widths.length; i++) {
                if (widths[i] > MIN_WIDTH && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                return false;
            }
            widths[widest]--;
            total--;
        }
        return true;
    }

    /**
     * {@code cell} in at most {@code width} terminal columns: cut, ending in {@code …}, when wider.
     * Colour codes are kept (and a cut coloured cell ends with the reset code), a character is
     * never cut in half; at a width below 1 nothing is left.
     */
    static String shorten(String cell, int width) {
        if (Style.visibleLength(cell) <= width) {
            return cell;
        }
        if (width <= 0) {
            return "";
        }
        StringBuilder out = new StringBuilder(cell.length());
        boolean coloured = false;
        int used = 0;
        for (int i = 0; i < cell.length(); ) {
            int colour = Style.colourAt(cell, i);
            if (colour > 0) {
                out.append(cell, i, i + colour);
                coloured = true;
                i += colour;
                continue;
            }
            int codePoint = cell.codePointAt(i);
            int columns = Style.columnsOf(codePoint);
            if (used + columns > width - 1) {
                break; // one column left for the ellipsis
            }
            out.appendCodePoint(codePoint);
            used += columns;
            i += Character.charCount(codePoint);
        }
        out.append('…');
        if (coloured) {
            out.append(Style.reset());
        }
        return out.toString();
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = shorten(cells.get(i), widths[i]);
            line.append(cell);
            if (i < cells.size() - 1) {
                // at least the gap, whatever the cell measured: cells never run together
                line.append(" ".repeat(Math.max(0, widths[i] - Style.visibleLength(cell)) + GAP));
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
