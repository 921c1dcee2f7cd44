package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's files (issue 15, item 7): what {@code doctor --fix} may change, paths that are not
 * registry files, libpq URLs, and read commands that never create a file and work on a read-only
 * file or file system.
 */
class RegistryFilesIT {

    @RegisterExtension
    final PostgresSchemas postgres = new PostgresSchemas();

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    Path outside;

    @BeforeEach
    void aHome() throws IOException {
        stacksolo = StackSoloProcess.in(home);
        // a folder other users may traverse, for the runs as another user (a @TempDir is 0700)
        outside = Files.createTempDirectory("stacksolo-files-it");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void removeOutside() throws IOException {
        run("rm", "-rf", outside.toString());
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode") & 07777;
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private Path syncedInto(Path registry) {
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("--registry", registry.toString(), "sync");
        stacksolo.cwd(home);
        return registry;
    }

    @Test
    void doctorFixMakesTheFilesPrivateButLeavesASharedStickyFolderAsItIs() throws Exception {
        Path shared = Files.createDirectory(home.resolve("shared"));
        run("chmod", "1777", shared.toString());
        Path registry = syncedInto(shared.resolve("registry.db"));
        Files.setPosixFilePermissions(registry, PosixFilePermissions.fromString("rw-r--r--"));

        StackSoloProcess.Result fixed = stacksolo.run("--registry", registry.toString(), "doctor", "--fix");

        assertThat(mode(shared)).as("the sticky bit and the folder's mode").isEqualTo(01777);
        assertThat(mode(registry)).isEqualTo(0600);
        assertThat(fixed.stdout()).contains("fixed    made " + registry + " private (rw-------)")
                .contains("PROBLEM  " + shared + " is open to other users (rwxrwxrwx +sticky)")
                .contains("it is a shared folder (sticky bit, like /tmp), not stacksolo's")
                .contains("mkdir -m 700 ~/.stacksolo").doesNotContain("made " + shared + " private");
        assertThat(fixed.exitCode()).as("the folder is still reported").isEqualTo(1);
    }

    @Test
    void doctorFixLeavesASymlinkedSetgidStacksoloFolderAsItIs() throws Exception {
        Path team = Files.createDirectory(home.resolve("team-registry"));
        run("chmod", "2775", team.toString());
        Files.createSymbolicLink(home.resolve(".stacksolo"), team);
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("sync");
        Path registry = team.resolve("registry.db");
        Files.setPosixFilePermissions(registry, PosixFilePermissions.fromString("rw-rw-r--"));

        StackSoloProcess.Result fixed = stacksolo.cwd(home).run("doctor", "--fix");

        assertThat(mode(team)).as("setgid and the team's group bits").isEqualTo(02775);
        assertThat(mode(registry)).isEqualTo(0600);
        assertThat(fixed.stdout()).contains("PROBLEM  " + home.resolve(".stacksolo") + " is open to other users")
                .contains("+setgid").contains("a shared folder (setgid, a team's), not stacksolo's");
    }

    @Test
    void doctorFixMakesTheDefaultFolderItCreatedPrivate() throws Exception {
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("sync");
        Path folder = stacksolo.defaultRegistry().getParent();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));

        StackSoloProcess.Result fixed = stacksolo.cwd(home).ok("doctor", "--fix");

        assertThat(fixed.stdout()).contains("fixed    made " + folder + " private (rwx------)");
        assertThat(mode(folder)).isEqualTo(0700);
    }

    @Test
    void doctorFixDoesNotFollowALinkPlantedBesideTheRegistry() throws Exception {
        stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json")).ok("sync");
        Path victim = Files.writeString(outside.resolve("someone-elses-file"), "x");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Path planted = stacksolo.defaultRegistry().resolveSibling("registry.db.backup-v1-planted");
        Files.createSymbolicLink(planted, victim);

        StackSoloProcess.Result fixed = stacksolo.cwd(home).run("doctor", "--fix");

        assertThat(mode(victim)).isEqualTo(0644);
        assertThat(fixed.stdout()).contains("PROBLEM  " + planted + " is open to other users (a symbolic link to "
                + victim + ")").contains("`rm " + planted + "`");
    }

    @Test
    void devNullIsRefusedBeforeSqliteTouchesIt() {
        boolean journalBefore = Files.exists(Path.of("/dev/null-journal"));

        StackSoloProcess.Result list = stacksolo.run("--registry", "/dev/null", "list");
        StackSoloProcess.Result sync = stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json"))
                .run("--registry", "/dev/null", "sync");

        for (StackSoloProcess.Result result : List.of(list, sync)) {
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("the registry path /dev/null is a device, fifo or socket, not a"
                    + " registry file; nothing was opened or created").doesNotContain("Exception");
        }
        if (!journalBefore) {
            assertThat(Path.of("/dev/null-journal")).doesNotExist();
        }
    }

    @Test
    void aFifoOrAFolderIsRefusedAndNothingIsCreatedBesideIt() throws Exception {
        Path folder = Files.createDirectory(home.resolve("registry-folder"));
        Path fifo = folder.resolve("registry.db");
        run("mkfifo", fifo.toString());

        StackSoloProcess.Result list = stacksolo.run("--registry", fifo.toString(), "list");
        StackSoloProcess.Result sync = stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json"))
                .run("--registry", fifo.toString(), "sync");
        StackSoloProcess.Result output = stacksolo.run("--registry", fifo.toString(), "output", "@webapp/main/db");
        StackSoloProcess.Result aFolder = stacksolo.run("--registry", folder.toString(), "list");

        for (StackSoloProcess.Result result : List.of(list, sync, output)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).contains(fifo + " is a device, fifo or socket, not a registry file");
        }
        assertThat(aFolder.exitCode()).isEqualTo(1);
        assertThat(aFolder.stderr()).contains(folder + " is a folder, not a registry file")
                .contains(folder.resolve("registry.db").toString());
        assertThat(namesIn(folder)).containsExactly("registry.db");
    }

    @Test
    void aDanglingSymlinkIsRefusedAndItsTargetNotCreated() throws Exception {
        Path target = home.resolve("elsewhere").resolve("registry.db");
        Path link = Files.createSymbolicLink(home.resolve("registry.db"), target);

        StackSoloProcess.Result list = stacksolo.run("--registry", link.toString(), "list");
        StackSoloProcess.Result sync = stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json"))
                .run("--registry", link.toString(), "sync");

        for (StackSoloProcess.Result result : List.of(list, sync)) {
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("is a symbolic link to " + target + ", which does not exist")
                    .contains("chmod 600");
        }
        assertThat(target.getParent()).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aPostgresqlUrlInLibpqFormIsAUrlNeverAPath() throws Exception {
        String jdbc = PostgresSchemas.URL;
        Matcher parts = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]+).*").matcher(jdbc);
        assumeThat(parts.matches()).as("a jdbc:postgresql://host/db test URL").isTrue();
        String schema = postgres.freshSchema();
        // a password under trust authentication is accepted and ignored; it must be masked and decoded
        String url = "postgresql://postgres:s3cr%40t@" + parts.group(1) + "/" + parts.group(2)
                + "?sslmode=disable&currentSchema=" + schema;
        for (String form : List.of(url, url.replace("postgresql://", "postgres://"))) {
            Path project = stacksolo.project("webapp", "webapp-with-db.json");
            stacksolo.cwd(project).ok("--registry", form, "sync");
            StackSoloProcess.Result list = stacksolo.cwd(home).ok("--registry", form, "list", "--json");
            assertThat(list.jsonArray()).extracting(p -> p.get("name")).containsExactly("webapp");
            assertThat(stacksolo.ok("--registry", form, "list", "--path").stdout())
                    .contains(":****@").doesNotContain("s3cr");
            assertThat(namesIn(home)).noneMatch(name -> name.startsWith("postgres"));
            assertThat(namesIn(project)).noneMatch(name -> name.startsWith("postgres"));
        }
        StackSoloProcess.Result viaEnvironment = stacksolo.env("STACKSOLO_REGISTRY_URL", url).ok("list");
        assertThat(viaEnvironment.stdout()).contains("webapp");
        assertThat(namesIn(home)).noneMatch(name -> name.startsWith("postgres"));
    }

    @Test
    void readCommandsOnAMissingRegistryCreateNothing() throws Exception {
        Path registry = home.resolve("nothing-here").resolve("registry.db");

        StackSoloProcess.Result list = stacksolo.run("--registry", registry.toString(), "list");
        StackSoloProcess.Result json = stacksolo.run("--registry", registry.toString(), "list", "--json");
        List<StackSoloProcess.Result> failing = List.of(
                stacksolo.run("--registry", registry.toString(), "output", "@webapp/main/db"),
                stacksolo.run("--registry", registry.toString(), "history", "webapp"),
                stacksolo.run("--registry", registry.toString(), "graph"),
                stacksolo.run("--registry", registry.toString(), "events", "list"),
                stacksolo.run("--registry", registry.toString(), "doctor"),
                stacksolo.run("--registry", registry.toString(), "list", "webapp"),
                stacksolo.cwd(stacksolo.project("webapp", "webapp-with-db.json"))
                        .run("--registry", registry.toString(), "status"),
                stacksolo.run("--registry", registry.toString(), "refs"));
        StackSoloProcess.Result defaultList = stacksolo.cwd(home).run("list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout()).isEmpty();
        assertThat(list.stderr()).startsWith("No registry at " + registry + " yet");
        assertThat(json.exitCode()).isZero();
        assertThat(json.stdout()).isEqualTo("[]\n");
        for (StackSoloProcess.Result result : failing) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).as(result.toString()).contains("no registry at " + registry + " yet")
                    .contains("stacksolo register");
        }
        assertThat(defaultList.exitCode()).isZero();
        assertThat(defaultList.stderr()).startsWith("No registry at " + stacksolo.defaultRegistry() + " yet");
        assertThat(registry.getParent()).doesNotExist();
        assertThat(home.resolve(".stacksolo")).doesNotExist();
    }

    @Test
    void writeCommandsThatNeedWhatIsRecordedFailOnAMissingRegistryAndCreateNothing() throws Exception {
        Path registry = home.resolve("nothing-here").resolve("registry.db");
        Path webapp = stacksolo.project("webapp", "webapp-with-db.json");

        List<StackSoloProcess.Result> failing = List.of(
                stacksolo.cwd(home).run("--registry", registry.toString(), "outputs", "set", "@webapp/main/db",
                        "url=postgresql://app:pw@h/db"),
                stacksolo.run("--registry", registry.toString(), "unregister", "webapp", "-y"),
                stacksolo.run("--registry", registry.toString(), "unlock", "webapp"),
                stacksolo.cwd(webapp).run("--registry", registry.toString(), "deployment", "start"),
                stacksolo.run("--registry", registry.toString(), "deployment", "finish",
                        "3f2a9c1e-0b7d-4c1a-9d1e-2b6f8a7c5e10", "--status", "succeeded"));

        for (StackSoloProcess.Result result : failing) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).as(result.toString()).contains("no registry at " + registry + " yet")
                    .contains("stacksolo register").doesNotContain("Exception");
        }
        assertThat(registry.getParent()).doesNotExist();
        // the default location too
        StackSoloProcess.Result byDefault = stacksolo.cwd(home).run("outputs", "set", "@webapp/main/db", "url=x");
        assertThat(byDefault.exitCode()).as(byDefault.toString()).isEqualTo(1);
        assertThat(stacksolo.defaultRegistry()).doesNotExist();
        assertThat(home.resolve(".stacksolo")).doesNotExist();
    }

    @Test
    void readCommandsWorkOnAReadOnlyFileSystem() throws Exception {
        assumeThat(canRun("unshare", "-m", "true")).as("unshare -m (root in a Linux mount namespace)").isTrue();
        Path folder = Files.createDirectory(home.resolve("mounted"));
        Path registry = syncedInto(folder.resolve("registry.db"));
        stacksolo.ok("--registry", registry.toString(), "outputs", "set", "@webapp/main/main", "url=https://x.example");
        List<String> before = namesIn(folder);
        String readOnly = "mount --bind " + folder + " " + folder + " && mount -o remount,bind,ro " + folder
                + " && exec \"$0\" \"$@\"";
        stacksolo.through("unshare", "-m", "sh", "-c", readOnly);

        StackSoloProcess.Result list = stacksolo.ok("--registry", registry.toString(), "list", "webapp");
        StackSoloProcess.Result output = stacksolo.ok("--registry", registry.toString(), "output", "@webapp/main/main.url");
        StackSoloProcess.Result doctor = stacksolo.run("--registry", registry.toString(), "doctor");
        StackSoloProcess.Result write = stacksolo.run("--registry", registry.toString(), "unregister", "webapp", "-y");

        assertThat(list.stdout()).contains("webapp").contains("database");
        assertThat(output.stdout()).isEqualTo("https://x.example\n");
        assertThat(doctor.stdout()).contains("ok       integrity check: ok");
        assertThat(write.exitCode()).isEqualTo(1);
        assertThat(namesIn(folder)).isEqualTo(before);
        stacksolo.through();
        assertThat(stacksolo.ok("--registry", registry.toString(), "list", "--json").jsonArray()).hasSize(1);
    }

    @Test
    void readCommandsWorkOnAReadOnlyFile() throws Exception {
        assumeThat(canRun("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"))
                .as("setpriv to another user (root)").isTrue();
        Path registry = syncedInto(outside.resolve("registry.db"));
        stacksolo.ok("--registry", registry.toString(), "outputs", "set", "@webapp/main/main", "url=https://x.example");
        // readable by the other user, writable by nobody but its owner: a colleague's file, or a 0444 copy
        Files.setPosixFilePermissions(registry, PosixFilePermissions.fromString("r--r--r--"));
        run("chmod", "-R", "a+rX", home.toString());
        List<String> before = namesIn(outside);
        stacksolo.through("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");

        StackSoloProcess.Result list = stacksolo.run("--registry", registry.toString(), "list");
        StackSoloProcess.Result output = stacksolo.run("--registry", registry.toString(), "output", "@webapp/main/main.url");
        StackSoloProcess.Result write = stacksolo.run("--registry", registry.toString(), "unregister", "webapp", "-y");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains("webapp");
        assertThat(output.stdout()).as(output.toString()).isEqualTo("https://x.example\n");
        assertThat(write.exitCode()).isEqualTo(1);
        assertThat(namesIn(outside)).isEqualTo(before);
        assertThat(Files.getPosixFilePermissions(registry, LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
    }

    private static boolean canRun(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
