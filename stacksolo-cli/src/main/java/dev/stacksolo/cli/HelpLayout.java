package dev.stacksolo.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How {@code --help} lays out text: descriptions wrapped at spaces only, and examples printed as
 * written. picocli wraps at every line-break opportunity Java's {@code BreakIterator} finds, which
 * includes the middle of a path ({@code ~/.} then {@code stacksolo/registry.db} on the next line) or
 * of a command line; a path or an example cut in two cannot be copied. Options and parameters keep
 * picocli's two columns; the synopsis is picocli's (it breaks between elements only).
 *
 * <p>Applied to every command by {@link #install(CommandLine)}; not thread-safe (help is built once).
 */
final class HelpLayout {

    /** The width of help, as picocli's default. */
    static final int WIDTH = 80;
    /** Where option and parameter descriptions start. */
    private static final int DESCRIPTION_COLUMN = 26;

    private HelpLayout() {}

    /** Replaces picocli's renderers of descriptions, options, parameters, commands and the footer. */
    static void install(CommandLine commandLine) {
        Map<String, CommandLine.IHelpSectionRenderer> sections = commandLine.getHelpSectionMap();
        for (String key : new String[] {UsageMessageSpec.SECTION_KEY_DESCRIPTION, UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
            UsageMessageSpec.SECTION_KEY_OPTION_LIST, UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
            UsageMessageSpec.SECTION_KEY_FOOTER}) {
            sections.put(key, new Section(key));
        }
        commandLine.setHelpSectionMap(sections);
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            install(subcommand);
        }
    }

    /**
     * One section's renderer: a class, not five lambdas, since every command line is built with
     * them and each lambda costs start-up time (docs/performance.md).
     */
    private record Section(String key) implements CommandLine.IHelpSectionRenderer {
        @Override
        public String render(CommandLine.Help help) {
            CommandSpec spec = help.commandSpec();
            return switch (key) {
                case UsageMessageSpec.SECTION_KEY_DESCRIPTION -> paragraphs(spec.usageMessage().description());
                case UsageMessageSpec.SECTION_KEY_PARAMETER_LIST -> parameters(spec);
                case UsageMessageSpec.SECTION_KEY_OPTION_LIST -> options(spec);
                case UsageMessageSpec.SECTION_KEY_COMMAND_LIST -> commands(spec);
                // examples exactly as written: one command line each, never wrapped
                default -> lines(spec.usageMessage().footer());
            };
        }
    }

    /**
     * {@code text} broken into lines of at most {@code width} at spaces only; a word longer than the
     * line stays whole on a line of its own.
     */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String paragraphs(String[] paragraphs) {
        StringBuilder out = new StringBuilder();
        for (String paragraph : paragraphs) {
            // picocli's own texts (the help command's) hold %n line breaks, as String.format writes them
            for (String part : paragraph.split("%n", -1)) {
                for (String line : wrap(part, WIDTH)) {
                    out.append(line).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String lines(String[] lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String options(CommandSpec spec) {
        List<OptionSpec> options = new ArrayList<>(spec.options().stream().filter(o -> !o.hidden()).toList());
        options.sort(Comparator.comparing(o -> o.longestName().replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT)));
        StringBuilder out = new StringBuilder();
        for (OptionSpec option : options) {
            String shortName = null;
            String longName = null;
            for (String name : option.names()) {
                if (name.length() == 2 && shortName == null) {
                    shortName = name;
                } else if (longName == null || name.length() > longName.length()) {
                    longName = name;
                }
            }
            String label = option.arity().max() == 0 ? "" : "=" + option.paramLabel();
            String left = "  " + (shortName == null ? "    " : shortName + (longName == null ? "  " : ", "))
                    + (longName == null ? "" : longName) + label;
            if (shortName != null && longName == null) {
                left = "  " + shortName + label;
            }
            row(out, left, option);
        }
        return out.toString();
    }

    private static String parameters(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (!parameter.hidden()) {
                row(out, "      " + parameter.paramLabel() + (parameter.arity().max() > 1 ? "..." : ""), parameter);
            }
        }
        return out.toString();
    }

    private static String commands(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        int width = 2 + spec.subcommands().keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        for (Map.Entry<String, CommandLine> entry : spec.subcommands().entrySet()) {
            UsageMessageSpec usage = entry.getValue().getCommandSpec().usageMessage();
            if (usage.hidden()) {
                continue;
            }
            String summary = usage.description().length == 0 ? "" : usage.description()[0].replace("%n", " ").trim();
            row(out, "  " + entry.getKey(), summary, width);
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String left, ArgSpec arg) {
        row(out, left, String.join(" ", arg.description()), DESCRIPTION_COLUMN);
    }

    /** {@code left}, then {@code text} wrapped at spaces from {@code column} (on the next line when left is wider). */
    private static void row(StringBuilder out, String left, String text, int column) {
        List<String> wrapped = wrap(text, WIDTH - column);
        out.append(left);
        int at = left.length();
        if (at + 2 > column && !wrapped.isEmpty()) {
            out.append('\n');
            at = 0;
        }
        for (int i = 0; i < wrapped.size(); i++) {
            if (i > 0) {
                out.append('\n');
                at = 0;
            }
            out.append(" ".repeat(column - at)).append(wrapped.get(i));
        }
        out.append('\n');
    }
}
