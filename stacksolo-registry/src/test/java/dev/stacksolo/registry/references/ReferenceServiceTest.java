package dev.stacksolo.registry.references;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.AmbiguousReferenceException;
import dev.stacksolo.registry.CorruptRowException;
import dev.stacksolo.registry.InvalidReferenceException;
import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.PropertyNotFoundException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.ResourceNotDeployedException;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.ConfigReference;
import dev.stacksolo.registry.types.Reference;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResolvedReference;
import dev.stacksolo.registry.types.ResourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Cross-project references: parsing, validating, finding and resolving them (on SQLite and PostgreSQL). */
class ReferenceServiceTest {

    @RegistryTest
    void parseReferenceSplitsProjectNetworkResourceAndProperty(Registry registry) {
        Reference full = registry.references().parseReference("@shared-infra/main/users-db.connectionString");
        Reference shortForm = registry.references().parseReference("@shared-infra/users-db");

        assertThat(full.project()).isEqualTo("shared-infra");
        assertThat(full.network()).contains("main");
        assertThat(full.resource()).isEqualTo("users-db");
        assertThat(full.property()).contains("connectionString");
        assertThat(shortForm.network()).isEmpty();
        assertThat(shortForm.property()).isEmpty();
    }

    @RegistryTest
    void invalidReferencesAreRefusedSayingWhichPartIsWrong(Registry registry) {
        for (String invalid : List.of("shared/db", "@", "@Shared/db", "@shared", "@shared/", "@shared/a/b/c",
                "@shared/db.", "@shared/db.1st", "@shared/db._key", "@shared/db.-key", "@shared/db.a.b", "@shared/db.a b",
                "@shared/My_Db")) {
            assertThatThrownBy(() -> registry.references().parseReference(invalid))
                    .as(invalid).isInstanceOf(InvalidReferenceException.class).hasMessageContaining(invalid);
            assertThat(registry.references().validate(invalid)).as(invalid).isPresent();
        }
        assertThat(registry.references().validate("@shared/main/db.host")).isEmpty();
        // what deploy tools name outputs: a letter, then letters, digits, _ and -
        for (String valid : List.of("@jobs/tasks.private_key_pem", "@shared/main/vm.ipv4_address", "@shared/db.conn-string",
                "@shared/db.v2")) {
            assertThat(registry.references().validate(valid)).as(valid).isEmpty();
        }
    }

    @RegistryTest
    void sameProjectReferencesAreNotCrossProject(Registry registry) {
        assertThat(registry.references().isCrossProjectReference("@shared-infra/main/db.host")).isTrue();
        assertThat(registry.references().isCrossProjectReference("@database/db.connectionString")).isFalse();
        assertThat(registry.references().isCrossProjectReference("@secret/jwt-secret")).isFalse();
        assertThat(registry.references().isCrossProjectReference("plain text")).isFalse();
        assertThat(registry.references().isCrossProjectReference("@Not Valid")).isFalse();
        assertThat(registry.references().isCrossProjectReference(null)).isFalse();
    }

    @RegistryTest
    void resolveReturnsTheNamedPropertyOrTheTypesDefault(Registry registry) {
        RegistryProject shared = project(registry, "shared");
        deployed(registry, shared, ResourceType.DATABASE, "db", "main",
                Map.of("connectionString", "postgres://db", "host", "10.0.0.5", "port", 5432));

        assertThat(registry.references().resolve("@shared/main/db.host")).isEqualTo("10.0.0.5");
        assertThat(registry.references().resolve("@shared/main/db")).isEqualTo("postgres://db");
        assertThat(registry.references().resolve("@shared/db")).isEqualTo("postgres://db");
        assertThat(registry.references().resolve("@shared/db.port")).isEqualTo("5432");
    }

    @RegistryTest
    void everyLogicalTypeHasTheFormatsDefaultProperty(Registry registry) {
        Map<ResourceType, String> defaults = Map.of(ResourceType.CONTAINER, "url", ResourceType.FUNCTION, "url",
                ResourceType.DATABASE, "connectionString", ResourceType.CACHE, "host", ResourceType.BUCKET, "name",
                ResourceType.SECRET, "secretId", ResourceType.TOPIC, "name", ResourceType.QUEUE, "name",
                ResourceType.NETWORK, "selfLink", ResourceType.CRON, "name");
        RegistryProject project = project(registry, "shared");
        defaults.forEach((type, property) -> deployed(registry, project, type, type.value() + "-x", null,
                Map.of(property, type.value() + " value", "other", "no")));

        defaults.forEach((type, property) -> {
            assertThat(type.defaultProperty()).isEqualTo(property);
            assertThat(registry.references().resolve("@shared/" + type.value() + "-x")).isEqualTo(type.value() + " value");
        });
    }

    @RegistryTest
    void resolveWithResourceReturnsTheValueAndItsResource(Registry registry) {
        RegistryProject shared = project(registry, "shared");
        RegistryResource api = deployed(registry, shared, ResourceType.CONTAINER, "api", "main",
                Map.of("url", "https://api", "ports", List.of(80, 443)));

        ResolvedReference resolved = registry.references().resolveWithResource("@shared/main/api.ports");

        assertThat(resolved.resource()).isEqualTo(api);
        assertThat(resolved.property()).isEqualTo("ports");
        assertThat(resolved.value()).isEqualTo(List.of(80, 443));
        assertThat(resolved.text()).isEqualTo("[80,443]");
    }

    @RegistryTest
    void resolveGivesEveryStoredStringBackExactly(Registry registry) {
        RegistryProject shared = project(registry, "shared");
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("quoted", "say \"hi\"");
        outputs.put("backslash", "C:\\dir\\file");
        outputs.put("lines", "one\ntwo\tthree");
        outputs.put("accents", "caf\u00e9 \u65e5\u672c");
        outputs.put("emoji", "\ud83d\ude80 launch");
        outputs.put("control", "bell\u0007");
        outputs.put("empty", "");
        outputs.put("slashes", "https://a/b?c=d&e=</script>");
        // property names as deploy tools write them: read through the JSON path of the fast query too
        outputs.put("ipv4_address", "10.0.0.7");
        outputs.put("private_key_pem", "-----BEGIN KEY-----");
        outputs.put("conn-string", "host=db");
        outputs.put("v2", "two");
        deployed(registry, shared, ResourceType.CONTAINER, "api", "main", outputs);

        outputs.forEach((property, value) -> assertThat(registry.references().resolve("@shared/main/api." + property))
                .as(property).isEqualTo(value));
        assertThat(registry.references().resolveAll(Map.of("q", "@shared/api.quoted"))).isEqualTo(Map.of("q", "say \"hi\""));
    }

    @RegistryTest
    void valuesThatAreNotStringsResolveToTheirJsonText(Registry registry) {
        RegistryProject shared = project(registry, "shared");
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("url", 8080);
        outputs.put("enabled", true);
        outputs.put("nested", Map.of("a", "b"));
        outputs.put("ratio", 0.5);
        deployed(registry, shared, ResourceType.CONTAINER, "api", "main", outputs);

        assertThat(registry.references().resolve("@shared/api")).isEqualTo("8080");
        assertThat(registry.references().resolve("@shared/api.enabled")).isEqualTo("true");
        assertThat(registry.references().resolve("@shared/api.nested")).isEqualTo("{\"a\":\"b\"}");
        assertThat(registry.references().resolve("@shared/api.ratio")).isEqualTo("0.5");
        assertThat(registry.references().resolveAll(Map.of("port", "@shared/api"))).isEqualTo(Map.of("port", 8080));
    }

    @RegistryTest
    void outputsAnotherToolStoredAsBrokenJsonAreReportedNotSkipped(Registry registry, BothDatabases.Location location) {
        RegistryProject shared = project(registry, "shared");
        RegistryResource api = deployed(registry, shared, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://a"));
        deployed(registry, shared, ResourceType.DATABASE, "db", "main", Map.of("connectionString", "postgres://db"));
        Sql.execute(location.url(), "UPDATE resources SET outputs = '{\"url\": \"https://a' WHERE id = '" + api.id() + "'");

        assertThatThrownBy(() -> registry.references().resolve("@shared/main/api.url"))
                .isInstanceOf(CorruptRowException.class).hasMessageContaining("outputs")
                .hasMessageContaining(api.id());
        assertThat(registry.references().resolve("@shared/main/db")).isEqualTo("postgres://db");
    }

    @RegistryTest
    void eachWayOfNotResolvingHasItsOwnException(Registry registry) {
        RegistryProject shared = project(registry, "shared");
        deployed(registry, shared, ResourceType.DATABASE, "pending-db", "main", null);
        deployed(registry, shared, ResourceType.DATABASE, "db", "main", Map.of("host", "10.0.0.5", "port", 5432));
        deployed(registry, shared, ResourceType.CACHE, "cache", "blue", Map.of("host", "a"));
        deployed(registry, shared, ResourceType.CACHE, "cache", "green", Map.of("host", "b"));

        assertThatThrownBy(() -> registry.references().resolve("@nobody/db"))
                .isInstanceOf(ProjectNotFoundException.class).hasMessageContaining("nobody")
                .hasMessageContaining("stacksolo list");
        assertThatThrownBy(() -> registry.references().resolve("@shared/main/missing"))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> registry.references().resolve("@shared/other/db"))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> registry.references().resolve("@shared/main/pending-db"))
                .isInstanceOf(ResourceNotDeployedException.class).hasMessageContaining("deploy the project first");
        assertThatThrownBy(() -> registry.references().resolve("@shared/main/db"))
                .isInstanceOfSatisfying(PropertyNotFoundException.class, e -> {
                    assertThat(e.property()).isEqualTo("connectionString");
                    assertThat(e.available()).containsExactlyInAnyOrder("host", "port");
                    assertThat(e.getMessage()).contains("available properties").contains("host").contains("port");
                });
        RegistryProject nulls = project(registry, "nulls");
        java.util.Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("host", "10.0.0.9");
        withNull.put("url", null);
        deployed(registry, nulls, ResourceType.CACHE, "cache", "main", withNull);
        for (String reference : List.of("@nulls/main/cache.url", "@nulls/cache.url")) {
            assertThatThrownBy(() -> registry.references().resolve(reference))
                    .as("a property recorded as null is said to be null, not missing")
                    .isInstanceOfSatisfying(dev.stacksolo.registry.NullValueException.class, e -> {
                        assertThat(e.property()).isEqualTo("url");
                        assertThat(e.getMessage()).contains("is recorded as null").doesNotContain("not found");
                    });
        }
        assertThatThrownBy(() -> registry.references().resolveInProject("nulls", Optional.of("main"), "@cache/cache.url"))
                .isInstanceOf(dev.stacksolo.registry.NullValueException.class);
        assertThatThrownBy(() -> registry.references().resolve("@shared/cache"))
                .isInstanceOfSatisfying(AmbiguousReferenceException.class, e -> {
                    assertThat(e.getMessage()).contains("blue").contains("green");
                    assertThat(e.candidates()).hasSize(2);
                });
        assertThat(registry.references().resolve("@shared/green/cache")).isEqualTo("b");
        assertThatThrownBy(() -> registry.references().resolve("not a reference"))
                .isInstanceOf(InvalidReferenceException.class);
    }

    @RegistryTest
    void sameProjectReferencesResolveInTheProjectByTypeAndNameTheNetworkOfTheReaderFirst(Registry registry) {
        RegistryProject app = project(registry, "app");
        RegistryProject other = project(registry, "other");
        deployed(registry, app, ResourceType.DATABASE, "db", "main", Map.of("connectionString", "postgresql://main/db"));
        deployed(registry, app, ResourceType.DATABASE, "db", "edge", Map.of("connectionString", "postgresql://edge/db"));
        deployed(registry, app, ResourceType.SECRET, "jwt-secret", null, Map.of("secretId", "projects/p/secrets/jwt"));
        deployed(registry, app, ResourceType.BUCKET, "web", "main", Map.of("name", "app-web", "url", "https://web"));
        // a container of the same name as the bucket (in another network): the type segment tells them apart
        deployed(registry, app, ResourceType.CONTAINER, "web", "edge", Map.of("url", "https://container"));
        deployed(registry, app, ResourceType.CACHE, "idle", "main", null);
        deployed(registry, other, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://api.other"));

        assertThat(registry.references().resolveInProject("app", Optional.of("main"), "@database/db.connectionString").text())
                .isEqualTo("postgresql://main/db");
        assertThat(registry.references().resolveInProject("app", Optional.of("edge"), "@database/db").text())
                .isEqualTo("postgresql://edge/db");
        assertThat(registry.references().resolveInProject("app", Optional.of("main"), "@secret/jwt-secret").text())
                .isEqualTo("projects/p/secrets/jwt");
        assertThat(registry.references().resolveInProject("app", Optional.of("main"), "@ui/web").text()).isEqualTo("app-web");
        assertThat(registry.references().resolveInProject("app", Optional.of("main"), "@container/web").text())
                .isEqualTo("https://container");
        // a cross-project reference resolves as everywhere else
        assertThat(registry.references().resolveInProject("app", Optional.of("main"), "@other/main/api").text())
                .isEqualTo("https://api.other");
        // from a network that holds none, two networks are ambiguous, named
        assertThatThrownBy(() -> registry.references().resolveInProject("app", Optional.empty(), "@database/db"))
                .isInstanceOf(AmbiguousReferenceException.class).hasMessageContaining("main").hasMessageContaining("edge");
        assertThatThrownBy(() -> registry.references().resolveInProject("app", Optional.of("main"), "@cache/nothing"))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("nothing");
        assertThatThrownBy(() -> registry.references().resolveInProject("app", Optional.of("main"), "@cache/idle"))
                .isInstanceOf(ResourceNotDeployedException.class);
        assertThatThrownBy(() -> registry.references().resolveInProject("app", Optional.of("main"), "@database/db.password"))
                .isInstanceOf(PropertyNotFoundException.class).hasMessageContaining("connectionString");
        assertThatThrownBy(() -> registry.references().resolveInProject("ghost", Optional.of("main"), "@database/db"))
                .isInstanceOf(ProjectNotFoundException.class).hasMessageContaining("ghost");
        assertThatThrownBy(() -> registry.references().resolveInProject("app", Optional.of("main"), "@kernel/main"))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("kernel");
    }

    @RegistryTest
    void findReferencesWalksNestedMapsAndListsSkippingSameProjectOnes(Registry registry) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("env", Map.of("DATABASE_URL", "@shared/main/db.connectionString"));
        config.put("list", List.of("plain", "@shared/api", Map.of("deep", "@other/net/q.name")));
        config.put("same", "@database/db.connectionString");
        config.put("number", 3);

        List<ConfigReference> found = registry.references().findReferences(config);

        assertThat(found).extracting(ConfigReference::path)
                .containsExactly("env.DATABASE_URL", "list[1]", "list[2].deep");
        assertThat(found).extracting(r -> r.reference().text())
                .containsExactly("@shared/main/db.connectionString", "@shared/api", "@other/net/q.name");
    }

    @RegistryTest
    void resolveAllReturnsAResolvedCopyAndLeavesTheOriginalAlone(Registry registry) {
        RegistryProject shared = project(registry, "shared");
        deployed(registry, shared, ResourceType.DATABASE, "db", "main", Map.of("connectionString", "postgres://db"));
        deployed(registry, shared, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://api", "port", 8080));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("env", new LinkedHashMap<>(Map.of("DATABASE_URL", "@shared/main/db")));
        config.put("ports", List.of("@shared/api.port", "@secret/local"));
        config.put("name", "api");

        Map<String, Object> resolved = registry.references().resolveAll(config);

        assertThat(resolved).isEqualTo(Map.of("env", Map.of("DATABASE_URL", "postgres://db"),
                "ports", List.of(8080, "@secret/local"), "name", "api"));
        assertThat(config.get("env")).isEqualTo(Map.of("DATABASE_URL", "@shared/main/db"));
    }

    @RegistryTest
    void resolveAllFailsOnTheFirstReferenceThatDoesNotResolve(Registry registry) {
        assertThatThrownBy(() -> registry.references().resolveAll(Map.of("x", "@missing/db")))
                .isInstanceOf(ProjectNotFoundException.class);
        assertThat(registry.references().resolveAll(Map.of())).isEmpty();
        assertThat(Optional.of(registry.references().findReferences(Map.of()))).contains(List.of());
    }

    @RegistryTest
    void referencesResolvedInOneSnapshotIgnoreAWriteCommittedBetweenThem(Registry registry,
            BothDatabases.Location location) {
        RegistryProject shared = project(registry, "shared");
        RegistryResource a = deployed(registry, shared, ResourceType.CONTAINER, "a", "main", Map.of("gen", "v1"));
        RegistryResource b = deployed(registry, shared, ResourceType.CONTAINER, "b", "main", Map.of("gen", "v1"));

        try (Registry other = Registry.open(location.url())) { // another connection, as another process
            List<String> inSnapshot = registry.inSnapshot(r -> {
                String first = r.references().resolve("@shared/main/a.gen");
                other.useTransaction(o -> {
                    o.service().mergeResourceOutputs(a.id(), Map.of("gen", "v2"));
                    o.service().mergeResourceOutputs(b.id(), Map.of("gen", "v2"));
                });
                return List.of(first, r.references().resolve("@shared/main/b.gen"),
                        r.references().resolve("@shared/main/a.gen"));
            });

            assertThat(inSnapshot).as("all read before the write committed").containsExactly("v1", "v1", "v1");
        }
        List<String> later = registry.inSnapshot(r -> List.of(r.references().resolve("@shared/main/a.gen"),
                r.references().resolve("@shared/main/b.gen")));
        assertThat(later).as("a later snapshot sees it").containsExactly("v2", "v2");
        assertThat(registry.references().resolveAll(Map.of("x", "@shared/main/a.gen", "y", List.of("@shared/main/b.gen"))))
                .isEqualTo(Map.of("x", "v2", "y", List.of("v2")));
    }

    @RegistryTest
    void aSnapshotRefusesToWriteAndChangesNothing(Registry registry) {
        RegistryProject shared = project(registry, "shared");
        RegistryResource a = deployed(registry, shared, ResourceType.CONTAINER, "a", "main", Map.of("gen", "v1"));

        assertThatThrownBy(() -> registry.inSnapshot(r -> {
            r.service().mergeResourceOutputs(a.id(), Map.of("gen", "v2"));
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("read snapshot");
        assertThat(registry.references().resolve("@shared/main/a.gen")).isEqualTo("v1");
        String joined = registry.inTransaction(r -> r.inSnapshot(inner -> inner.references().resolve("@shared/main/a.gen")));
        assertThat(joined).as("a snapshot inside a write joins it").isEqualTo("v1");
    }
}
