package dev.stacksolo.registry.versions;

import static dev.stacksolo.registry.testing.Fixtures.deployed;
import static dev.stacksolo.registry.testing.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.DeploymentNotFoundException;
import dev.stacksolo.registry.InvalidReferenceException;
import dev.stacksolo.registry.OutputsNotRecordedException;
import dev.stacksolo.registry.PropertyNotFoundException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.repository.ResourceRepository;
import dev.stacksolo.registry.service.LockedDeployment;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.Fixtures;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.AsOf;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeployResult;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.OutputVersion;
import dev.stacksolo.registry.types.OutputsDiff;
import dev.stacksolo.registry.types.Reference;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceOutputsDiff;
import dev.stacksolo.registry.types.ResourceType;
import dev.stacksolo.registry.types.UpdateResourceInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Issue 16, versions: every library write of outputs is a version, attributed; as-of reads; diff; prune. */
class OutputVersionsTest {

    private static CreateDeploymentInput deploy(RegistryProject project) {
        return CreateDeploymentInput.builder().projectId(project.id()).action(DeploymentAction.DEPLOY)
                .configSnapshot(Map.of("project", Map.of("name", project.name()))).build();
    }

    private static void sleepAMillisecond() throws InterruptedException {
        Thread.sleep(3); // recorded_at has millisecond precision: two writes in one ms are one instant
    }

    @RegistryTest
    void everyChangeIsAVersionNewestFirstAndAnUnchangedWriteIsNone(Registry registry) {
        RegistryProject app = project(registry, "app");
        RegistryResource db = deployed(registry, app, ResourceType.DATABASE, "db", null, Map.of("host", "10.0.0.1"));
        registry.service().updateResourceOutputs(db.id(), Map.of("host", "10.0.0.2"));
        registry.service().updateResourceOutputs(db.id(), Map.of("host", "10.0.0.2")); // the same value
        registry.service().mergeResourceOutputs(db.id(), Map.of("port", 5432));

        List<OutputVersion> history = registry.versions().history(db.id(), 10);

        assertThat(history).extracting(v -> v.outputs()).containsExactly(
                Map.of("host", "10.0.0.2", "port", 5432), Map.of("host", "10.0.0.2"), Map.of("host", "10.0.0.1"));
        assertThat(history).extracting(OutputVersion::version).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(history).allSatisfy(v -> {
            assertThat(v.by()).contains(ResourceRepository.writer());
            assertThat(v.deploymentId()).isEmpty();
            assertThat(v.resourceId()).isEqualTo(db.id());
        });
        assertThat(registry.versions().history(db.id(), 2)).hasSize(2);
        assertThat(registry.versions().history(Reference.parse("@app/db"), 1)).singleElement()
                .extracting(OutputVersion::outputs).isEqualTo(Map.of("host", "10.0.0.2", "port", 5432));
    }

    @RegistryTest
    void mergingTheValuesStoredIsNoVersionWhenAnotherToolWroteThemWithOtherSpacingOrKeyOrder(Registry registry,
            BothDatabases.Location location) {
        RegistryProject app = project(registry, "app");
        RegistryResource db = deployed(registry, app, ResourceType.DATABASE, "db", null, Map.of("url", "A", "b", "B"));
        registry.service().mergeResourceOutputs(db.id(), Map.of("pw", "s"), java.util.Set.of("pw"));
        // another tool rewrites the same values its own way: that write is a version of its own
        Sql.execute(location.url(), "UPDATE resources SET outputs = '{\"pw\": \"s\", \"b\": \"B\",  \"url\": \"A\"}'"
                + " WHERE id = '" + db.id() + "'");
        int before = registry.versions().history(db.id(), 50).size();

        registry.service().mergeResourceOutputs(db.id(), Map.of("url", "A"));
        registry.service().mergeResourceOutputs(db.id(), Map.of("pw", "s"), java.util.Set.of("pw"));

        assertThat(registry.versions().history(db.id(), 50)).as("writes of the values and marks stored").hasSize(before);
        assertThat(registry.service().findResourceById(db.id()).orElseThrow().outputs()).contains(
                Map.of("url", "A", "b", "B", "pw", "s"));

        registry.service().mergeResourceOutputs(db.id(), Map.of("b", "B"), java.util.Set.of("b"));
        registry.service().mergeResourceOutputs(db.id(), Map.of("url", "A2"));
        assertThat(registry.versions().history(db.id(), 50)).as("a new mark, then a new value, are versions")
                .hasSize(before + 2).first().extracting(OutputVersion::outputs)
                .isEqualTo(Map.of("url", "A2", "b", "B", "pw", "s"));
    }

    @RegistryTest
    void aResourceCreatedWithOutputsAndAnUpdateOfOtherFieldsAreVersionedOnlyForOutputs(Registry registry) {
        RegistryProject app = project(registry, "app");
        RegistryResource web = registry.service().createResource(Fixtures.resource(ResourceType.CONTAINER, "web", "main")
                .projectId(app.id()).outputs(Map.of("url", "https://one")).build());
        registry.service().updateResource(web.id(), UpdateResourceInput.builder().config(Map.of("cpu", 2)).build());
        registry.service().updateResource(web.id(), UpdateResourceInput.builder()
                .outputs(Map.of("url", "https://two")).build());
        RegistryResource pending = registry.service().createResource(Fixtures.resource(ResourceType.BUCKET, "b", null)
                .projectId(app.id()).build());

        assertThat(registry.versions().history(web.id(), 10)).extracting(v -> v.outputs().get("url"))
                .containsExactly("https://two", "https://one");
        assertThat(registry.versions().history(pending.id(), 10)).isEmpty();
    }

    @RegistryTest
    void writesOnBehalfOfADeploymentCarryItsIdAndItsEndMarksTheOutputs(Registry registry) throws Exception {
        RegistryProject app = project(registry, "app");
        RegistryResource web = deployed(registry, app, ResourceType.CONTAINER, "web", "main", Map.of("url", "https://v1"));
        RegistryResource db = deployed(registry, app, ResourceType.DATABASE, "db", null, Map.of("host", "h1"));

        RegistryDeployment first;
        try (LockedDeployment deploy = registry.deployments().start(deploy(app))) {
            deploy.updateResourceOutputs(web.id(), Map.of("url", "https://v2"));
            registry.deployments().mergeResourceOutputs(deploy.id(), db.id(), Map.of("port", 1));
            first = deploy.succeed();
        }
        registry.service().updateResourceOutputs(web.id(), Map.of("url", "https://v3")); // after it, no deployment
        try (LockedDeployment deploy = registry.deployments().start(deploy(app))) {
            deploy.updateResourceOutputs(Map.of(db.id(), Map.of("host", "h2")));
            deploy.upsertResources(List.of(Fixtures.resource(ResourceType.BUCKET, "assets", null)
                    .outputs(Map.of("name", "assets-1")).build()));
            deploy.fail("boom");
        }

        assertThat(registry.versions().history(web.id(), 10)).extracting(v -> v.deploymentId().orElse("-"))
                .containsExactly("-", first.id(), "-");
        assertThat(registry.versions().outputsAsOf(web.id(), AsOf.deployment(first.id())))
                .map(OutputVersion::outputs).contains(Map.of("url", "https://v2"));
        assertThat(registry.versions().outputsAsOf(db.id(), AsOf.deployment(first.id())))
                .map(OutputVersion::outputs).contains(Map.of("host", "h1", "port", 1));
        assertThat(registry.versions().resolveAsOf("@app/main/web", AsOf.deployment(first.id())).resolved().text())
                .isEqualTo("https://v2");
        assertThat(registry.versions().resolveAsOf("@app/db.host", AsOf.deployment(first.id())).resolved().text())
                .isEqualTo("h1");
        assertThat(registry.references().resolve("@app/db.host")).isEqualTo("h2");
        RegistryResource assets = registry.service().findResourceByRef(app.id(), "assets").orElseThrow();
        assertThat(registry.versions().history(assets.id(), 10)).singleElement()
                .satisfies(v -> assertThat(v.deploymentId()).isPresent());
    }

    @RegistryTest
    void aWholeDeployRecordedAtOnceNamesItsDeploymentAndMarksItsOutputs(Registry registry) {
        RegistryProject app = project(registry, "app");
        RegistryResource web = deployed(registry, app, ResourceType.CONTAINER, "web", null, Map.of("url", "https://v1"));

        RegistryDeployment recorded = registry.service().recordDeployResult(DeployResult.succeeded(app.id())
                .outputs(web.id(), Map.of("url", "https://v2")).build());
        registry.service().updateResourceOutputs(web.id(), Map.of("url", "https://v3"));

        assertThat(registry.versions().history(web.id(), 1)).singleElement()
                .satisfies(v -> assertThat(v.outputs()).containsEntry("url", "https://v3"));
        assertThat(registry.versions().history(web.id(), 2).get(1).deploymentId()).contains(recorded.id());
        assertThat(registry.versions().resolveAsOf("@app/web", AsOf.deployment(recorded.id())).resolved().text())
                .isEqualTo("https://v2");
    }

    @RegistryTest
    void asOfAnInstantReadsTheNewestVersionRecordedByThen(Registry registry) throws Exception {
        RegistryProject app = project(registry, "app");
        Instant beforeAll = Instant.now().minusSeconds(5);
        RegistryResource web = deployed(registry, app, ResourceType.CONTAINER, "web", null, Map.of("url", "https://v1"));
        sleepAMillisecond();
        Instant between = Instant.now();
        sleepAMillisecond();
        registry.service().updateResourceOutputs(web.id(), Map.of("url", "https://v2"));

        assertThat(registry.versions().resolveAsOf("@app/web", AsOf.time(between)).resolved().text())
                .isEqualTo("https://v1");
        assertThat(registry.versions().resolveAsOf("@app/web", AsOf.time(Instant.now().plusSeconds(60))).resolved()
                .text()).isEqualTo("https://v2");
        assertThatThrownBy(() -> registry.versions().resolveAsOf("@app/web", AsOf.time(beforeAll)))
                .isInstanceOf(OutputsNotRecordedException.class).hasMessageContaining("had no outputs recorded")
                .hasMessageContaining("history starts at").hasMessageContaining("stacksolo outputs history @app/web");
    }

    @RegistryTest
    void failuresSayWhatIsMissingAndWhatToDo(Registry registry) {
        RegistryProject app = project(registry, "app");
        deployed(registry, app, ResourceType.CONTAINER, "web", null, Map.of("url", "https://v1"));
        LockedDeployment running = registry.deployments().start(deploy(app));

        assertThatThrownBy(() -> registry.versions().resolveAsOf("@app/web", AsOf.deployment("no-such-id")))
                .isInstanceOf(DeploymentNotFoundException.class).hasMessageContaining("stacksolo history");
        assertThatThrownBy(() -> registry.versions().resolveAsOf("@app/web", AsOf.deployment(running.id())))
                .isInstanceOf(OutputsNotRecordedException.class).hasMessageContaining("has not ended");
        assertThatThrownBy(() -> registry.versions().resolveAsOf("@app/web.nope", AsOf.time(Instant.now())))
                .isInstanceOf(PropertyNotFoundException.class).hasMessageContaining("url");
        assertThatThrownBy(() -> registry.versions().history(Reference.parse("@app/web.url"), 5))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("@app/web");
        running.fail("test over");
    }

    @RegistryTest
    void aKeyMarkedSensitiveLaterIsSensitiveInOlderVersionsToo(Registry registry) {
        RegistryProject app = project(registry, "app");
        RegistryResource db = deployed(registry, app, ResourceType.DATABASE, "db", null, Map.of("password", "old"));
        registry.service().updateResourceOutputs(db.id(), Map.of("password", "new"), Set.of("password"));
        RegistryResource secret = deployed(registry, app, ResourceType.SECRET, "jwt", null, Map.of("secretId", "s1"));

        assertThat(registry.versions().history(db.id(), 10)).allSatisfy(v ->
                assertThat(v.sensitiveKeys()).contains("password"));
        assertThat(registry.versions().history(secret.id(), 10)).allSatisfy(v ->
                assertThat(v.sensitiveKeys()).contains("secretId"));
    }

    @RegistryTest
    void diffBetweenDeploymentsListsAddedRemovedAndChangedPerResource(Registry registry) {
        RegistryProject app = project(registry, "app");
        RegistryResource web = deployed(registry, app, ResourceType.CONTAINER, "web", "main",
                Map.of("url", "https://v1", "region", "eu"));
        RegistryResource db = deployed(registry, app, ResourceType.DATABASE, "db", null, Map.of("password", "p1"));
        RegistryDeployment one;
        try (LockedDeployment deploy = registry.deployments().start(deploy(app))) {
            deploy.updateResourceOutputs(db.id(), Map.of("password", "p1"), Set.of("password"));
            one = deploy.succeed();
        }
        RegistryDeployment two;
        try (LockedDeployment deploy = registry.deployments().start(deploy(app))) {
            deploy.updateResourceOutputs(web.id(), Map.of("url", "https://v2", "image", "app:2"));
            deploy.updateResourceOutputs(db.id(), Map.of("password", "p2"));
            two = deploy.succeed();
        }

        OutputsDiff diff = registry.versions().diff("app", Optional.of(one.id()), Optional.of(two.id()));
        assertThat(diff.resources()).extracting(ResourceOutputsDiff::reference).containsExactly("@app/db", "@app/main/web");
        ResourceOutputsDiff webDiff = diff.resources().get(1);
        assertThat(webDiff.added()).isEqualTo(Map.of("image", "app:2"));
        assertThat(webDiff.removed()).isEqualTo(Map.of("region", "eu"));
        assertThat(webDiff.changed()).isEqualTo(Map.of("url", new ResourceOutputsDiff.Change("https://v1", "https://v2")));
        assertThat(diff.resources().get(0).changed()).containsOnlyKeys("password");
        assertThat(diff.resources().get(0).sensitiveKeys()).contains("password");

        // defaults: from the previous succeeded deployment (two), to now
        registry.service().updateResourceOutputs(web.id(), Map.of("url", "https://v3", "image", "app:2"));
        OutputsDiff sinceLast = registry.versions().diff(app.name(), Optional.empty(), Optional.empty());
        assertThat(sinceLast.from()).contains(two.id());
        assertThat(sinceLast.to()).isEmpty();
        assertThat(sinceLast.resources()).singleElement().satisfies(r -> assertThat(r.changed()).containsOnlyKeys("url"));
        // to = two: from defaults to the succeeded one before it
        assertThat(registry.versions().diff(app.name(), Optional.empty(), Optional.of(two.id())).from()).contains(one.id());
        // another project's deployment is refused, naming its project
        RegistryProject other = project(registry, "other");
        RegistryDeployment elsewhere;
        try (LockedDeployment deploy = registry.deployments().start(deploy(other))) {
            elsewhere = deploy.succeed();
        }
        assertThatThrownBy(() -> registry.versions().diff(app.name(), Optional.of(elsewhere.id()), Optional.empty()))
                .isInstanceOf(dev.stacksolo.registry.InvalidInputException.class)
                .hasMessageContaining("is one of project 'other', not of 'app'");
        assertThatThrownBy(() -> registry.versions().diff(app.name(), Optional.empty(), Optional.of(elsewhere.id())))
                .isInstanceOf(dev.stacksolo.registry.InvalidInputException.class).hasMessageContaining("other");
    }

    @RegistryTest
    void aTimeCopiedFromTheHistoryToTheSecondReadsTheVersionShownBesideIt(Registry registry) throws Exception {
        RegistryProject app = project(registry, "app");
        RegistryResource web = deployed(registry, app, ResourceType.CONTAINER, "web", null, Map.of("v", "a"));
        // the next change in a later second, some way into it
        java.time.Instant now = java.time.Instant.now();
        Thread.sleep(1000 - now.getNano() / 1_000_000 + 200);
        registry.service().updateResourceOutputs(web.id(), Map.of("v", "b"));
        OutputVersion b = registry.versions().history(web.id(), 1).get(0);
        String shown = b.recordedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

        assertThat(registry.versions().resolveAsOf("@app/web.v", AsOf.parse(shown)).resolved().text())
                .as("as of %s, the time shown for version b (recorded %s)", shown, b.recordedAt()).isEqualTo("b");
        assertThat(registry.versions().resolveAsOf("@app/web.v", AsOf.time(b.recordedAt().minusMillis(1)))
                .resolved().text()).isEqualTo("a");
    }

    @org.junit.jupiter.api.Test
    void asOfTakesIsoTimesTheViewsFormatLocalTimesAndDatesAndRefusesInvalidDates() {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            // a time to the second means up to its end: the views show times to the second
            java.time.Instant at = java.time.Instant.parse("2026-11-30T02:54:52.999Z");
            assertThat(AsOf.parse("2026-11-30T02:54:52Z")).isEqualTo(AsOf.time(at));
            assertThat(AsOf.parse("2026-11-30t02:54:52z")).as("ISO-8601's lowercase t").isEqualTo(AsOf.time(at));
            assertThat(AsOf.parse("2026-11-30T08:24:52+05:30")).isEqualTo(AsOf.time(at));
            assertThat(AsOf.parse("2026-11-30 08:24:52 +05:30")).isEqualTo(AsOf.time(at));
            assertThat(AsOf.parse("2026-11-30 08:24:52")).as("local time").isEqualTo(AsOf.time(at));
            assertThat(AsOf.parse("2026-11-30T02:54:52.250Z")).as("a fraction is exact")
                    .isEqualTo(AsOf.time(java.time.Instant.parse("2026-11-30T02:54:52.250Z")));
            assertThat(AsOf.parse("2026-11-30 08:24 +05:30")).as("to the minute: its end")
                    .isEqualTo(AsOf.time(java.time.Instant.parse("2026-11-30T02:54:59.999Z")));
            assertThat(AsOf.parse("2026-11-30")).isEqualTo(AsOf.time(java.time.Instant.parse("2026-11-30T00:00:00Z")));
            assertThat(AsOf.parse("+10000-01-01T00:00:00Z")).isInstanceOf(AsOf.Time.class);
            assertThat(AsOf.parse("3f2a9c1e-0000-4000-8000-000000000000")).isEqualTo(
                    AsOf.deployment("3f2a9c1e-0000-4000-8000-000000000000"));
            assertThat(AsOf.parse("garbage")).isEqualTo(AsOf.deployment("garbage"));
            for (String invalid : List.of("2026-13-45", "2026-02-30", "2026-11-30 25:00:00", "2026-11-30T08:61:00Z")) {
                assertThatThrownBy(() -> AsOf.parse(invalid)).as(invalid)
                        .isInstanceOf(dev.stacksolo.registry.InvalidInputException.class)
                        .hasMessageContaining("'" + invalid + "' is not a valid date or time")
                        .hasMessageContaining(AsOf.timeForms());
            }
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @RegistryTest
    void pruneKeepsTheCurrentVersionsAndWhatADeploymentsEndNeeds(Registry registry, BothDatabases.Location location)
            throws Exception {
        RegistryProject app = project(registry, "app");
        RegistryResource web = deployed(registry, app, ResourceType.CONTAINER, "web", null, Map.of("url", "v1"));
        RegistryDeployment kept;
        try (LockedDeployment deploy = registry.deployments().start(deploy(app))) {
            deploy.updateResourceOutputs(web.id(), Map.of("url", "v2"));
            kept = deploy.succeed();
        }
        registry.service().updateResourceOutputs(web.id(), Map.of("url", "v3"));
        sleepAMillisecond();
        java.time.Instant whileV3 = dev.stacksolo.registry.db.Times.now();
        sleepAMillisecond();
        registry.service().updateResourceOutputs(web.id(), Map.of("url", "v4"));
        sleepAMillisecond();

        var dry = registry.versions().prune(Duration.ZERO, true);
        // v1 only: v2 is the deployment's end and v4 is current, and v3 between them stays (no gap
        // that a read as of a time could fall into and find v2, which was not current then)
        assertThat(dry.removed()).isEqualTo(1);
        assertThat(registry.versions().history(web.id(), 10)).hasSize(4);

        var report = registry.versions().prune(Duration.ZERO, false);
        assertThat(report.removed()).isEqualTo(1);
        assertThat(registry.versions().history(web.id(), 10)).extracting(v -> v.outputs().get("url"))
                .containsExactly("v4", "v3", "v2");
        assertThat(registry.versions().resolveAsOf("@app/web", AsOf.deployment(kept.id())).resolved().text())
                .isEqualTo("v2");
        assertThat(registry.versions().resolveAsOf("@app/web", AsOf.time(whileV3)).resolved().text())
                .as("as of a time between two kept versions: the one current then").isEqualTo("v3");
        assertThat(registry.versions().prune(Duration.ofDays(1), false).removed()).isZero();
        assertThat(registry.versions().stats().versions()).isEqualTo(3);
    }

    @RegistryTest
    void aVersionIdIsNeverHandedOutTwiceEvenWhenTheNewestVersionsResourceWasRemovedAndPruned(Registry registry)
            throws Exception {
        RegistryProject app = project(registry, "app");
        RegistryResource web = deployed(registry, app, ResourceType.CONTAINER, "web", null, Map.of("url", "w1"));
        RegistryResource gone = deployed(registry, app, ResourceType.BUCKET, "gone", null, Map.of("name", "g1"));
        registry.service().updateResourceOutputs(gone.id(), Map.of("name", "g2"));
        long newest = registry.versions().history(gone.id(), 1).get(0).version();
        RegistryDeployment ended;
        try (LockedDeployment deploy = registry.deployments().start(deploy(app))) {
            ended = deploy.succeed(); // its mark: the newest version, the removed resource's
        }
        registry.service().deleteResource(gone.id());
        sleepAMillisecond();
        registry.versions().prune(Duration.ZERO, false);

        registry.service().updateResourceOutputs(web.id(), Map.of("url", "w2"));
        assertThat(registry.versions().history(web.id(), 1).get(0).version())
                .as("the next id is past every id handed out, so no deployment's mark takes in a later change")
                .isGreaterThan(newest);
        assertThat(registry.versions().resolveAsOf("@app/web", AsOf.deployment(ended.id())).resolved().text())
                .isEqualTo("w1");
    }

    @RegistryTest
    void aReadAsOfATimeAfterPruneGivesTheValueCurrentThenOrSaysTheHistoryStartsLater(Registry registry) throws Exception {
        RegistryProject c = project(registry, "c");
        RegistryResource db = deployed(registry, c, ResourceType.DATABASE, "db", "main", Map.of("url", "U0"));
        sleepAMillisecond();
        java.time.Instant whileU0 = dev.stacksolo.registry.db.Times.now();
        sleepAMillisecond();
        registry.service().mergeResourceOutputs(db.id(), Map.of("url", "U1"));
        RegistryDeployment reader = deployedReading(registry, "b"); // its end marks U1
        registry.service().mergeResourceOutputs(db.id(), Map.of("url", "U2"));
        sleepAMillisecond();
        java.time.Instant t2 = dev.stacksolo.registry.db.Times.now();
        sleepAMillisecond();
        registry.service().mergeResourceOutputs(db.id(), Map.of("url", "U3"));
        sleepAMillisecond();
        assertThat(registry.versions().resolveAsOf("@c/main/db.url", AsOf.time(t2)).resolved().text()).isEqualTo("U2");

        assertThat(registry.versions().prune(Duration.ZERO, false).removed()).as("U0 only").isEqualTo(1);

        assertThat(registry.versions().resolveAsOf("@c/main/db.url", AsOf.time(t2)).resolved().text())
                .as("still the value current at T2").isEqualTo("U2");
        assertThat(registry.versions().resolveAsOf("@c/main/db.url", AsOf.deployment(reader.id())).resolved().text())
                .isEqualTo("U1");
        assertThatThrownBy(() -> registry.versions().resolveAsOf("@c/main/db.url", AsOf.time(whileU0)))
                .as("before the history kept: no value, and where it starts")
                .isInstanceOf(dev.stacksolo.registry.OutputsNotRecordedException.class)
                .hasMessageContaining("had no outputs recorded as of").hasMessageContaining("its history starts at");
    }

    /** A project {@code name} deployed once (its end marks every resource's outputs as they are now). */
    private static RegistryDeployment deployedReading(Registry registry, String name) {
        RegistryProject project = project(registry, name);
        try (LockedDeployment deploy = registry.deployments().start(deploy(project))) {
            return deploy.succeed();
        }
    }

    @RegistryTest
    void changeSinceFindsWhenAPropertyChangedIgnoringOtherKeysAndRewritesOfTheSameValue(Registry registry) {
        RegistryProject app = project(registry, "app");
        Map<String, Object> first = new java.util.LinkedHashMap<>();
        first.put("host", "h1");
        first.put("port", 1);
        RegistryResource db = deployed(registry, app, ResourceType.DATABASE, "db", null, first);
        var repository = registry.versions().repository();
        long baseline = repository.latestIdOf(db.id()).orElseThrow();
        registry.service().mergeResourceOutputs(db.id(), Map.of("port", 2)); // another key
        Map<String, Object> reordered = new java.util.LinkedHashMap<>();
        reordered.put("port", 2);
        reordered.put("host", "h1");
        registry.service().updateResourceOutputs(db.id(), reordered); // same values in another order: a version

        assertThat(repository.changeSince(db.id(), baseline, "host")).isEmpty();
        assertThat(repository.changeSince(db.id(), baseline, "port")).map(OutputVersion::version)
                .contains(baseline + 1);

        registry.service().updateResourceOutputs(db.id(), Map.of("port", 2)); // host removed
        OutputVersion removed = repository.changeSince(db.id(), baseline, "host").orElseThrow();
        assertThat(removed.outputs()).doesNotContainKey("host");
        assertThat(repository.latestIdOf()).isGreaterThanOrEqualTo(removed.version());
        assertThat(repository.asOf(db.id(), baseline)).map(OutputVersion::outputs)
                .contains(Map.of("host", "h1", "port", 1));
        assertThat(repository.findByResource(db.id(), 100)).hasSize(4);
    }

    @RegistryTest
    void pruneKeepsAVersionAStalenessBaselineRecords(Registry registry,
            BothDatabases.Location location) throws Exception {
        RegistryProject app = project(registry, "app");
        RegistryResource web = deployed(registry, app, ResourceType.CONTAINER, "web", null, Map.of("url", "v1"));
        long v1 = registry.versions().repository().latestIdOf(web.id()).orElseThrow();
        registry.service().updateResourceOutputs(web.id(), Map.of("url", "v2"));
        registry.service().updateResourceOutputs(web.id(), Map.of("url", "v3"));
        sleepAMillisecond();
        assertThat(registry.versions().prune(Duration.ZERO, true).removed()).as("no baseline yet").isEqualTo(2);

        // a staleness baseline on v1
        Sql.execute(location.url(), "INSERT INTO reference_baselines (project_id, reference, value_hash, version_id,"
                + " deployment_id, recorded_at) VALUES ('" + app.id()
                + "', '@app/web', 'h', " + v1 + ", 'd', '2026-01-01T00:00:00.000Z')");

        assertThat(registry.versions().prune(Duration.ZERO, false).removed())
                .as("v1 is kept, and so is every version after it").isZero();
        assertThat(registry.versions().history(web.id(), 10)).extracting(v -> v.outputs().get("url"))
                .containsExactly("v3", "v2", "v1");
    }
}
