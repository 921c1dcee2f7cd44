package dev.stacksolo.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.Locations;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.RegistryNotFoundException;
import dev.stacksolo.registry.RegistryPathException;
import dev.stacksolo.registry.types.CreateProjectInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which locations are files, which are URLs, and what opening a path that is no registry file does. */
class RegistryPathsTest {

    @TempDir
    Path folder;

    @Test
    void libpqUrlsBecomeJdbcUrlsWithUserAndPasswordAsParameters() {
        assertThat(Locations.toJdbc("postgresql://app:s%40cret@db.internal:5432/registry?sslmode=require"))
                .isEqualTo("jdbc:postgresql://db.internal:5432/registry?sslmode=require&user=app&password=s%40cret");
        assertThat(Locations.toJdbc("postgres://db/registry")).isEqualTo("jdbc:postgresql://db/registry");
        assertThat(Locations.toJdbc("POSTGRESQL://ci@h1:5432,h2:5433/reg"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/reg?user=ci");
        assertThat(Locations.toJdbc("postgresql://u:p%2Fq@[::1]:5432/r"))
                .isEqualTo("jdbc:postgresql://[::1]:5432/r?user=u&password=p%2Fq");
        // a password holding a raw @ (and quotes): the host is after the last @, never part of the password
        assertThat(Locations.toJdbc("postgresql://app:p@ss'\"<x>@db.internal:5432/registry"))
                .isEqualTo("jdbc:postgresql://db.internal:5432/registry?user=app&password=p%40ss%27%22%3Cx%3E");
        assertThat(Locations.mask("postgresql://app:p@ss'\"<x>@db.internal:5432/registry"))
                .isEqualTo("postgresql://app:****@db.internal:5432/registry");
        assertThat(Locations.toJdbc("/home/me/.stacksolo/registry.db")).isEqualTo("/home/me/.stacksolo/registry.db");
        assertThat(Locations.isLibpqUrl("postgresql:/relative")).isFalse();
        assertThatThrownBy(() -> Locations.toJdbc("postgresql://app:pw@/registry"))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("names no host")
                .hasMessageNotContaining("pw@");
    }

    @Test
    void otherUrlSchemesAreRefusedNotTakenForPaths() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        assertThatThrownBy(() -> Registry.open("mysql://db/registry")).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("unsupported registry URL");
        assertThat(cwd.resolve("mysql:")).doesNotExist();
    }

    @Test
    void openExistingOnAMissingFileCreatesNothing() {
        Path file = folder.resolve("not-yet").resolve("registry.db");

        assertThatThrownBy(() -> Registry.openExisting(file.toString()))
                .isInstanceOf(RegistryNotFoundException.class).hasMessageStartingWith("no registry at " + file + " yet");
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void openExistingReadsAndMigratesAnExistingWritableFileAsOpenDoes() {
        Path file = folder.resolve("registry.db");
        try (Registry registry = Registry.open(file)) {
            registry.service().registerProject(CreateProjectInput.builder().name("app").gcpProjectId("g")
                    .region("r").build());
        }
        try (Registry registry = Registry.openExisting(file.toString())) {
            assertThat(registry.service().findProjectByName("app")).isPresent();
            assertThat(registry.isReadOnly()).isFalse();
        }
    }

    @Test
    void aFifoAFolderAndADanglingLinkAreRefusedBeforeSqliteOpensThem() throws Exception {
        Path fifo = folder.resolve("fifo.db");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path dangling = Files.createSymbolicLink(folder.resolve("link.db"), folder.resolve("missing").resolve("r.db"));

        for (String location : new String[] {fifo.toString(), folder.toString(), "jdbc:sqlite:" + fifo}) {
            assertThatThrownBy(() -> Registry.open(location)).isInstanceOf(RegistryPathException.class)
                    .hasMessageContaining("not a registry file");
            assertThatThrownBy(() -> Registry.openExisting(location)).isInstanceOf(RegistryPathException.class);
        }
        assertThatThrownBy(() -> Registry.open(dangling)).isInstanceOf(RegistryPathException.class)
                .hasMessageContaining("which does not exist");
        assertThat(folder.resolve("missing")).doesNotExist();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("fifo.db", "link.db");
        }
    }

    @Test
    void aLinkToAnExistingFileIsFollowed() throws Exception {
        Path real = folder.resolve("real.db");
        Registry.open(real).close();
        Path link = Files.createSymbolicLink(folder.resolve("link.db"), real);

        try (Registry registry = Registry.open(link)) {
            assertThat(registry.service().listProjects()).isEmpty();
        }
    }

    @Test
    void aLibpqKeywordValueStringIsRefusedNotOpenedAsAFileAndNeverEchoed() throws Exception {
        for (String libpq : new String[] {"host=127.0.0.1 user=postgres password=SEKRET", "dbname=reg",
                "password = SEKRET host=h", "service=team sslmode=require", "custom=1 other=2"}) {
            assertThat(Locations.isLibpqKeywordValue(libpq)).as(libpq).isTrue();
            assertThatThrownBy(() -> Registry.open(libpq)).as(libpq).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("libpq keyword/value connection string")
                    .hasMessageContaining("postgresql://user@host:5432/database").hasMessageNotContaining("SEKRET");
        }
        for (String path : new String[] {folder.resolve("a=b.db").toString(), "a=b.db", "registry.db",
                "postgresql://h/db?sslmode=require", "jdbc:postgresql://h/db?user=u"}) {
            assertThat(Locations.isLibpqKeywordValue(path)).as(path).isFalse();
        }
        try (Registry registry = Registry.open(folder.resolve("x=1.db").toString())) {
            assertThat(registry.location()).isEqualTo(folder.resolve("x=1.db").toString());
        }
        try (Registry registry = Registry.open(folder.resolve("r;password=SEKRET.db").toString())) {
            assertThat(registry.location()).isEqualTo(folder.resolve("r;password=****").toString());
        }
    }
}
