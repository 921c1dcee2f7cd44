package dev.stacksolo.registry.testing;

import dev.stacksolo.registry.Registry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Runs each {@link RegistryTest} on a fresh SQLite registry in a temporary folder and on a fresh
 * PostgreSQL schema ({@link PostgresScratch}: skipped with a message when no server answers, failed
 * when {@code STACKSOLO_TEST_POSTGRES_REQUIRED=1}).
 */
public final class BothDatabases implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(new OnDatabase(Backend.SQLITE), new OnDatabase(Backend.POSTGRESQL));
    }

    private record OnDatabase(Backend backend) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return backend == Backend.SQLITE ? "SQLite" : "PostgreSQL";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Scratch(backend));
        }
    }

    /** Opens the registry for the test and removes it afterwards. */
    private static final class Scratch implements ParameterResolver, AfterEachCallback, ExecutionCondition {

        private static final Namespace NAMESPACE = Namespace.create(BothDatabases.class);

        private final Backend backend;

        Scratch(Backend backend) {
            this.backend = backend;
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (backend == Backend.POSTGRESQL) {
                return PostgresScratch.skipReason().map(ConditionEvaluationResult::disabled)
                        .orElseGet(() -> ConditionEvaluationResult.enabled("PostgreSQL answers"));
            }
            return ConditionEvaluationResult.enabled("SQLite is embedded");
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == Registry.class || type == Backend.class || type == BothDatabases.Location.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            if (type == Backend.class) {
                return backend;
            }
            Location location = context.getStore(NAMESPACE).getOrComputeIfAbsent("location",
                    key -> Location.create(backend), Location.class);
            if (type == BothDatabases.Location.class) {
                return location;
            }
            return context.getStore(NAMESPACE).getOrComputeIfAbsent("registry",
                    key -> Registry.open(location.url()), Registry.class);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            Registry registry = context.getStore(NAMESPACE).remove("registry", Registry.class);
            if (registry != null) {
                registry.close();
            }
            Location location = context.getStore(NAMESPACE).remove("location", Location.class);
            if (location != null) {
                location.close();
            }
        }
    }

    /** Where a test's registry lives: a file in a temporary folder, or a PostgreSQL schema. */
    public static final class Location implements AutoCloseable {
        private final String url;
        private final Path folder;
        private final PostgresScratch scratch;

        private Location(String url, Path folder, PostgresScratch scratch) {
            this.url = url;
            this.folder = folder;
            this.scratch = scratch;
        }

        static Location create(Backend backend) {
            if (backend == Backend.POSTGRESQL) {
                PostgresScratch scratch = PostgresScratch.create();
                return new Location(scratch.url(), null, scratch);
            }
            try {
                Path folder = Files.createTempDirectory("stacksolo-test");
                return new Location(folder.resolve("registry.db").toString(), folder, null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A path or JDBC URL that {@link Registry#open(String)} accepts. */
        public String url() {
            return url;
        }

        @Override
        public void close() {
            if (scratch != null) {
                scratch.close();
            }
            if (folder != null) {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
