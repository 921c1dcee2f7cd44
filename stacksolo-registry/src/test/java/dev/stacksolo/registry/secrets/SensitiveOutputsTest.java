package dev.stacksolo.registry.secrets;

import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.UpdateResourceInput;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sensitivity is data: the keys marked sensitive are stored beside the outputs (whose JSON stays as
 * the format has it), read back on every resource, kept by writes that do not mark, and every
 * output of a secret resource is sensitive. On SQLite and PostgreSQL.
 */
class SensitiveOutputsTest {

    @RegistryTest
    void markedKeysAreStoredBesideUnchangedOutputsAndReadBack(Registry registry, BothDatabases.Location location) {
        RegistryProject project = project(registry, "shared");
        RegistryResource db = registry.service().createResource(
                resource(ResourceType.DATABASE, "users-db", "main").projectId(project.id()).build());

        registry.service().updateResourceOutputs(db.id(), Map.of("connectionString", "postgresql://app:pw@h/u",
                "adminUrl", "https://admin"), Set.of("connectionString"));

        RegistryResource read = registry.service().findResourceById(db.id()).orElseThrow();
        assertThat(read.sensitiveOutputs()).containsExactly("connectionString");
        assertThat(read.isSensitive("adminUrl")).isFalse();
        Map<String, Object> row = Sql.rows(location.url(), "SELECT outputs, sensitive_outputs FROM resources").get(0);
        assertThat(row.get("sensitive_outputs")).isEqualTo("[\"connectionString\"]");
        assertThat(registry.service().findResourceById(db.id()).orElseThrow().outputs().orElseThrow())
                .containsEntry("connectionString", "postgresql://app:pw@h/u");
        // resolving is the consumers' job: the value, whole
        assertThat(registry.references().resolve("@shared/main/users-db")).isEqualTo("postgresql://app:pw@h/u");
        assertThat(Secrets.mask(read.outputs().orElseThrow(), read.sensitiveOutputs()))
                .containsEntry("connectionString", Secrets.SENSITIVE).containsEntry("adminUrl", "https://admin");
    }

    @RegistryTest
    void aWriteThatDoesNotMarkKeepsTheMarksAndOneThatDoesReplacesThem(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryResource api = registry.service().createResource(resource(ResourceType.CONTAINER, "api", "main")
                .projectId(project.id()).outputs(Map.of("url", "u")).sensitiveOutputs(Set.of("signingKey")).build());
        assertThat(api.sensitiveOutputs()).containsExactly("signingKey");

        registry.service().updateResourceOutputs(api.id(), Map.of("url", "u2", "signingKey", "k"));
        assertThat(registry.service().findResourceById(api.id()).orElseThrow().sensitiveOutputs())
                .containsExactly("signingKey");

        registry.service().updateResource(api.id(), UpdateResourceInput.builder().sensitiveOutputs(Set.of("url")).build());
        assertThat(registry.service().findResourceById(api.id()).orElseThrow().sensitiveOutputs()).containsExactly("url");

        registry.service().updateResourceOutputs(api.id(), Map.of("url", "u3"), Set.of());
        assertThat(registry.service().findResourceById(api.id()).orElseThrow().sensitiveOutputs()).isEmpty();
    }

    @RegistryTest
    void upsertingAddsMarksToThoseARowHas(Registry registry) {
        RegistryProject project = project(registry, "shared");
        registry.service().upsertResources(project.id(), List.of(resource(ResourceType.CACHE, "sessions", "main")
                .outputs(Map.of("host", "h", "authString", "a")).sensitiveOutputs(Set.of("authString")).build()));
        List<RegistryResource> again = registry.service().upsertResources(project.id(), List.of(
                resource(ResourceType.CACHE, "sessions", "main").outputs(Map.of("host", "h", "authString", "b"))
                        .sensitiveOutputs(Set.of("host")).build()));

        assertThat(again.get(0).sensitiveOutputs()).containsExactlyInAnyOrder("authString", "host");
    }

    @RegistryTest
    void everyOutputOfASecretResourceIsSensitive(Registry registry) {
        RegistryProject project = project(registry, "shared");
        RegistryResource secret = registry.service().createResource(resource(ResourceType.SECRET, "jwt-secret", null)
                .projectId(project.id()).outputs(Map.of("secretId", "projects/p/secrets/jwt", "value", "s3cr3t")).build());

        assertThat(secret.sensitiveOutputs()).containsExactlyInAnyOrder("secretId", "value");
        assertThat(registry.service().findResourceById(secret.id()).orElseThrow().sensitiveOutputs())
                .containsExactlyInAnyOrder("secretId", "value");
    }

    @RegistryTest
    void aResourceWrittenByAnotherToolHasNoMarksAndStillReads(Registry registry, BothDatabases.Location location) {
        RegistryProject project = project(registry, "shared");
        CreateResourceInput input = resource(ResourceType.BUCKET, "assets", null).projectId(project.id()).build();
        RegistryResource bucket = registry.service().createResource(input);
        // the TypeScript registry's own statements: they know nothing of sensitive_outputs
        Sql.execute(location.url(), "UPDATE resources SET outputs = '{\"name\":\"b\",\"password\":\"p\"}',"
                + " status = 'ready' WHERE id = '" + bucket.id() + "'");

        RegistryResource read = registry.service().findResourceById(bucket.id()).orElseThrow();
        assertThat(read.sensitiveOutputs()).isEmpty();
        assertThat(Secrets.mask(read.outputs().orElseThrow(), read.sensitiveOutputs()))
                .containsEntry("password", Secrets.MASK).containsEntry("name", "b");
    }
}
