package dev.stacksolo.cli;

import dev.stacksolo.registry.Locations;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.service.TransferService;
import dev.stacksolo.registry.service.TransferService.TableCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stacksolo registry export|import|migrate|grants}: the whole registry, moved or backed up,
 * and the SQL of a team's PostgreSQL roles.
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Back up, restore or move the whole registry (SQLite or PostgreSQL); print the SQL of a"
                + " team's PostgreSQL roles.",
        subcommands = {RegistryCommand.Export.class, RegistryCommand.Import.class, RegistryCommand.Migrate.class,
            RegistryCommand.Grants.class},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo registry export -o backup.json",
            "  stacksolo registry import backup.json",
            "  stacksolo registry migrate --to postgresql://user@db.example/stacksolo"})
final class RegistryCommand {

    @Command(name = "grants", mixinStandardHelpOptions = true,
            description = {"Print the SQL that gives a team's PostgreSQL roles what each needs (docs/team-registry.md).",
                "reader: list, status, history, graph, events and non-sensitive outputs; no SELECT on the columns",
                "that hold secrets (it reads masked copies). deployer: everything a deploy does. admin: owns the",
                "tables, so it migrates the schema. Create the roles and run one stacksolo command as the admin",
                "first (it creates the tables); then apply this as the admin or a superuser. Opens no registry."},
                footerHeading = "%nExamples:%n",
                footer = {"  stacksolo registry grants --reader ci_reader --deployer ci_deployer | psql"})
    static final class Grants implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--reader", required = true, paramLabel = "ROLE", description = "The role that only reads.")
        String reader;

        @Option(names = "--deployer", required = true, paramLabel = "ROLE", description = "The role that deploys.")
        String deployer;

        @Option(names = "--admin", paramLabel = "ROLE", description = "The role that owns the tables and migrates them.")
        String admin;

        @Option(names = "--schema", paramLabel = "NAME", defaultValue = "public",
                description = "The schema of the registry's tables (default: ${DEFAULT-VALUE}; the URL's currentSchema).")
        String schema;

        @Override
        public Integer call() {
            String sql;
            try {
                sql = dev.stacksolo.registry.db.PostgresGrants.sql(schema, reader, deployer, Optional.ofNullable(admin));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            spec.commandLine().getOut().print(sql);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the whole registry (projects, resources, deployments, sessions, events, with ids",
                "and timestamps) as one JSON document, to stdout or a file (created 0600: it holds secrets)."},
                footerHeading = "%nExamples:%n",
                footer = {"  stacksolo registry export -o backup.json",
            "  stacksolo registry export | jq '.projects | length'"})
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        Path output;

        @Override
        public Integer call() throws IOException {
            try (Cli cli = Cli.of(spec)) {
                Map<String, Object> document = cli.registry().transfer().exportDocument();
                String json = Views.json(document);
                if (output == null) {
                    cli.out().println(json);
                    return 0;
                }
                refuseRegistryFile(cli, output);
                write(output, json + "\n");
                // counted in the document written, not read again: the registry may have changed since
                Map<String, Long> counts = new LinkedHashMap<>();
                ((Map<?, ?>) document.get("tables")).forEach((table, rows) ->
                        counts.put(String.valueOf(table), (long) ((List<?>) rows).size()));
                cli.err().println("Exported " + describe(counts) + " (rows per table) to " + output);
                return 0;
            }
        }
    }

    /**
     * Refuses to export onto the registry's own file (or its -wal, -shm, -journal): the registry would
     * be replaced by its JSON, and what an export does not carry (the staleness key and baselines,
     * locks, a running deploy's staged outputs) lost.
     */
    private static void refuseRegistryFile(Cli cli, Path output) throws IOException {
        String location = cli.location();
        if (Locations.isPostgres(location)) {
            return;
        }
        Path database = Path.of(location.replaceFirst("^jdbc:sqlite:", "")).toAbsolutePath().normalize();
        Path target;
        try {
            target = linkTarget(output);
        } catch (IOException unreachable) {
            return; // a missing folder, say: the write says so
        }
        if (target == null || !Files.exists(database)) {
            return;
        }
        Path real = database.toRealPath();
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Path file = real.resolveSibling(real.getFileName() + suffix);
            if (target.equals(file) || (Files.exists(target) && Files.exists(file) && Files.isSameFile(target, file))) {
                throw new CliException("cannot export to " + output + ": it is the registry's own file (" + file
                        + "); give another file, such as " + real.resolveSibling("registry-export.json")
                        + " (nothing was written)");
            }
        }
    }

    /**
     * Writes {@code text} to {@code output}. A regular file (or a new one) is written privately
     * (0600) and atomically, a reader never sees half; through a symbolic link, the file it points
     * to is replaced and the link kept. What is no regular file (a terminal, {@code /dev/null}, a
     * FIFO, a socket) or is one of this process's open files ({@code /dev/stdout}, {@code
     * /proc/self/fd/N}, {@code /dev/fd/N}) is written into as it is: never replaced, never
     * chmod-ed (replacing {@code /dev/stdout} as root made a 0600 file of it and printed nothing).
     */
    private static void write(Path output, String text) {
        Path temporary = null;
        try {
            Path target = linkTarget(output);
            if (target == null) {
                try (java.io.OutputStream stream = Files.newOutputStream(output, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    stream.write(text.getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if (Files.isDirectory(target)) {
                throw new CliException("cannot write the export to " + output + ": it is a folder; give a file"
                        + " name, such as " + output.resolve("backup.json") + " (nothing was written)");
            }
            temporary = Files.createTempFile(target.getParent(), ".export-", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the failure that got us here is the one to report
                }
            }
            String reason = e instanceof NoSuchFileException ? "the folder does not exist"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
            throw new CliException("cannot write the export to " + output + ": " + reason
                    + "; choose a file in an existing, writable folder (nothing was written)", e);
        }
    }

    /**
     * The regular file (existing or not) that {@code output} names once its symbolic links are
     * followed, as an absolute path; null when it must be written into as it is: no regular file
     * (a device, a FIFO, a socket) or an open file of a process ({@code /proc/…/fd/…}).
     */
    private static Path linkTarget(Path output) throws IOException {
        Path current = output.toAbsolutePath();
        for (int hops = 0; ; hops++) {
            // an open file's name (/dev/fd/3, /proc/self/fd/1, or a folder linked there) is checked before
            // its link is followed: the link leads to the file itself, which must not be replaced
            if (isOpenFileName(current) || (current.getParent() != null && Files.exists(current.getParent())
                    && isOpenFileName(current.getParent().toRealPath().resolve(current.getFileName())))) {
                return null;
            }
            if (!Files.isSymbolicLink(current)) {
                break;
            }
            if (hops >= 40) {
                throw new IOException("too many levels of symbolic links");
            }
            current = current.getParent().resolve(Files.readSymbolicLink(current));
        }
        if (Files.exists(current) && !Files.isRegularFile(current) && !Files.isDirectory(current)) {
            return null;
        }
        return current.getParent() == null ? current
                : current.getParent().toRealPath().resolve(current.getFileName());
    }

    private static boolean isOpenFileName(Path path) {
        Path normal = path.normalize();
        return normal.startsWith("/proc") || normal.startsWith("/dev/fd");
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import an export document (FILE, or - for stdin) in one transaction, losing nothing: rows",
                "already present with the same values are kept, new ones inserted (events whose ids this registry",
                "uses get new ids, in order). A row of the same id that differs is refused unless --overwrite;",
                "this registry's other rows are never replaced. Never replaced, even with --overwrite: a row",
                "whose name belongs here to another id, a finished deployment, a project moved back to deploying.",
                "Limit: \"the same origin\" is judged by id alone; a document edited to carry this registry's",
                "ids can replace those rows with --overwrite. Import only documents you trust."},
                footerHeading = "%nExamples:%n",
                footer = {"  stacksolo registry import backup.json",
            "  stacksolo registry import backup.json --overwrite",
            "  stacksolo registry import backup.json --json"})
    static final class Import implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The export document, or - for stdin.")
        String file;

        @Option(names = "--overwrite", description = "Replace rows of the same id (taken as the same origin) that differ from the document's;"
                + " never a finished deployment, another id's name, or a project's state back to deploying.")
        boolean overwrite;

        @Option(names = "--json", description = IMPORT_JSON_HELP)
        boolean json;

        @Override
        public Integer call() throws IOException {
            Map<String, Object> document = read(file);
            try (Cli cli = Cli.of(spec)) {
                Map<String, TableCounts> counts;
                try {
                    counts = cli.registry().transfer().importDocument(document, overwrite);
                } catch (RuntimeException failure) {
                    Audit.once(cli.registry(), spec, "registry import", "command_failed",
                            Audit.details("from", source(), "error", String.valueOf(failure.getMessage())), 1);
                    throw failure;
                }
                // logged after the import: the document's events keep their ids, the log's come after them
                Audit.once(cli.registry(), spec, "registry import", "registry_imported",
                        Audit.details("from", source(), "overwrite", overwrite, "inserted", inserted(counts)), 0);
                if (json) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("registry", cli.registry().location());
                    view.put("tables", countsView(counts));
                    cli.out().println(Views.json(view));
                    return 0;
                }
                cli.out().println("Imported into " + cli.registry().location() + ":");
                printCounts(cli, counts);
                return 0;
            }
        }

        private String source() {
            return file.equals("-") ? "stdin" : file;
        }

        private static Map<String, Object> read(String file) throws IOException {
            String text = InputFiles.read(file, file);
            try {
                return Json.readObject(text);
            } catch (IOException e) {
                String detail = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
                throw new CliException((file.equals("-") ? "stdin" : file) + " is not JSON (" + detail
                        + "); give a file written by `stacksolo registry export`", e);
            }
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Copy the whole current registry to another one (a path or a JDBC URL) and verify, in one",
                "transaction on the target, that every row of the source is there with the same values (nothing is",
                "committed otherwise). The target's own rows are kept; events whose ids it uses get new ids. The",
                "source is only read; running it again duplicates nothing. Refused, naming them, when the source",
                "has columns or tables this stacksolo does not know."},
                footerHeading = "%nExamples:%n",
                footer = {"  stacksolo registry migrate --to postgresql://user@db.example/stacksolo",
            "  stacksolo registry migrate --to /backup/registry.db --json"})
    static final class Migrate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "<path-or-jdbc-url>", description = "The target registry.")
        String to;

        @Option(names = "--overwrite", description = "Replace target rows that differ from the source's.")
        boolean overwrite;

        @Option(names = "--json", description = MIGRATE_JSON_HELP)
        boolean json;

        @Override
        public Integer call() {
            try (Cli cli = Cli.of(spec)) {
                Registry source = cli.registry();
                if (sameLocation(cli.location(), to)) {
                    throw new CliException("the target is the current registry (" + Locations.mask(to)
                            + "); give another path or URL with --to");
                }
                Cli.quietPostgresDriver(to);
                try (Registry target = Registry.open(to)) {
                    // logged in the source before the copy, so that the target receives the same
                    // rows: a session written on one side only would fail this and the next verification
                    Audit.once(source, spec, "registry migrate", "registry_migrate_started",
                            Audit.details("to", Locations.mask(to)), 0);
                    TransferService.MigrationReport report;
                    try {
                        report = source.transfer().migrateTo(target.transfer(), overwrite);
                        StandardOutput.changed("stacksolo registry migrate");
                    } catch (RuntimeException failure) {
                        Audit.once(source, spec, "registry migrate", "command_failed", Audit.details("to",
                                Locations.mask(to), "error", String.valueOf(failure.getMessage())), 1);
                        throw failure;
                    }
                    if (json) {
                        Map<String, Object> view = new LinkedHashMap<>();
                        view.put("source", source.location());
                        view.put("target", target.location());
                        view.put("tables", countsView(report.imported()));
                        view.put("sourceRows", report.rowCounts());
                        view.put("targetOwnRows", report.targetOwnRows());
                        view.put("checksum", report.checksum());
                        cli.out().println(Views.json(view));
                        return 0;
                    }
                    cli.out().println("Migrated " + source.location() + " to " + target.location() + ":");
                    printCounts(cli, report.imported());
                    long own = report.targetOwnRows().values().stream().mapToLong(Long::longValue).sum();
                    cli.out().println("Verified before committing: every row of the source (" + describe(report.rowCounts())
                            + ") is in the target with the same values; checksum " + report.checksum().substring(0, 16)
                            + "… matches." + (own > 0 ? " The target also keeps " + describe(report.targetOwnRows())
                            + " of its own." : "") + " Only the source's event log changed (this migration is recorded in it).");
                }
                return 0;
            }
        }

        private static boolean sameLocation(String a, String b) {
            if (Locations.isPostgres(a) || Locations.isPostgres(b)) {
                return a.equals(b);
            }
            return Path.of(a.replaceFirst("^jdbc:sqlite:", "")).toAbsolutePath().normalize()
                    .equals(Path.of(b.replaceFirst("^jdbc:sqlite:", "")).toAbsolutePath().normalize());
        }
    }

    private static final String IMPORT_JSON_HELP = "Print {registry, tables: {TABLE: {inserted, unchanged, overwritten}}}.";
    private static final String MIGRATE_JSON_HELP = "Print {source, target, tables: {TABLE: {inserted, unchanged,"
            + " overwritten}}, sourceRows, targetOwnRows, checksum}.";

    /** Per table: {inserted, unchanged, overwritten}. */
    private static Map<String, Object> countsView(Map<String, TableCounts> counts) {
        Map<String, Object> view = new LinkedHashMap<>();
        counts.forEach((name, c) -> {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("inserted", c.inserted());
            table.put("unchanged", c.unchanged());
            table.put("overwritten", c.overwritten());
            view.put(name, table);
        });
        return view;
    }

    private static void printCounts(Cli cli, Map<String, TableCounts> counts) {
        Table table = new Table("TABLE", "INSERTED", "UNCHANGED", "OVERWRITTEN");
        counts.forEach((name, c) -> table.row(name, String.valueOf(c.inserted()), String.valueOf(c.unchanged()),
                String.valueOf(c.overwritten())));
        table.print(cli.out(), cli.style());
    }

    /** Rows inserted per table, for the audit trail. */
    private static Map<String, Long> inserted(Map<String, TableCounts> counts) {
        Map<String, Long> inserted = new LinkedHashMap<>();
        counts.forEach((table, c) -> inserted.put(table, c.inserted()));
        return inserted;
    }

    private static String describe(Map<String, Long> counts) {
        // table names, not nouns to pluralise: "projects: 1, resources: 2"
        return String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    }

}
