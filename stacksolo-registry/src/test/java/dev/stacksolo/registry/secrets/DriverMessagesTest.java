package dev.stacksolo.registry.secrets;

import static dev.stacksolo.registry.testing.Fixtures.project;
import static dev.stacksolo.registry.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.testing.Backend;
import dev.stacksolo.registry.testing.BothDatabases;
import dev.stacksolo.registry.testing.RegistryTest;
import dev.stacksolo.registry.testing.Sql;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.ResourceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A failing statement's message never carries the values it wrote: the database refuses a row
 * whose config holds a password, and the exception (which the CLI prints and logs in
 * {@code command_failed}) does not hold the password. On SQLite and PostgreSQL.
 */
class DriverMessagesTest {

    private static final String PASSWORD = "CfgPw-8c1f";

    @RegistryTest
    void aRefusedInsertDoesNotQuoteTheRowItRefused(Registry registry, BothDatabases.Location location, Backend backend) {
        RegistryProject project = project(registry, "app");
        if (backend == Backend.POSTGRESQL) {
            Sql.execute(location.url(), "ALTER TABLE resources ADD CONSTRAINT no_big_configs CHECK (length(config) < 40)");
        } else {
            Sql.execute(location.url(), "CREATE TRIGGER no_big_configs BEFORE INSERT ON resources"
                    + " WHEN length(NEW.config) >= 40 BEGIN SELECT RAISE(ABORT, 'config too big'); END");
        }

        Throwable refused = catchThrowable(() -> registry.service().createResource(resource(ResourceType.CONTAINER, "api", "main")
                .projectId(project.id()).config(Map.of("env", Map.of("STATIC_DB_PASSWORD", PASSWORD))).build()));

        assertThat(refused).isInstanceOf(DatabaseException.class);
        assertThat(refused.getMessage()).doesNotContain(PASSWORD);
    }

    @Test
    void pgjdbcAndPostgresMessageShapesLoseTheirValues() {
        List<String> messages = List.of(
                "Batch entry 0 INSERT INTO resources (id, config) VALUES (('a'), ('{\"p\":\"" + PASSWORD + "\"}')) was aborted:"
                        + " ERROR: new row violates check constraint \"c\"\n  Detail: Failing row contains (a, {\"p\": \""
                        + PASSWORD + "\"}).  Call getNextException to see other errors in the batch.",
                "ERROR: duplicate key value violates unique constraint \"u\"\n  Detail: Key (name, config)=(x, " + PASSWORD
                        + ") already exists.");
        for (String message : messages) {
            String masked = Secrets.maskDatabaseMessage(message);
            assertThat(masked).doesNotContain(PASSWORD).contains("ERROR:");
        }
    }
}
