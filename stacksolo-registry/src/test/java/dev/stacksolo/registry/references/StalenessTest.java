package dev.stacksolo.registry.references;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.service.LockedDeployment;
import dev.stacksolo.registry.testing.Backend;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeployResult;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.ReferenceChange;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.StaleProject;
import dev.stacksolo.registry.types.StaleReference;
import dev.stacksolo.registry.types.StaleReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Staleness (issue 16, point 4): a succeeded deploy remembers what its project's cross-project
 * references resolved to; a project is stale when one resolves differently now.
 */
class StalenessTest {

    /** A config whose only cross-project reference is {@code reference}, read by env var {@code name}. */
    static Map<String, Object> reading(String project, String... references) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (int i = 0; i < references.length; i++) {
            env.put("V" + i, references[i]);
        }
        return Map.of("project", Map.of("name", project, "networks", List.of(Map.of("name", "main",
                "containers", List.of(Map.of("name", "api", "env", env))))));
    }

    /** A deploy of the project through the library's locked deployment, succeeded. */
    static RegistryDeployment deploy(Registry registry, RegistryProject project) {
        try (LockedDeployment deploy = registry.deployments().start(CreateDeploymentInput.builder()
                .projectId(project.id()).action(DeploymentAction.DEPLOY).configSnapshot(Map.of()).build())) {
            return deploy.succeed();
        }
    }

    /** The chain a → b → c: a's api reads b's api url, b's api reads c's database. */
    record Chain(RegistryProject a, RegistryProject b, RegistryProject c, RegistryResource bApi, RegistryResource cDb) {}

    static Chain chain(Registry registry) {
        RegistryProject c = project(registry, "c");
        RegistryProject b = project(registry, "b");
        RegistryProject a = project(registry, "a");
        RegistryResource cDb = deployed(registry, c, ResourceType.DATABASE, "db", "main",
                Map.of("connectionString", "postgresql://app:pw1@10.0.0.5/c", "host", "10.0.0.5"));
        RegistryResource bApi = deployed(registry, b, ResourceType.CONTAINER, "api", "main",
                Map.of("url", "https://b-1.example", "revision", "r1"));
        deployed(registry, a, ResourceType.CONTAINER, "api", "main", Map.of("url", "https://a.example"));
        registry.references().recordReferences(b.id(), reading("b", "@c/main/db.connectionString"));
        registry.references().recordReferences(a.id(), reading("a", "@b/main/api.url"));
        deploy(registry, c);
        deploy(registry, b);
        deploy(registry, a);
        return new Chain(a, b, c, bApi, cDb);
    }

    static List<String> staleNames(Registry registry) {
        return registry.references().stale().stale().stream().map(StaleProject::project).toList();
    }

    @RegistryTest
    void aThreeProjectChainIsStaleDownstreamOneStepAtATimeInRedeployOrder(Registry registry) {
        Chain chain = chain(registry);
        assertThat(registry.references().stale().anyStale()).isFalse();

        registry.service().mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://app:pw2@10.0.0.6/c"));

        StaleReport report = registry.references().stale();
        assertThat(report.stale()).singleElement().satisfies(stale -> {
            assertThat(stale.project()).isEqualTo("b");
            assertThat(stale.references()).singleElement().satisfies(reference -> {
                assertThat(reference.reference()).isEqualTo("@c/main/db.connectionString");
                assertThat(reference.target()).isEqualTo("c");
                assertThat(reference.change()).isEqualTo(ReferenceChange.VALUE_CHANGED);
                assertThat(reference.baselineDeployment()).isEqualTo(stale.deploymentId());
            });
        });
        assertThat(registry.references().stale(chain.a().id())).as("a reads b, whose url has not changed").isEmpty();
        assertThat(registry.references().stale(chain.b().id())).hasSize(1);

        // b's url changes too (written outside a deploy of b): a is stale, and comes after b, though 'a' < 'b'
        registry.service().mergeResourceOutputs(chain.bApi().id(), Map.of("url", "https://b-2.example"));
        assertThat(staleNames(registry)).containsExactly("b", "a");
        assertThat(registry.references().stale().changedReferences()).isEqualTo(2);

        deploy(registry, chain.b());
        assertThat(staleNames(registry)).containsExactly("a");
        deploy(registry, chain.a());
        assertThat(staleNames(registry)).isEmpty();
        assertThat(registry.references().stale().cycles()).isEmpty();
    }

    @RegistryTest
    void anUnrelatedOutputOfTheSameResourceChangingIsNotStaleness(Registry registry) {
        Chain chain = chain(registry);

        registry.service().mergeResourceOutputs(chain.cDb().id(), Map.of("host", "10.9.9.9", "port", 5433));
        registry.service().mergeResourceOutputs(chain.bApi().id(), Map.of("revision", "r2"));

        assertThat(staleNames(registry)).isEmpty();
    }

    @RegistryTest
    void theSameValueWrittenAgainOrChangedAndChangedBackIsNotStaleness(Registry registry) {
        Chain chain = chain(registry);

        registry.service().updateResourceOutputs(chain.cDb().id(),
                Map.of("connectionString", "postgresql://app:pw1@10.0.0.5/c", "host", "10.0.0.5"));
        assertThat(staleNames(registry)).as("rewritten unchanged").isEmpty();

        registry.service().mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://app:other@h/c"));
        assertThat(staleNames(registry)).containsExactly("b");
        registry.service().mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://app:pw1@10.0.0.5/c"));
        assertThat(staleNames(registry)).as("changed back").isEmpty();
    }

    @RegistryTest
    void aChangeRevertedBeforeIsNotTheOneBlamedButTheChangeAfterWhichTheValueStayedDifferent(Registry registry) {
        Chain chain = chain(registry);
        registry.service().mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://d2"));
        registry.service().mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://app:pw1@10.0.0.5/c"));
        assertThat(staleNames(registry)).as("changed back").isEmpty();

        RegistryDeployment d3;
        try (LockedDeployment deploy = registry.deployments().start(CreateDeploymentInput.builder()
                .projectId(chain.c().id()).action(DeploymentAction.DEPLOY).configSnapshot(Map.of()).build())) {
            deploy.mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://d3"));
            d3 = deploy.succeed();
        }
        var d3Version = registry.versions().history(chain.cDb().id(), 1).get(0);
        assertThat(d3Version.deploymentId()).contains(d3.id());

        assertThat(registry.references().stale(chain.b().id())).singleElement().satisfies(reference -> {
            assertThat(reference.change()).isEqualTo(ReferenceChange.VALUE_CHANGED);
            assertThat(reference.changedByDeployment()).as("the deploy that wrote D3, not the reverted D2 write")
                    .contains(d3.id());
            assertThat(reference.changedAt()).contains(d3Version.recordedAt());
        });

        // another change on top: the value stayed different since D3, so D3 is still the one
        registry.service().mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://d4"));
        assertThat(registry.references().stale(chain.b().id())).singleElement()
                .satisfies(reference -> assertThat(reference.changedByDeployment()).contains(d3.id()));
    }

    @RegistryTest
    void anOutputRemovedAndRestoredIsNotBlamedWhenItsResourceIsRemovedLater(Registry registry) {
        Chain chain = chain(registry);
        registry.service().updateResourceOutputs(chain.cDb().id(), Map.of("host", "10.0.0.5")); // removed
        assertThat(registry.references().stale(chain.b().id())).singleElement()
                .satisfies(reference -> assertThat(reference.changedAt()).isPresent());
        registry.service().updateResourceOutputs(chain.cDb().id(),
                Map.of("connectionString", "postgresql://app:pw1@10.0.0.5/c", "host", "10.0.0.5")); // restored
        assertThat(staleNames(registry)).isEmpty();

        registry.service().deleteResource(chain.cDb().id());

        assertThat(registry.references().stale(chain.b().id())).singleElement().satisfies(reference -> {
            assertThat(reference.change()).isEqualTo(ReferenceChange.NO_LONGER_RESOLVES);
            assertThat(reference.changedAt()).as("no version records a removal: not the reverted removal's time")
                    .isEmpty();
            assertThat(reference.changedBy()).isEmpty();
        });
    }

    @RegistryTest
    void aRemovedResourceOrOutputIsStalenessThatSaysWhy(Registry registry) {
        Chain chain = chain(registry);

        registry.service().updateResourceOutputs(chain.cDb().id(), Map.of("host", "10.0.0.5"));
        assertThat(registry.references().stale(chain.b().id())).singleElement().satisfies(reference -> {
            assertThat(reference.change()).isEqualTo(ReferenceChange.NO_LONGER_RESOLVES);
            assertThat(reference.reason()).get().asString().contains("connectionString");
        });

        registry.service().deleteResource(chain.cDb().id());
        assertThat(registry.references().stale(chain.b().id())).singleElement().satisfies(reference -> {
            assertThat(reference.change()).isEqualTo(ReferenceChange.NO_LONGER_RESOLVES);
            assertThat(reference.reason()).get().asString().contains("db");
        });

        registry.service().unregisterProject(chain.c().id());
        assertThat(staleNames(registry)).as("its project gone too").containsExactly("b");
    }

    @RegistryTest
    void aReferenceThatDidNotResolveAtDeployAndDoesNowIsStaleness(Registry registry) {
        RegistryProject app = project(registry, "app");
        registry.references().recordReferences(app.id(), reading("app", "@infra/main/queue.name"));
        deploy(registry, app); // infra is not even registered yet
        assertThat(staleNames(registry)).isEmpty();

        RegistryProject infra = project(registry, "infra");
        deployed(registry, infra, ResourceType.CONTAINER, "queue", "main", Map.of("name", "jobs"));

        assertThat(registry.references().stale(app.id())).singleElement()
                .extracting(StaleReference::change).isEqualTo(ReferenceChange.NOW_RESOLVES);
    }

    @RegistryTest
    void theBaselinesHoldAKeyedHashNeverTheValueNorItsPlainHash(Registry registry, BothDatabases.Location location)
            throws Exception {
        chain(registry);
        String secret = "postgresql://app:pw1@10.0.0.5/c";
        String plainSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("\"" + secret + "\"").getBytes(StandardCharsets.UTF_8)));
        String plainShaRaw = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)));

        List<Map<String, Object>> rows = Sql.rows(location.url(), "SELECT * FROM reference_baselines");
        assertThat(rows).hasSize(2);
        for (Map<String, Object> row : rows) {
            assertThat(row.toString()).doesNotContain("pw1").doesNotContain("b-1.example")
                    .doesNotContain(plainSha).doesNotContain(plainShaRaw);
            assertThat(String.valueOf(row.get("value_hash"))).matches("[0-9a-f]{64}");
        }

        // another registry with the same value hashes it differently: the key is the registry's own
        String other = java.nio.file.Files.createTempDirectory("stacksolo-test").resolve("other.db").toString();
        try (Registry second = Registry.open(other)) {
            chain(second);
        }
        Object here = Sql.rows(location.url(), "SELECT value_hash FROM reference_baselines WHERE reference"
                + " = '@c/main/db.connectionString'").get(0).get("value_hash");
        Object there = Sql.rows(other, "SELECT value_hash FROM reference_baselines WHERE reference"
                + " = '@c/main/db.connectionString'").get(0).get("value_hash");
        assertThat(there).isNotNull().isNotEqualTo(here);

        registry.service().unregisterProject(registry.service().findProjectByName("c").orElseThrow().id());
        StaleReport report = registry.references().stale();
        assertThat(report.toString()).doesNotContain("pw1");
    }

    @RegistryTest
    void everyWayADeploySucceedsRecordsBaselinesAndADestroyForgetsThem(Registry registry) {
        Chain chain = chain(registry); // through LockedDeployment.succeed
        registry.service().mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://x@h/c"));
        assertThat(staleNames(registry)).containsExactly("b");

        RegistryDeployment failed = registry.service().recordDeployResult(DeployResult.failed(chain.b().id(), "boom")
                .action(DeploymentAction.DEPLOY).build());
        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(staleNames(registry)).as("a failed deploy changes no baseline").containsExactly("b");

        RegistryDeployment recorded = registry.service().recordDeployResult(DeployResult.succeeded(chain.b().id())
                .action(DeploymentAction.DEPLOY).build());
        assertThat(staleNames(registry)).isEmpty();

        registry.service().mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://y@h/c"));
        assertThat(registry.references().stale(chain.b().id())).singleElement()
                .extracting(StaleReference::baselineDeployment).isEqualTo(recorded.id());
        RegistryDeployment started = registry.deployments().start(CreateDeploymentInput.builder()
                .projectId(chain.b().id()).action(DeploymentAction.DEPLOY).configSnapshot(Map.of()).build()).deployment();
        registry.deployments().finish(started.id(), DeploymentStatus.SUCCEEDED, Optional.empty());
        assertThat(staleNames(registry)).isEmpty();

        registry.service().mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://z@h/c"));
        assertThat(staleNames(registry)).containsExactly("b");
        RegistryDeployment destroy = registry.deployments().start(CreateDeploymentInput.builder()
                .projectId(chain.b().id()).action(DeploymentAction.DESTROY).configSnapshot(Map.of()).build()).deployment();
        registry.deployments().finish(destroy.id(), DeploymentStatus.SUCCEEDED, Optional.empty());
        assertThat(staleNames(registry)).as("a destroyed project runs nothing").isEmpty();
        assertThat(registry.references().stale().untracked()).isEmpty();
    }

    @RegistryTest
    void aCycleIsReportedAndItsProjectsStillListedWithoutLooping(Registry registry) {
        RegistryProject x = project(registry, "x");
        RegistryProject y = project(registry, "y");
        RegistryProject z = project(registry, "z");
        RegistryResource xApi = deployed(registry, x, ResourceType.CONTAINER, "api", "main", Map.of("url", "x1"));
        RegistryResource yApi = deployed(registry, y, ResourceType.CONTAINER, "api", "main", Map.of("url", "y1"));
        registry.references().recordReferences(x.id(), reading("x", "@y/main/api.url"));
        registry.references().recordReferences(y.id(), reading("y", "@x/main/api.url"));
        registry.references().recordReferences(z.id(), reading("z", "@y/main/api.url"));
        deploy(registry, x);
        deploy(registry, y);
        deploy(registry, z);

        registry.service().mergeResourceOutputs(xApi.id(), Map.of("url", "x2"));
        registry.service().mergeResourceOutputs(yApi.id(), Map.of("url", "y2"));

        StaleReport report = registry.references().stale();
        assertThat(report.cycles()).containsExactly(List.of("x", "y"));
        assertThat(report.stale()).extracting(StaleProject::project, StaleProject::inCycle)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x", true), org.assertj.core.groups.Tuple.tuple("y", true),
                        org.assertj.core.groups.Tuple.tuple("z", false));
    }

    /** The schema version just before the step that adds the baselines (10; 11 staged writes came after). */
    private static final int BEFORE_BASELINES = 9;

    @RegistryTest
    void aProjectDeployedBeforeBaselinesWereKeptIsUntrackedNotStale(Registry registry, BothDatabases.Location location,
            Backend backend) {
        Chain chain = chain(registry);
        RegistryProject old = project(registry, "old");
        registry.references().recordReferences(old.id(), reading("old", "@c/main/db.connectionString"));
        registry.service().markProjectDeployed(old.id()); // the TypeScript registry's way: no baselines
        registry.close();
        // back to the version before baselines (9, output versions): no tables, no key
        Sql.execute(location.url(), "DROP TABLE reference_baselines", "DROP TABLE registry_keys",
                backend == Backend.SQLITE ? "PRAGMA user_version = " + BEFORE_BASELINES
                        : "UPDATE stacksolo_schema SET version = " + BEFORE_BASELINES);

        try (Registry reopened = Registry.open(location.url())) {
            StaleReport report = reopened.references().stale();
            assertThat(report.stale()).isEmpty();
            assertThat(report.untracked()).containsExactly("a", "b", "old");
            assertThat(Sql.rows(location.url(), "SELECT name FROM registry_keys")).hasSize(1);

            deploy(reopened, chain.b());
            reopened.service().mergeResourceOutputs(chain.cDb().id(), Map.of("connectionString", "postgresql://n@h/c"));
            StaleReport after = reopened.references().stale();
            assertThat(after.stale()).extracting(StaleProject::project).containsExactly("b");
            assertThat(after.untracked()).containsExactly("a", "old");
        }
    }
}
