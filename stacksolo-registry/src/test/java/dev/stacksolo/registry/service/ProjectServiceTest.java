package dev.stacksolo.registry.service;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.ConfigFileException;
import dev.stacksolo.registry.DuplicateProjectException;
import dev.stacksolo.registry.InvalidNameException;
import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.ProjectSummary;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.UpdateProjectInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Projects: registering, finding, updating and unregistering them (on SQLite and PostgreSQL). */
class ProjectServiceTest {

    @TempDir
    Path folder;

    @RegistryTest
    void registerProjectStoresEveryFieldAndStartsPending(Registry registry) {
        Instant before = Instant.now().minusSeconds(1);
        RegistryProject project = registry.service().registerProject(CreateProjectInput.builder()
                .name("my-app").gcpProjectId("my-gcp").region("europe-west1").configPath("/srv/my-app/config.json")
                .build());

        assertThat(project.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(project.name()).isEqualTo("my-app");
        assertThat(project.gcpProjectId()).isEqualTo("my-gcp");
        assertThat(project.region()).isEqualTo("europe-west1");
        assertThat(project.configPath()).contains("/srv/my-app/config.json");
        assertThat(project.configHash()).isEmpty();
        assertThat(project.status()).isEqualTo(ProjectStatus.PENDING);
        assertThat(project.lastDeployedAt()).isEmpty();
        assertThat(project.createdAt()).isAfter(before).isEqualTo(project.updatedAt());
        assertThat(registry.service().findProjectById(project.id())).contains(project);
    }

    @RegistryTest
    void registerProjectHashesTheConfigFileWhenItExists(Registry registry) throws Exception {
        Path config = Files.writeString(folder.resolve("stacksolo.config.json"), "{\"project\":{\"name\":\"app\"}}");

        RegistryProject project = registry.service().registerProject(CreateProjectInput.builder()
                .name("app").gcpProjectId("gcp").region("us-central1").configPath(config.toString()).build());

        assertThat(project.configHash()).contains(sha256(Files.readString(config)));
    }

    @RegistryTest
    void registeringATakenNameFailsAndNamesWhereItIsRegistered(Registry registry) {
        registry.service().registerProject(CreateProjectInput.builder()
                .name("app").gcpProjectId("gcp").region("us-central1").configPath("/a/config.json").build());

        assertThatThrownBy(() -> project(registry, "app"))
                .isInstanceOf(DuplicateProjectException.class)
                .hasMessageContaining("app").hasMessageContaining("/a/config.json");
        assertThat(registry.service().listProjects()).hasSize(1);
    }

    @RegistryTest
    void namesTheReferenceGrammarCannotExpressAreRefusedWithWhatIsAllowed(Registry registry) {
        assertThatThrownBy(() -> project(registry, "My_App"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("My_App")
                .hasMessageContaining("lowercase letters, digits and hyphens");
        assertThatThrownBy(() -> project(registry, "database"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("reserved");
        assertThat(registry.service().listProjects()).isEmpty();
    }

    @RegistryTest
    void findersReturnEmptyRatherThanNull(Registry registry) {
        assertThat(registry.service().findProjectByName("nobody")).isEmpty();
        assertThat(registry.service().findProjectById("no-such-id")).isEmpty();
        assertThat(registry.service().findProjectByPath("/nowhere")).isEmpty();
        assertThat(registry.service().findProjectsByGcpProjectId("none")).isEmpty();
        assertThat(registry.service().listProjects()).isEmpty();
    }

    @RegistryTest
    void projectsAreFoundByNameIdPathAndGcpProject(Registry registry) {
        RegistryProject api = registry.service().registerProject(CreateProjectInput.builder()
                .name("api").gcpProjectId("shared-gcp").region("us-central1").configPath("/p/api.json").build());
        RegistryProject web = registry.service().registerProject(CreateProjectInput.builder()
                .name("web").gcpProjectId("shared-gcp").region("us-central1").build());
        project(registry, "other");

        assertThat(registry.service().findProjectByName("api")).contains(api);
        assertThat(registry.service().findProjectById(web.id())).contains(web);
        assertThat(registry.service().findProjectByPath("/p/api.json")).contains(api);
        assertThat(registry.service().findProjectsByGcpProjectId("shared-gcp")).containsExactly(api, web);
        assertThat(registry.service().listProjects()).extracting(RegistryProject::name)
                .containsExactly("api", "other", "web");
    }

    @RegistryTest
    void listProjectSummariesCountsEachProjectsResources(Registry registry) {
        RegistryProject empty = project(registry, "empty");
        RegistryProject busy = project(registry, "busy");
        deployed(registry, busy, ResourceType.DATABASE, "db", "main", null);
        deployed(registry, busy, ResourceType.BUCKET, "assets", null, null);

        assertThat(registry.service().listProjectSummaries())
                .extracting(s -> s.project().name(), ProjectSummary::resourceCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("busy", 2),
                        org.assertj.core.groups.Tuple.tuple("empty", 0));
        assertThat(empty.id()).isNotEqualTo(busy.id());
    }

    @RegistryTest
    void updateProjectChangesOnlyTheGivenFields(Registry registry) {
        RegistryProject project = project(registry, "app");
        Instant deployedAt = Instant.parse("2026-01-02T03:04:05.678Z");

        RegistryProject updated = registry.service().updateProject(project.id(), UpdateProjectInput.builder()
                .region("asia-east1").status(ProjectStatus.DEPLOYED).lastDeployedAt(deployedAt).build());

        assertThat(updated.region()).isEqualTo("asia-east1");
        assertThat(updated.status()).isEqualTo(ProjectStatus.DEPLOYED);
        assertThat(updated.lastDeployedAt()).contains(deployedAt);
        assertThat(updated.name()).isEqualTo("app");
        assertThat(updated.gcpProjectId()).isEqualTo(project.gcpProjectId());
        assertThat(updated.createdAt()).isEqualTo(project.createdAt());
        assertThat(updated.updatedAt()).isAfterOrEqualTo(project.updatedAt());
        assertThat(registry.service().findProjectById(project.id())).contains(updated);
    }

    @RegistryTest
    void renamingToATakenNameFailsAndChangesNothing(Registry registry) {
        RegistryProject app = project(registry, "app");
        project(registry, "other");

        assertThatThrownBy(() -> registry.service().updateProject(app.id(),
                UpdateProjectInput.builder().name("other").build()))
                .isInstanceOf(DuplicateProjectException.class);
        assertThat(registry.service().findProjectById(app.id())).contains(app);
    }

    @RegistryTest
    void updatesOfAMissingProjectFailWithProjectNotFound(Registry registry) {
        assertThatThrownBy(() -> registry.service().updateProject("missing", UpdateProjectInput.builder()
                .region("x").build())).isInstanceOf(ProjectNotFoundException.class);
        assertThatThrownBy(() -> registry.service().updateProjectStatus("missing", ProjectStatus.FAILED))
                .isInstanceOf(ProjectNotFoundException.class);
        assertThatThrownBy(() -> registry.service().markProjectDeployed("missing"))
                .isInstanceOf(ProjectNotFoundException.class);
    }

    @RegistryTest
    void updateProjectStatusAndMarkProjectDeployed(Registry registry) {
        RegistryProject project = project(registry, "app");

        assertThat(registry.service().updateProjectStatus(project.id(), ProjectStatus.DEPLOYING).status())
                .isEqualTo(ProjectStatus.DEPLOYING);
        Instant before = Instant.now().minusSeconds(1);
        RegistryProject deployed = registry.service().markProjectDeployed(project.id());

        assertThat(deployed.status()).isEqualTo(ProjectStatus.DEPLOYED);
        assertThat(deployed.lastDeployedAt()).hasValueSatisfying(at -> assertThat(at).isAfter(before));
    }

    @RegistryTest
    void unregisterProjectRemovesItsResourcesAndDeploymentsToo(Registry registry) {
        RegistryProject doomed = project(registry, "doomed");
        RegistryProject kept = project(registry, "kept");
        deployed(registry, doomed, ResourceType.DATABASE, "db", "main", Map.of("connectionString", "x"));
        deployed(registry, kept, ResourceType.DATABASE, "db", "main", Map.of("connectionString", "y"));
        registry.service().recordDeployment(CreateDeploymentInput.builder().projectId(doomed.id())
                .action(DeploymentAction.DEPLOY).configSnapshot(Map.of()).build());

        assertThat(registry.service().unregisterProject(doomed.id())).isTrue();

        assertThat(registry.service().findProjectById(doomed.id())).isEmpty();
        assertThat(registry.service().findResourcesByProject(doomed.id())).isEmpty();
        assertThat(registry.service().findDeploymentsByProject(doomed.id())).isEmpty();
        assertThat(registry.service().findResourcesByProject(kept.id())).hasSize(1);
        assertThat(registry.service().unregisterProject(doomed.id())).isFalse();
    }

    @RegistryTest
    void unregisterProjectByName(Registry registry) {
        project(registry, "app");

        assertThat(registry.service().unregisterProjectByName("app")).isTrue();
        assertThat(registry.service().findProjectByName("app")).isEmpty();
        assertThat(registry.service().unregisterProjectByName("app")).isFalse();
    }

    @RegistryTest
    void checkConfigChangedComparesTheFileWithTheRecordedHash(Registry registry) throws Exception {
        Path config = Files.writeString(folder.resolve("config.json"), "{\"v\":1}");
        RegistryProject project = registry.service().registerProject(CreateProjectInput.builder()
                .name("app").gcpProjectId("gcp").region("us-central1").configPath(config.toString()).build());

        assertThat(registry.service().checkConfigChanged(project.id())).isFalse();
        Files.writeString(config, "{\"v\":2}");
        assertThat(registry.service().checkConfigChanged(project.id())).isTrue();

        String hash = registry.service().updateConfigHash(project.id());

        assertThat(hash).isEqualTo(sha256("{\"v\":2}"));
        assertThat(registry.service().findProjectById(project.id()).orElseThrow().configHash()).contains(hash);
        assertThat(registry.service().checkConfigChanged(project.id())).isFalse();
    }

    @RegistryTest
    void configChecksOfAProjectWithoutAReadableFileFailWithConfigFileException(Registry registry) {
        RegistryProject noPath = project(registry, "no-path");
        RegistryProject gone = registry.service().registerProject(CreateProjectInput.builder()
                .name("gone").gcpProjectId("gcp").region("us-central1")
                .configPath(folder.resolve("missing.json").toString()).build());

        assertThatThrownBy(() -> registry.service().checkConfigChanged(noPath.id()))
                .isInstanceOf(ConfigFileException.class);
        assertThatThrownBy(() -> registry.service().updateConfigHash(gone.id()))
                .isInstanceOf(ConfigFileException.class).hasMessageContaining("missing.json");
        assertThatThrownBy(() -> registry.service().checkConfigChanged("missing"))
                .isInstanceOf(ProjectNotFoundException.class);
    }

    @Test
    void hashFileIsTheSha256OfTheFilesBytes() throws Exception {
        Path file = Files.writeString(folder.resolve("f.json"), "héllo");

        assertThat(RegistryService.hashFile(file)).isEqualTo(sha256("héllo"));
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
