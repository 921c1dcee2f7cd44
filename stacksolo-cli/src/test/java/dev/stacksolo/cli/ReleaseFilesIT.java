package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release files of issue 17 as a user gets them: the archive extracted into a folder of its
 * own and run with no Java on PATH (its own runtime), through a link in {@code ~/.local/bin}; the
 * jar run alone with {@code java -jar}; both checked against their {@code .sha256} files.
 */
class ReleaseFilesIT {

    static final String VERSION = System.getProperty("stacksolo.version", "");
    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final Path ARCHIVE = TARGET.resolve("stacksolo-" + VERSION + "-linux-x64.tar.gz");
    static final Path JAR = TARGET.resolve("stacksolo-" + VERSION + ".jar");
    @RegisterExtension
    final PostgresSchemas postgres = new PostgresSchemas();
    static final String CONFIG = "{\"project\": {\"name\": \"shared-infra\", \"gcpProjectId\": \"acme-shared\","
            + " \"region\": \"us-central1\", \"networks\": [{\"name\": \"main\", \"databases\": [{\"name\": \"users-db\"}]}]}}";

    @TempDir
    Path folder;

    @BeforeAll
    static void versionKnown() {
        assertThat(VERSION).as("failsafe passes -Dstacksolo.version").isNotEmpty();
    }

    @Test
    void theArchiveRunsFromAnyFolderWithNoJavaOnPathThroughALink() throws Exception {
        boolean linuxX64 = System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64");
        Assumptions.assumeTrue(linuxX64 && !Boolean.getBoolean("stacksolo.archive.skip"),
                "the archive is built on Linux x64 only (and not with -Dstacksolo.archive.skip)");
        assertThat(ARCHIVE).as("mvn package makes the archive on Linux x64").exists();
        assertChecksum(ARCHIVE);

        Path install = Files.createDirectories(folder.resolve("my tools")); // a space: the launcher quotes
        List<String> entries = run(List.of("tar", "-tzf", ARCHIVE.toString()), install, Map.of()).lines().toList();
        assertThat(entries).allMatch(entry -> entry.startsWith("stacksolo-" + VERSION + "/"));
        assertThat(entries).contains("stacksolo-" + VERSION + "/bin/stacksolo", "stacksolo-" + VERSION + "/LICENSE",
                "stacksolo-" + VERSION + "/README.md", "stacksolo-" + VERSION + "/runtime/bin/java",
                "stacksolo-" + VERSION + "/lib/stacksolo.jsa");
        run(List.of("tar", "-xzf", ARCHIVE.toString()), install, Map.of());
        Path top = install.resolve("stacksolo-" + VERSION);

        // PATH holds readlink and the link to stacksolo, and no java
        Path home = Files.createDirectories(folder.resolve("home"));
        Path tools = Files.createDirectories(folder.resolve("tools"));
        Files.createSymbolicLink(tools.resolve("readlink"), Path.of("/usr/bin/readlink"));
        Path localBin = Files.createDirectories(home.resolve(".local").resolve("bin"));
        Path link = Files.createSymbolicLink(localBin.resolve("stacksolo"), top.resolve("bin").resolve("stacksolo"));
        String path = tools + ":" + localBin;
        assertThat(new ProcessBuilder("/bin/sh", "-c", "PATH='" + path + "' command -v java").start().waitFor())
                .as("no java on this PATH").isNotZero();

        StackSoloProcess stacksolo = StackSoloProcess.in(home).launcher(link)
                .env("PATH", path).env("JAVA", null).env("JAVA_HOME", "/nonexistent/jdk");
        Map<String, Object> version = stacksolo.ok("version", "--json").jsonObject();
        assertThat(version.get("version")).isEqualTo(VERSION);
        assertThat(((Map<?, ?>) version.get("java")).get("home")).isEqualTo(top.resolve("runtime").toString());
        assertThat(stacksolo.ok("--version").stdout()).startsWith("stacksolo " + VERSION + "\n");
        // the launcher needs nothing from PATH, not even readlink to follow the link: an odd or empty PATH
        for (String odd : List.of("/nonexistent", "")) {
            StackSoloProcess.Result bare = stacksolo.env("PATH", odd).run("--version");
            assertThat(bare.exitCode()).as("PATH=%s: %s", odd, bare).isZero();
            assertThat(bare.stdout()).startsWith("stacksolo " + VERSION + "\n");
        }
        stacksolo.env("PATH", path);

        // the everyday path, from a project folder, with a temporary folder nobody can write
        Path project = stacksolo.projectWithConfig("shared-infra", CONFIG);
        stacksolo.cwd(project).env("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=/nonexistent");
        assertThat(stacksolo.run("sync").exitCode()).isZero();
        assertThat(stacksolo.run("outputs", "set", "@shared-infra/main/users-db",
                "connectionString=postgresql://app:s3cret@10.0.0.5/users").exitCode()).isZero();
        StackSoloProcess.Result value = stacksolo.run("output", "@shared-infra/main/users-db.connectionString");
        assertThat(value.stdout()).as(value.toString()).isEqualTo("postgresql://app:s3cret@10.0.0.5/users\n");
        stacksolo.env("JAVA_TOOL_OPTIONS", null);

        // commands whose classes the training run never loaded: the runtime holds their modules
        assertThat(stacksolo.ok("list", "--json").jsonArray()).extracting(p -> p.get("name")).containsExactly("shared-infra");
        assertThat(stacksolo.ok("graph", "--format", "dot").stdout()).startsWith("digraph");
        assertThat(stacksolo.ok("events", "list", "--json").jsonArray()).isNotEmpty();
        assertThat(stacksolo.ok("registry", "export").jsonObject()).containsEntry("format", "stacksolo-registry");
        assertThat(stacksolo.run("doctor").exitCode()).isZero();
        assertThat(stacksolo.ok("completion").stdout()).contains("stacksolo");
        StackSoloProcess.Result typo = stacksolo.run("lsit");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stderr()).doesNotContain("Exception");

        onPostgres(url -> {
            assertThat(stacksolo.ok("registry", "migrate", "--to", url).exitCode()).isZero();
            assertThat(stacksolo.ok("--registry", url, "output", "@shared-infra/main/users-db.connectionString").stdout())
                    .isEqualTo("postgresql://app:s3cret@10.0.0.5/users\n");
        });
    }

    @Test
    void theJarRunsAloneWithJavaJarAndNeedsNoWritableTemporaryFolder() throws Exception {
        assertThat(JAR).as("mvn package makes the runnable jar").exists();
        assertChecksum(JAR);
        Path alone = Files.copy(JAR, Files.createDirectories(folder.resolve("downloads")).resolve(JAR.getFileName()));
        Path home = Files.createDirectories(folder.resolve("home"));
        Path project = Files.createDirectories(home.resolve("shared-infra").resolve(".stacksolo"));
        Files.writeString(project.resolve("stacksolo.config.json"), CONFIG);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, String> env = Map.of("HOME", home.toString(), "PATH", System.getenv("PATH"));
        List<String> jar = List.of(java, "-Djava.io.tmpdir=/nonexistent", "-jar", alone.toString());

        assertThat(run(concat(jar, "--version"), home, env)).startsWith("stacksolo " + VERSION + "\n");
        run(concat(jar, "sync"), project.getParent(), env);
        run(concat(jar, "outputs", "set", "@shared-infra/main/users-db", "url=https://db.example.com"), home, env);
        assertThat(run(concat(jar, "output", "@shared-infra/main/users-db.url"), home, env))
                .isEqualTo("https://db.example.com\n");
        try (Stream<Path> cached = Files.walk(home.resolve(".cache").resolve("stacksolo"))) {
            assertThat(cached.filter(p -> p.getFileName().toString().equals("libsqlitejdbc.so")))
                    .as("sqlite's library is kept in the cache, not copied to /tmp at every start").hasSize(1);
        }

        // a cache that cannot be written: sqlite-jdbc's own extraction into the temporary folder
        Path notAFolder = Files.writeString(folder.resolve("cache-file"), "");
        Map<String, String> noCache = Map.of("HOME", home.toString(), "XDG_CACHE_HOME", notAFolder.toString(),
                "PATH", System.getenv("PATH"));
        assertThat(run(List.of(java, "-jar", alone.toString(), "output", "@shared-infra/main/users-db.url"), home, noCache))
                .isEqualTo("https://db.example.com\n");
    }

    /** The {@code .sha256} file beside {@code file} holds its digest and name, as sha256sum writes them. */
    private static void assertChecksum(Path file) throws IOException, NoSuchAlgorithmException {
        Path sums = file.resolveSibling(file.getFileName() + ".sha256");
        assertThat(sums).exists();
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(Files.readString(sums).strip()).isEqualTo(digest + "  " + file.getFileName());
    }

    /** Runs {@code command} in {@code cwd} with exactly {@code env}; fails unless it exits 0 with nothing on stderr. */
    private static String run(List<String> command, Path cwd, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        if (!env.isEmpty()) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        Path err = Files.createTempFile("release-it", ".err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(err);
        Files.delete(err);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out + stderr).isZero();
        assertThat(stderr).as(String.join(" ", command)).isEmpty();
        return out;
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    /** Runs {@code work} with the URL of a fresh PostgreSQL schema, dropped afterwards; skipped without a server. */
    private void onPostgres(SqlWork work) throws SQLException {
        work.run(postgres.fresh());
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(String url) throws SQLException;
    }
}
