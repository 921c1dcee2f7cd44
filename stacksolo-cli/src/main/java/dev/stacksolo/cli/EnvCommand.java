package dev.stacksolo.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacksolo env <resource>}: a resource's {@code env}, references resolved, as dotenv, shell or JSON. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = {"Print the env of a resource of the current folder's project config, every reference",
            "resolved (cross-project @shared-infra/main/users-db.connectionString and same-project",
            "@database/db.connectionString); other values as they are. Values are printed unmasked: that",
            "is this command's job. When a reference does not resolve, every one that did not is named",
            "and nothing is printed (exit 1). Formats: dotenv (NAME=value, quoted only when needed),",
            "shell (export NAME='value', safe to source or eval), json (an object of strings)."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo env api > .env",
            "  eval \"$(stacksolo env api --format shell)\"",
            "  stacksolo env main/api --type container --format json | jq -r .DATABASE_URL"})
final class EnvCommand implements Callable<Integer> {

    /** The output formats. */
    enum Format { dotenv, shell, json }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<resource>", description = "A resource of ./.stacksolo/stacksolo.config.json: NAME,"
            + " or NETWORK/NAME.")
    String resource;

    @Option(names = "--type", paramLabel = "TYPE", description = "Its logical type (container, function…), when"
            + " two resources share the name.")
    String type;

    @Option(names = "--format", defaultValue = "dotenv", paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forReading(spec)) {
            Map<String, String> env = ResourceEnvironment.resolve(cli, resource, Optional.ofNullable(type));
            // the values as bytes, whatever the locale: they are data, like JSON
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
            out.print(render(env, format));
            out.flush();
            if (format == Format.dotenv) {
                List<String> notPortable = new ArrayList<>();
                env.forEach((name, value) -> dotenvProblem(value).ifPresent(problem -> notPortable.add(name + " ("
                        + problem + ")")));
                if (!notPortable.isEmpty()) {
                    cli.err().println("warning: not every dotenv reader gets these values back as they are: "
                            + String.join(", ", notPortable) + "; sh reads the file literally, but for Docker"
                            + " Compose, python-dotenv or Node's dotenv use --format shell or --format json,"
                            + " which keep every byte");
                    cli.err().flush();
                }
            }
            return 0;
        }
    }

    /** {@code env} in {@code format}, a line per variable (JSON: one object). */
    static String render(Map<String, String> env, Format format) {
        if (format == Format.json) {
            return Views.json(env) + "\n";
        }
        StringBuilder text = new StringBuilder();
        env.forEach((name, value) -> text.append(format == Format.shell ? "export " + name + "=" + shellQuoted(value)
                : name + "=" + dotenvQuoted(value)).append('\n'));
        return text.toString();
    }

    /**
     * {@code value} as one POSIX shell word that {@code sh}, {@code bash} and {@code zsh} read back
     * byte for byte: in single quotes, where nothing is special but the quote itself, written
     * {@code '\''} (newlines, {@code $}, backquotes and {@code "} stay literal). A plain value
     * (letters, digits, {@code _ . / : @ % + , = -}) is left bare.
     */
    static String shellQuoted(String value) {
        if (!value.isEmpty() && plain(value)) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * {@code value} for a dotenv file, always read literally by {@code set -a; . ./.env} in sh, dash
     * and bash (nothing in it is ever run or expanded): bare when plain; else in single quotes when
     * it holds no single quote; else in double quotes with {@code \}, {@code "}, {@code $} and the
     * backquote escaped by a backslash. {@link #dotenvProblem(String)} says when another reader
     * (Docker Compose, python-dotenv, Node's dotenv) would read it differently.
     */
    static String dotenvQuoted(String value) {
        if (!value.isEmpty() && plain(value)) {
            return value;
        }
        if (value.indexOf('\'') < 0) {
            return "'" + value + "'";
        }
        StringBuilder quoted = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"' || c == '$' || c == '`') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /**
     * Why Docker Compose, python-dotenv 1.x or Node's dotenv 16 would not read {@code value} as
     * {@link #dotenvQuoted(String)} writes it byte for byte, if one would: a carriage return (python
     * and Node read a newline), {@code ${} (python-dotenv expands it, in single quotes too), a
     * backslash pair or a final backslash in single quotes (python-dotenv takes them for escapes),
     * or a backslash escape in double quotes (Node keeps the backslash).
     */
    static Optional<String> dotenvProblem(String value) {
        if (!value.isEmpty() && plain(value)) {
            return Optional.empty();
        }
        if (value.indexOf('\r') >= 0) {
            return Optional.of("a carriage return");
        }
        if (value.contains("${")) {
            return Optional.of("${, which python-dotenv expands");
        }
        if (value.indexOf('\'') < 0) {
            return value.contains("\\\\") || value.endsWith("\\")
                    ? Optional.of("backslashes, which python-dotenv takes for escapes") : Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            if ("\\\"$`".indexOf(value.charAt(i)) >= 0) {
                return Optional.of("a ' and one of \\ \" $ `, written with backslash escapes, which Node's dotenv keeps");
            }
        }
        return Optional.empty();
    }

    private static boolean plain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_./:@%+,=-".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
