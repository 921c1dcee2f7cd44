package dev.stacksolo.registry.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.LibraryUser;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.Finding;
import dev.stacksolo.registry.types.RegistryProject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library as its users meet it: in-memory registries for tests, the shared registry, the optional driver. */
class LibraryUseTest {

    @TempDir
    Path folder;

    @Test
    void anInMemoryRegistryIsEmptyOfItsOwnAndWritesNoFile() {
        Path cwd = Path.of("").toAbsolutePath();
        try (Registry one = Registry.openInMemory(); Registry other = Registry.openInMemory()) {
            one.service().registerProject(project("my-app"));

            assertThat(one.service().findProjectByName("my-app")).isPresent();
            assertThat(other.service().listProjects()).isEmpty();
            assertThat(one.location()).isEqualTo(":memory:");
            assertThat(one.notices()).isEmpty();
            assertThat(one.doctor().check()).filteredOn(Finding::problem).isEmpty();
        }
        assertThat(cwd.resolve(":memory:")).doesNotExist();
    }

    @Test
    void memoryLocationsOpenInMemoryAndAPoolOfThemSharesOneDatabase() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        try (Registry byName = Registry.open(":memory:");
                Registry byUrl = Registry.open("jdbc:sqlite::memory:", 4)) {
            byName.service().registerProject(project("by-name"));
            assertThat(byUrl.service().listProjects()).isEmpty();

            // a pool would otherwise give each connection a database of its own
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<RegistryProject>> made = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String name = "app-" + i;
                    made.add(threads.submit(() -> byUrl.service().registerProject(project(name))));
                }
                for (Future<RegistryProject> project : made) {
                    project.get(30, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(byUrl.service().listProjects()).hasSize(8);
        }
        assertThat(cwd.resolve(":memory:")).doesNotExist();
        assertThat(cwd.resolve("jdbc:sqlite::memory:")).doesNotExist();
    }

    @Test
    void aClosedRegistrySaysSoAndRefusesWork() {
        Registry registry = Registry.openInMemory();
        assertThat(registry.isClosed()).isFalse();

        registry.close();

        assertThat(registry.isClosed()).isTrue();
        assertThatThrownBy(() -> registry.service().listProjects())
                .isInstanceOf(DatabaseException.class).hasMessageContaining("closed");
    }

    /**
     * A SQLite-only user's class path has no PostgreSQL driver (the library declares it optional):
     * SQLite works, the shared registry survives a holder that closed it, and a PostgreSQL URL is
     * refused with what to add.
     */
    @Test
    void aSqliteOnlyUserNeedsNoPostgresDriverAndSharesTheRegistryWithoutBreakingIt() throws Exception {
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> withoutDriver = classPath.stream()
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("postgresql-"))
                .collect(Collectors.toList());
        assertThat(withoutDriver).as("the test class path holds the driver to leave out").hasSize(classPath.size() - 1);

        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, withoutDriver), LibraryUser.class.getName(),
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        builder.environment().remove("STACKSOLO_REGISTRY_URL");
        builder.environment().put("STACKSOLO_REGISTRY_PATH", folder.resolve("registry.db").toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines()).as(output).containsExactly(
                "closed=false",
                "value=postgresql://app@10.0.0.5/users",
                "value=postgresql://app@10.0.0.5/users",
                "refused: cannot open a PostgreSQL registry: the PostgreSQL driver is not on the class path. The"
                        + " stacksolo-registry library leaves it optional; add the dependency org.postgresql:postgresql"
                        + " (42.7 or later) to your project to use a PostgreSQL registry");
        assertThat(Files.exists(folder.resolve("registry.db"))).isTrue();
    }

    private static CreateProjectInput project(String name) {
        return CreateProjectInput.builder().name(name).gcpProjectId("acme").region("us-central1").build();
    }
}
