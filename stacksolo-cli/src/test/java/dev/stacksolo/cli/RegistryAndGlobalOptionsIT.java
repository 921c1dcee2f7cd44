package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the registry is, moving it (export, import, migrate), help, version and completion. */
class RegistryAndGlobalOptionsIT {

    @RegisterExtension
    final PostgresSchemas postgres = new PostgresSchemas();

    @TempDir
    Path home;

    StackSoloProcess stacksolo;

    @BeforeEach
    void aRegistryWithAProject() {
        stacksolo = StackSoloProcess.in(home);
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("sync");
        stacksolo.cwd(home).ok("outputs", "set", "@webapp/main/main", "connectionString=postgresql://app:s3cret@db/app");
    }

    @Test
    void registryOptionWorksBeforeAndAfterTheSubcommandAndTheEnvironmentIsHonoured() {
        Path other = home.resolve("other.db");
        stacksolo.cwd(stacksolo.project("site", "static-site.json")).ok("--registry", other.toString(), "sync");

        assertThat(stacksolo.ok("list", "--registry", other.toString(), "--json").jsonArray())
                .extracting(p -> p.get("name")).containsExactly("static-site");
        assertThat(stacksolo.ok("--registry", other.toString(), "list", "--path").stdout()).isEqualTo(other + "\n");
        assertThat(stacksolo.ok("list", "--path").stdout()).isEqualTo(stacksolo.defaultRegistry() + "\n");
        assertThat(stacksolo.env("STACKSOLO_REGISTRY_PATH", other.toString()).ok("list", "--path").stdout())
                .isEqualTo(other + "\n");
        assertThat(stacksolo.ok("list", "--json").jsonArray()).extracting(p -> p.get("name")).containsExactly("static-site");
        assertThat(stacksolo.ok("--registry", stacksolo.defaultRegistry().toString(), "output", "@webapp/main/main")
                .stdout()).isEqualTo("postgresql://app:s3cret@db/app\n");
    }

    @Test
    void exportWritesAPrivateFileAndImportIntoAFreshRegistryReproducesIt() throws Exception {
        Path exported = home.resolve("backup.json");

        StackSoloProcess.Result export = stacksolo.run("registry", "export", "-o", exported.toString());
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.stdout()).isEmpty();
        assertThat(export.stderr()).contains("Exported").contains("projects: 1,");
        assertThat(Files.getPosixFilePermissions(exported)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Path fresh = home.resolve("fresh.db");
        StackSoloProcess.Result imported = stacksolo.ok("--registry", fresh.toString(), "registry", "import",
                exported.toString());
        assertThat(imported.stdout()).contains("Imported");
        assertThat(stacksolo.ok("--registry", fresh.toString(), "output", "@webapp/main/main").stdout())
                .isEqualTo("postgresql://app:s3cret@db/app\n");
        Map<String, Object> original = tables(stacksolo.ok("registry", "export"));
        Map<String, Object> copy = tables(stacksolo.ok("--registry", fresh.toString(), "registry", "export"));
        for (String table : List.of("projects", "resources", "deployments")) {
            assertThat(copy.get(table)).as(table).isEqualTo(original.get(table));
        }
        // the import itself is audited: the copy holds every original session plus the import's own
        assertThat(rows(copy, "sessions")).containsAll(rows(original, "sessions"))
                .hasSize(rows(original, "sessions").size() + 1);
        assertThat(rows(copy, "events")).containsAll(rows(original, "events"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tables(StackSoloProcess.Result export) {
        return (Map<String, Object>) export.jsonObject().get("tables");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> rows(Map<String, Object> tables, String table) {
        return (List<Object>) tables.get(table);
    }

    @Test
    void importRefusesRowsThatDifferUnlessOverwrite() throws Exception {
        Path exported = home.resolve("backup.json");
        Files.writeString(exported, stacksolo.ok("registry", "export").stdout());
        stacksolo.ok("outputs", "set", "@webapp/main/main", "connectionString=changed");

        StackSoloProcess.Result refused = stacksolo.run("registry", "import", exported.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("--overwrite");
        assertThat(stacksolo.ok("output", "@webapp/main/main").stdout()).isEqualTo("changed\n");

        stacksolo.ok("registry", "import", exported.toString(), "--overwrite");
        assertThat(stacksolo.ok("output", "@webapp/main/main").stdout()).isEqualTo("postgresql://app:s3cret@db/app\n");
    }

    @Test
    void exportToAFifoWritesIntoItAndLeavesItAFifo() throws Exception {
        Path fifo = home.resolve("export.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        Process export = stacksolo.spawn(home.resolve("export.err"), "registry", "export", "-o", fifo.toString());
        String read = Files.readString(fifo); // until the export closes it
        assertThat(export.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(export.exitValue()).as(Files.readString(home.resolve("export.err"))).isZero();
        assertThat(read).contains("\"tables\"").contains("s3cret");
        assertThat(Files.readAttributes(fifo, java.nio.file.attribute.PosixFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()).as("still a FIFO").isTrue();
    }

    @Test
    void exportThroughASymbolicLinkReplacesTheFileItPointsToAndKeepsTheLink() throws Exception {
        Files.createDirectory(home.resolve("backups"));
        Path file = Files.writeString(home.resolve("backups").resolve("latest.json"), "old");
        Path link = Files.createSymbolicLink(home.resolve("latest.json"), Path.of("backups", "latest.json"));

        stacksolo.run("registry", "export", "-o", link.toString());

        assertThat(Files.isSymbolicLink(link)).as("the link is kept").isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("backups", "latest.json"));
        assertThat(Files.readString(file)).contains("\"tables\"");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(home.resolve("backups")).isDirectoryNotContaining("glob:**/.export-*");
    }

    @Test
    void exportToDevStdoutWritesToTheProcesssStandardOutput() throws Exception {
        // /dev/stdout is per process: this one's standard output is a file of the test's
        java.io.File stdout = home.resolve("stdout.json").toFile();

        StackSoloProcess.Result export = stacksolo.runWritingTo(stdout, "registry", "export", "-o", "/dev/stdout");

        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(Files.readString(stdout.toPath())).contains("\"tables\"").contains("s3cret");
        assertThat(Path.of("/dev/stdout")).as("not replaced by a file").isSymbolicLink();
    }

    @Test
    void exportOntoTheRegistrysOwnFileIsRefusedAndTheRegistryStays() throws Exception {
        Path registry = stacksolo.defaultRegistry();
        Path link = Files.createSymbolicLink(home.resolve("registry-link.db"), registry);

        for (Path output : List.of(registry, link, registry.resolveSibling(registry.getFileName() + "-wal"))) {
            StackSoloProcess.Result export = stacksolo.run("registry", "export", "-o", output.toString());

            assertThat(export.exitCode()).as(export.toString()).isEqualTo(1);
            assertThat(export.stderr()).contains("it is the registry's own file").contains("nothing was written");
        }
        assertThat(stacksolo.ok("output", "@webapp/main/main").stdout()).isEqualTo("postgresql://app:s3cret@db/app\n");
    }

    @Test
    void exportToAnOpenFileDescriptorWritesIntoItAndReplacesNothing() throws Exception {
        Path out = Files.createFile(home.resolve("out.txt"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));
        Object inode = Files.readAttributes(out, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Path log = home.resolve("fd.log");

        // (Linux opens /dev/fd/3 anew, with an offset of its own: the export is appended after what the
        // shell wrote, and the shell's own offset does not move, as with any program given such a path)
        Process shell = stacksolo.spawnScript(log, "{ echo HEADER >&3; stacksolo registry export -o /dev/fd/3; } 3>" + out);
        assertThat(shell.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(shell.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(out)).startsWith("HEADER\n{").contains("\"tables\"").endsWith("}\n");
        assertThat(Files.getPosixFilePermissions(out)).as("not made private: it is the shell's file")
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.readAttributes(out, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("the same file, not a new one in its place").isEqualTo(inode);
    }

    @Test
    void aSqlitePathWithConnectionSettingsIsRefusedAndNoFileIsMade() throws Exception {
        Path folder = Files.createDirectory(home.resolve("q"));

        StackSoloProcess.Result refused = stacksolo.cwd(home.resolve("webapp"))
                .run("--registry", "jdbc:sqlite:" + folder.resolve("reg.db") + "?password=SEKRETq", "sync");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr()).contains("holds a '?'").doesNotContain("SEKRET");
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void thePostgresqlDriverPrintsNoPasswordOfAUrlItCannotParse() {
        StackSoloProcess.Result result = stacksolo.run("--registry",
                "jdbc:postgresql://app:Sup3rS3cretX@db.invalid/app", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).doesNotContain("Sup3rS3cretX").doesNotContain("WARNING");
    }

    @Test
    void aLibpqKeywordValueStringIsRefusedAsARegistryWithoutEchoingIt() throws Exception {
        Path project = home.resolve("webapp");
        String libpq = "host=127.0.0.1 user=postgres password=SEKRETlibpq";

        List<StackSoloProcess.Result> refused = List.of(stacksolo.cwd(project).run("--registry", libpq, "sync"),
                stacksolo.run("--registry", libpq, "doctor"),
                stacksolo.env("STACKSOLO_REGISTRY_URL", libpq).run("list"),
                stacksolo.env("STACKSOLO_REGISTRY_URL", null).env("STACKSOLO_REGISTRY_PATH", "dbname=reg sslmode=require")
                        .run("doctor"));
        stacksolo.env("STACKSOLO_REGISTRY_PATH", null);

        for (StackSoloProcess.Result result : refused) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).as(result.toString()).contains("libpq keyword/value connection string")
                    .contains("postgresql://user@host:5432/database").doesNotContain("SEKRET").doesNotContain("Exception");
        }
        try (var files = Files.list(project)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no SQLite file of that name")
                    .noneMatch(name -> name.contains("host=") || name.contains("dbname="));
        }
    }

    @Test
    void doctorMasksARegistryPathHoldingAPassword() throws Exception {
        Path odd = home.resolve("reg;password=SEKRETpath.db");
        StackSoloProcess.Result sync = stacksolo.cwd(home.resolve("webapp")).run("--registry", odd.toString(), "sync");
        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        assertThat(sync.stdout() + sync.stderr()).doesNotContain("SEKRET");

        StackSoloProcess.Result doctor = stacksolo.run("--registry", odd.toString(), "doctor");
        StackSoloProcess.Result json = stacksolo.run("--registry", odd.toString(), "doctor", "--json");

        assertThat(doctor.stdout()).as(doctor.toString()).contains("Registry " + home.resolve("reg;password=****"))
                .doesNotContain("SEKRET");
        assertThat(json.stdout()).doesNotContain("SEKRET");
        assertThat(stacksolo.ok("--registry", odd.toString(), "list", "--path").stdout()).doesNotContain("SEKRET");
    }

    @Test
    void exportIntoAMissingFolderSaysSoAndLeavesNothingBehind() throws Exception {
        Path target = home.resolve("no-such-folder").resolve("backup.json");

        StackSoloProcess.Result export = stacksolo.run("registry", "export", "-o", target.toString());
        StackSoloProcess.Result folder = stacksolo.run("registry", "import", home.toString());

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.stderr()).contains("cannot write the export to " + target)
                .contains("the folder does not exist").doesNotContain("Exception");
        assertThat(target.getParent()).doesNotExist();
        assertThat(folder.exitCode()).isEqualTo(1);
        assertThat(folder.stderr()).contains(home.toString()).contains("cannot be read").doesNotContain("Exception");
    }

    @Test
    void importOfSomethingThatIsNotAnExportChangesNothing() throws Exception {
        Path notJson = Files.writeString(home.resolve("x.json"), "hello");
        Path notExport = Files.writeString(home.resolve("y.json"), "{\"projects\": []}");

        StackSoloProcess.Result missing = stacksolo.run("registry", "import", "nope.json");
        StackSoloProcess.Result invalid = stacksolo.run("registry", "import", notJson.toString());
        StackSoloProcess.Result wrong = stacksolo.run("registry", "import", notExport.toString());

        assertThat(missing.stderr()).contains("nope.json").contains("not found");
        assertThat(invalid.stderr()).contains("not JSON");
        assertThat(wrong.stderr()).contains("not a registry export");
        for (StackSoloProcess.Result result : List.of(missing, invalid, wrong)) {
            assertThat(result.exitCode()).isEqualTo(1);
        }
        assertThat(stacksolo.ok("list", "--json").jsonArray()).hasSize(1);
    }

    @Test
    void migrateCopiesEverythingVerifiesItAndRunningItTwiceDuplicatesNothing() {
        Path target = home.resolve("target.db");

        StackSoloProcess.Result first = stacksolo.ok("registry", "migrate", "--to", target.toString());
        StackSoloProcess.Result second = stacksolo.ok("registry", "migrate", "--to", target.toString());

        assertThat(first.stdout()).contains("Migrated").contains("Verified").contains("checksum");
        assertThat(second.stdout()).contains("Verified");
        assertThat(stacksolo.ok("--registry", target.toString(), "list", "--json").jsonArray()).hasSize(1);
        assertThat(stacksolo.ok("--registry", target.toString(), "events", "list", "--json").jsonArray())
                .as("each migration is in the event log, which the target received too")
                .filteredOn(s -> "registry migrate".equals(s.get("command"))).hasSize(2);
        assertThat(stacksolo.ok("list", "--json").jsonArray()).hasSize(1);
    }

    @Test
    void aPostgresRegistryWorksAndItsPasswordNeverShows() {
        String url = postgres.fresh() + "&password=hunter2";

        StackSoloProcess.Result migrated = stacksolo.ok("registry", "migrate", "--to", url);
        StackSoloProcess.Result path = stacksolo.ok("--registry", url, "list", "--path");
        StackSoloProcess.Result resolved = stacksolo.ok("--registry", url, "output", "@webapp/main/main");
        StackSoloProcess.Result failed = stacksolo.run("--registry", url, "output", "@nobody/x");
        StackSoloProcess.Result unreachable = stacksolo.run("--registry",
                "jdbc:postgresql://127.0.0.1:1/none?user=x&password=hunter2", "list");

        assertThat(resolved.stdout()).isEqualTo("postgresql://app:s3cret@db/app\n");
        assertThat(path.stdout()).contains("currentSchema=it_").contains("password=****");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.stderr()).startsWith("error: ").contains("127.0.0.1:1");
        for (StackSoloProcess.Result result : List.of(migrated, path, resolved, failed, unreachable)) {
            assertThat(result.stdout() + result.stderr()).doesNotContain("hunter2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "list", "register", "unregister", "status", "output", "history", "sync", "outputs",
        "outputs set", "deployment", "deployment start", "deployment finish", "registry", "registry export",
        "registry import", "registry migrate", "completion", "unlock", "doctor", "events", "events list", "events show",
        "events prune", "refs", "graph", "dependents", "stale"})
    void everyCommandHasHelp(String command) {
        List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");

        StackSoloProcess.Result result = stacksolo.ok(args.toArray(String[]::new));

        assertThat(result.stdout()).contains("Usage: stacksolo" + (command.isEmpty() ? "" : " " + command));
        // the description reads as wrapped paragraphs: no ragged fragment of a line, nothing too wide
        List<String> description = result.stdout().lines().skip(1)
                .dropWhile(line -> line.startsWith(" ")).takeWhile(line -> !line.startsWith(" ") && !line.isEmpty()
                        && !line.equals("Commands:")).toList();
        assertThat(description).isNotEmpty().allSatisfy(line -> assertThat(line.length() >= 45
                || line.endsWith(".") || line.endsWith(")") || line.endsWith(":")).as(line).isTrue());
        assertThat(result.stdout().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
    }

    @Test
    void versionAndCompletion() {
        assertThat(stacksolo.ok("--version").stdout()).startsWith("stacksolo ").contains("schema");
        String completion = stacksolo.ok("completion").stdout();
        assertThat(completion).contains("complete").contains("stacksolo").contains("unregister").contains("outputs");
    }

    @Test
    void successfulCommandsPrintNoStrayLinesFromDependencies() {
        for (String[] args : List.of(new String[] {"list"}, new String[] {"output", "@webapp/main/main"},
                new String[] {"registry", "export"})) {
            StackSoloProcess.Result result = stacksolo.run(args);
            assertThat(result.exitCode()).isZero();
            assertThat(result.stderr()).as(String.join(" ", args)).isEmpty();
            assertThat(result.stdout()).doesNotContain("SLF4J").doesNotContain("WARNING");
        }
    }

    @Test
    void aRegistryFileThatIsNotADatabaseGetsAClearError() throws Exception {
        Path garbage = Files.writeString(home.resolve("garbage.db"), "not a database\n".repeat(100));

        StackSoloProcess.Result result = stacksolo.run("--registry", garbage.toString(), "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("error: ").contains(garbage.toString()).contains("not a database")
                .doesNotContain("\tat ");
        assertThat(Files.readString(garbage)).startsWith("not a database");
    }

    @Test
    void anEmptyRegistryOptionIsAUsageErrorAndAnEmptyVariableMeansUnset() {
        for (List<String> args : List.of(List.of("--registry", "", "list"), List.of("list", "--registry="),
                List.of("output", "--registry", " ", "@webapp/main/main"), List.of("--registry=", "output", "@webapp/main/main"))) {
            StackSoloProcess.Result result = stacksolo.run(args.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).as(result.toString()).contains("--registry needs a path or a URL");
            assertThat(result.stdout()).isEmpty();
        }
        // an empty variable is as if unset (as shells and most tools take it): the default registry
        assertThat(stacksolo.env("STACKSOLO_REGISTRY_PATH", "").env("STACKSOLO_REGISTRY_URL", "")
                .ok("output", "@webapp/main/main").stdout()).isEqualTo("postgresql://app:s3cret@db/app\n");
    }

    @Test
    void versionJsonAsAnOptionPrintsWhatTheVersionCommandPrints() {
        Map<String, Object> command = stacksolo.ok("version", "--json").jsonObject();

        assertThat(stacksolo.ok("--version", "--json").jsonObject()).isEqualTo(command);
        assertThat(stacksolo.ok("--json", "-V").jsonObject()).isEqualTo(command);
        assertThat(stacksolo.ok("--version").stdout()).startsWith("stacksolo ");
    }

    @Test
    void aPostgresRegistryThatCannotBeOpenedSaysWhyAndWhatToDo() throws SQLException {
        try (Connection connection = PostgresSchemas.connect()) {
            String missingDatabase = PostgresSchemas.URL.replaceFirst("/[^/?]+\\?", "/stacksolo_no_such_db_views?") + "&password=hunter2";
            StackSoloProcess.Result noDatabase = stacksolo.run("--registry", missingDatabase, "list");
            assertThat(noDatabase.exitCode()).isEqualTo(1);
            assertThat(noDatabase.stderr()).contains("error: could not open the registry at jdbc:postgresql://")
                    .contains("password=****: database \"stacksolo_no_such_db_views\" does not exist; create it (createdb -h ")
                    .contains(" stacksolo_no_such_db_views) or fix the URL").doesNotContain("hunter2");

            StackSoloProcess.Result refused = stacksolo.run("--registry", "jdbc:postgresql://127.0.0.1:1/none?user=x", "list");
            assertThat(refused.stderr()).contains("could not open the registry at jdbc:postgresql://127.0.0.1:1/none?user=x: ")
                    .contains("refused").contains("check that PostgreSQL is running on 127.0.0.1 port 1");

            String noRole = PostgresSchemas.URL.replaceFirst("user=[^&]+", "user=stacksolo_no_such_role_views");
            StackSoloProcess.Result role = stacksolo.run("--registry", noRole, "list");
            assertThat(role.exitCode()).isEqualTo(1);
            assertThat(role.stderr()).contains("could not open the registry at").contains("stacksolo_no_such_role_views")
                    .contains("check the role and its password");
        }
    }
}
