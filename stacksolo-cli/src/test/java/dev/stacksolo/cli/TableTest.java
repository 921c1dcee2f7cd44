package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.types.DeploymentStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Table}: every line within the terminal's width, coloured cells shortened whole, no cells run together. */
class TableTest {

    private static final Pattern COLOUR = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final Style COLOURS = new Style(true);

    @Test
    void everyLineFitsEveryWidthFrom1To200WithColouredAndWideCells() {
        for (int width = 1; width <= 200; width++) {
            String printed = printAt(width);
            for (String line : printed.lines().toList()) {
                assertThat(Style.visibleLength(line)).as("width %d: %s", width, line).isLessThanOrEqualTo(width);
                assertThat(count(line, "\u001b[0m")).as("every colour ends on its line, width %d: %s", width, line)
                        .isEqualTo(count(line, "\u001b[") - count(line, "\u001b[0m"));
            }
        }
    }

    @Test
    void aColouredCellTooWideForItsColumnIsCutKeepingItsColourAndNeverRunsIntoTheNext() {
        String printed = printAt(50);

        assertThat(printed).doesNotContain("succeeded2026").contains("\u001b[32msucc");
        for (String line : plain(printed).lines().toList()) {
            assertThat(line.split(" {2,}")).as(line).hasSize(6);
        }
    }

    @Test
    void aLongColouredErrorIsShortenedAtEveryWidthInsteadOfFailing() {
        String error = COLOURS.red("does not resolve: " + "project 'other' is not registered; ".repeat(4));
        for (int width = 20; width <= 400; width += 7) {
            Table table = new Table(OptionalInt.of(width), "REFERENCE", "WHERE", "VALUE", "SINCE LAST DEPLOY");
            table.row("@other/main/x.url", "project.networks[0].containers[0].env.A", error, "-");

            int max = width;
            assertThat(print(table).lines()).allSatisfy(line -> assertThat(Style.visibleLength(line)).isLessThanOrEqualTo(max));
        }
    }

    @Test
    void tooNarrowForTheColumnsEachRowBecomesARecordOfHeaderValueLines() {
        String printed = plain(printAt(30));

        assertThat(printed.lines().toList()).startsWith("ID        0123456789abcdef-0", "ACTION    deploy",
                "STATUS    succeeded");
        assertThat(printed).contains("\n\nID        fedcba9876543210-1");
    }

    @Test
    void aPipeGetsEveryCellWhole() {
        Table table = historyLike();
        String printed = print(table);

        assertThat(printed).contains("an error message long enough to need shortening on any narrow terminal");
    }

    @Test
    void visibleLengthCountsNoColourAndWideCharactersAsTwoColumns() {
        assertThat(Style.visibleLength(COLOURS.status(DeploymentStatus.SUCCEEDED))).isEqualTo(9);
        assertThat(Style.visibleLength("日本")).isEqualTo(4);
        assertThat(Style.visibleLength("🚀x")).isEqualTo(3);
        assertThat(Style.visibleLength("e\u0301")).isEqualTo(1);
        assertThat(Table.shorten("日本語のテキスト", 5)).isEqualTo("日本…");
        assertThat(Table.shorten("\u001b[31mfailed badly\u001b[0m", 4)).isEqualTo("\u001b[31mfai…\u001b[0m");
        assertThat(Table.shorten("anything", 0)).isEmpty();
    }

    private static Table historyLike() {
        return historyLike(OptionalInt.empty());
    }

    private static Table historyLike(OptionalInt width) {
        Table table = new Table(width, "ID", "ACTION", "STATUS", "STARTED", "DURATION", "ERROR");
        table.row("0123456789abcdef-0", "deploy", COLOURS.status(DeploymentStatus.SUCCEEDED), "2026-11-30 08:24:52 +05:30",
                "1m 2s", "日本語 🚀 an error message long enough to need shortening on any narrow terminal");
        table.row("fedcba9876543210-1", "destroy", COLOURS.status(DeploymentStatus.FAILED), "2026-11-30 08:24:52 +05:30",
                "3s", COLOURS.red("failed: the provider said no, at length, with detail after detail"));
        return table;
    }

    private static String printAt(int width) {
        return print(historyLike(OptionalInt.of(width)));
    }

    private static String print(Table table) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            table.print(out, COLOURS);
        }
        return text.toString();
    }

    private static String plain(String text) {
        return COLOUR.matcher(text).replaceAll("");
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
