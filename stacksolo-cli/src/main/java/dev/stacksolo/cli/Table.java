package dev.stacksolo.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** An aligned text table: columns as wide as their widest cell, colour codes not counted. */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
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
        List<String> boldHeaders = headers.stream().map(style::bold).toList();
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
        return widths;
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - Style.visibleLength(cell) + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
