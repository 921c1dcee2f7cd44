package dev.stacksolo.registry.testing;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.ResourceType;
import java.util.Map;

/**
 * A program that uses the library as a SQLite-only user's would, run as its own process (by
 * {@code library/LibraryUseTest}) with a class path chosen by the test: two holders of
 * {@code getRegistry()}, one closing it, and a PostgreSQL URL opened. Prints what it saw.
 */
public final class LibraryUser {

    private LibraryUser() {}

    /** Uses the shared registry from two holders, then tries the PostgreSQL URL {@code args[0]}. */
    public static void main(String[] args) {
        try (Registry first = Registry.getRegistry()) {
            RegistryProject project = first.service().registerProject(CreateProjectInput.builder()
                    .name("shared-infra").gcpProjectId("acme").region("us-central1").build());
            first.service().registerResource(CreateResourceInput.builder().projectId(project.id())
                    .type(ResourceType.DATABASE).name("users-db").network("main")
                    .resourceType("gcp-cdktf:sql_database_instance")
                    .outputs(Map.of("connectionString", "postgresql://app@10.0.0.5/users")).build());
        }
        Registry second = Registry.getRegistry();
        System.out.println("closed=" + second.isClosed());
        System.out.println("value=" + second.references().resolve("@shared-infra/main/users-db.connectionString"));
        System.out.println("value=" + Registry.resolveReference("@shared-infra/main/users-db.connectionString"));
        try (Registry team = Registry.open(args[0])) {
            System.out.println("opened " + team.location());
        } catch (RegistryException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
