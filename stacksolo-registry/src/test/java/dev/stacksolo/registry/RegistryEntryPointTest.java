package dev.stacksolo.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.testing.SeedUsage;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.UpdateProjectInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry points: where the registry is, opening it, and the seed's usage examples. */
class RegistryEntryPointTest {

    @TempDir
    Path folder;

    @Test
    void theDefaultLocationIsTheUrlThenThePathThenTheHomeFolder() {
        assertThat(Registry.defaultLocation(Map.of(), "/home/dev")).isEqualTo("/home/dev/.stacksolo/registry.db");
        assertThat(Registry.defaultLocation(Map.of("STACKSOLO_REGISTRY_PATH", "/tmp/r.db"), "/home/dev"))
                .isEqualTo("/tmp/r.db");
        assertThat(Registry.defaultLocation(Map.of("STACKSOLO_REGISTRY_PATH", "/tmp/r.db",
                "STACKSOLO_REGISTRY_URL", "jdbc:postgresql://db/reg"), "/home/dev")).isEqualTo("jdbc:postgresql://db/reg");
        assertThat(Registry.defaultLocation(Map.of("STACKSOLO_REGISTRY_URL", " ", "STACKSOLO_REGISTRY_PATH", ""),
                "/home/dev")).isEqualTo("/home/dev/.stacksolo/registry.db");
    }

    @Test
    void getRegistryAndResolveReferenceWorkAsTheSeedShowsFromTheEnvironment() throws Exception {
        Path file = folder.resolve("seed").resolve("registry.db");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SeedUsage.class.getName());
        builder.environment().remove("STACKSOLO_REGISTRY_URL");
        builder.environment().put("STACKSOLO_REGISTRY_PATH", file.toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("url=https://api.example.com").contains("location=" + file);
        try (Registry registry = Registry.open(file)) {
            assertThat(registry.service().findProjectByPath("/path/to/.stacksolo/stacksolo.config.json"))
                    .map(RegistryProject::name).contains("other-project");
        }
    }

    @Test
    void theSeedsUpdateProjectExampleSetsTheStatus() {
        try (Registry registry = Registry.open(folder.resolve("registry.db"))) {
            RegistryProject project = registry.service().registerProject(CreateProjectInput.builder()
                    .name("my-app").gcpProjectId("my-gcp-project").region("us-central1")
                    .configPath("/path/to/.stacksolo/stacksolo.config.json").build());

            registry.service().updateProject(project.id(), UpdateProjectInput.builder().status(ProjectStatus.DEPLOYED).build());

            assertThat(registry.service().findProjectByName("my-app").orElseThrow().status()).isEqualTo(ProjectStatus.DEPLOYED);
        }
    }

    @Test
    void openAcceptsPathsSqliteUrlsAndRefusesOtherUrls() {
        Path file = folder.resolve("a.db");
        try (Registry byPath = Registry.open(file.toString())) {
            assertThat(byPath.location()).isEqualTo(file.toString());
        }
        try (Registry byUrl = Registry.open("jdbc:sqlite:" + file)) {
            assertThat(byUrl.service().listProjects()).isEmpty();
        }
        assertThatThrownBy(() -> Registry.open("jdbc:mysql://db/registry"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void aClosedRegistryRefusesWork() {
        Registry registry = Registry.open(folder.resolve("registry.db"));
        registry.close();
        registry.close();

        assertThatThrownBy(() -> registry.service().listProjects()).isInstanceOf(RegistryException.class);
    }

    @Test
    void aFolderThatCannotBeWrittenGivesAnErrorSayingWhatToDo() throws Exception {
        Path locked = Files.createDirectory(folder.resolve("locked"));
        locked.toFile().setWritable(false);
        try {
            Assumptions.assumeFalse(Files.isWritable(locked), "file permissions do not bind this user (root)");
            assertThatThrownBy(() -> Registry.open(locked.resolve("sub").resolve("registry.db")))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("STACKSOLO_REGISTRY_PATH");
        } finally {
            locked.toFile().setWritable(true);
        }
    }

    @Test
    void passwordsInLocationsAreMasked() {
        assertThat(Locations.mask("jdbc:postgresql://db:5432/reg?user=app&password=hunter2&ssl=true"))
                .doesNotContain("hunter2").contains("user=app").contains("ssl=true");
        assertThat(Locations.mask("jdbc:postgresql://app:hunter2@db:5432/reg")).doesNotContain("hunter2");
        assertThat(Locations.mask("/home/dev/.stacksolo/registry.db")).isEqualTo("/home/dev/.stacksolo/registry.db");
    }
}
