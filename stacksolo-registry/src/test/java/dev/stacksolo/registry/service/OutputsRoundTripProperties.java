package dev.stacksolo.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.testing.Fixtures;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Outputs and configs of any shape and text survive the trip through the database unchanged, and
 * what a write returns is what a later read returns (records are built without reading back).
 */
class OutputsRoundTripProperties {

    private static Path folder;
    private static Registry registry;
    private static RegistryResource resource;

    @BeforeContainer
    static void open() throws IOException {
        folder = Files.createTempDirectory("stacksolo-props");
        registry = Registry.open(folder.resolve("registry.db"));
        RegistryProject project = Fixtures.project(registry, "props");
        resource = Fixtures.deployed(registry, project, ResourceType.DATABASE, "db", "main", null);
    }

    @AfterContainer
    static void close() {
        registry.close();
    }

    @Provide
    Arbitrary<Map<String, Object>> outputs() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                // number types a caller may pass that the JSON reader gives back as another type
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.floats().map(f -> (Object) f),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> lists = leaves.list().ofMaxSize(4).map(l -> (Object) l);
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                Arbitraries.oneOf(leaves, lists)).ofMaxSize(6);
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void outputsReadBackExactlyAsWritten(@ForAll("outputs") Map<String, Object> outputs) {
        registry.service().updateResourceOutputs(resource.id(), outputs);

        assertThat(registry.service().findResourceById(resource.id()).orElseThrow().outputs())
                .contains(asJsonReadsIt(outputs));
    }

    /** The map as JSON gives it back: a float 0.1f or a long 5L come back as the double and int of their text. */
    private static Map<String, Object> asJsonReadsIt(Map<String, Object> map) {
        try {
            return Json.readObject(Json.write(map));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void upsertedResourcesEqualWhatAReadReturns(@ForAll("outputs") Map<String, Object> config) {
        RegistryProject project = registry.service().findProjectById(resource.projectId()).orElseThrow();

        RegistryResource created = registry.service().upsertResources(project.id(), java.util.List.of(
                CreateResourceInput.builder().type(ResourceType.BUCKET).name("b-" + counter++)
                        .resourceType("gcp:storage_bucket").config(config).outputs(config).build())).get(0);

        assertThat(registry.service().findResourceById(created.id())).contains(created);
    }

    private static int counter;
}
