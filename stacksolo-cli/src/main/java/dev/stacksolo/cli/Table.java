package dev.stacksolo.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table: columns as wide as their widest cell, colour codes not counted, and no
 * wider than the terminal: when the rows would overflow it, the widest columns are narrowed first
 * and long cells end in {@code …} ({@code --json} has them whole). The width is {@code COLUMNS} when
 * set, else the terminal's when standard output is one; output to a pipe or file is never shortened.
 */
final class Table {

    /** A column is never narrowed below this. */
    private static final int MIN_WIDTH = 6;

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
        for (List<String> row : rows) {
            printRow(out, row, widths);
        }
    }

    private int[] widths() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Style.visibleLength(headers.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], Style.visibleLength(row.get(i)));
            }
        }
        if (maxWidth.isPresent()) {
            fit(widths, maxWidth.getAsInt());
        }
        return widths;
    }

    /** Narrows the widest column, one column at a time, until the row fits in {@code max} (or none can shrink). */
    private void fit(int[] widths, int max) {
        int total = 2 * (widths.length - 1);
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
                return; // every column at its narrowest: the terminal wraps what is left
            }
            widths[widest]--;
            total--;
        }
    }

    /** {@code cell} in at most {@code width} columns: cut, ending in {@code …}, when longer (our colours are short). */
    static String shorten(String cell, int width) {
        if (Style.visibleLength(cell) <= width || Style.painted(cell)) {
            return cell;
        }
        int end = width - 1;
        if (end > 0 && Character.isHighSurrogate(cell.charAt(end - 1))) {
            end--; // never half of an emoji
        }
        return cell.substring(0, Math.max(0, end)) + "…";
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = shorten(cells.get(i), widths[i]);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - Style.visibleLength(cell) + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
