package dev.stacksolo.registry.concurrency;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.service.LockedDeployment;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.LogEvent;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.NewSession;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A writer for the crash test, meant to be killed: it writes cycles until it dies. Each cycle is
 * an upsert of 1,000 new resources ({@code r<run>c<cycle>-<i>}, config {@code {"cycle": …}}) in one
 * call, then a locked deploy of project {@code crash}: start, the 1,000 resources' outputs
 * ({@code {"url": …, "cycle": …}}) in one call, succeed; around the deploy, an event-log session with
 * a phase and {@value #EVENTS} resource events. Prints {@code cycle <n>} after each.
 *
 * <p>Usage: {@code CrashingWriter <registry location> <run>}.
 */
public final class CrashingWriter {

    static final int RESOURCES = 1000;
    static final int EVENTS = 20;

    private CrashingWriter() {}

    public static void main(String[] args) {
        String location = args[0];
        String run = args[1];
        try (Registry registry = Registry.open(location)) {
            RegistryProject project = registry.service().findProjectByName("crash").orElseThrow();
            System.out.println("started"); // the test times its kill from here, not from the JVM's start
            System.out.flush();
            for (int cycle = 0; ; cycle++) {
                String prefix = "r" + run + "c" + cycle + "-";
                List<CreateResourceInput> inputs = new ArrayList<>();
                for (int i = 0; i < RESOURCES; i++) {
                    inputs.add(CreateResourceInput.builder().type(ResourceType.CONTAINER).name(prefix + i)
                            .resourceType("gcp:cloud_run").config(Map.of("cycle", prefix)).build());
                }
                List<RegistryResource> created = registry.service().upsertResources(project.id(), inputs);
                LogSession session = registry.events().startSession(NewSession.of("deploy").withProject("crash", "gcp"));
                try (LockedDeployment deploy = registry.deployments().start(CreateDeploymentInput.builder()
                        .projectId(project.id()).action(DeploymentAction.DEPLOY)
                        .configSnapshot(Map.of("cycle", prefix)).build())) {
                    // the deploy logs its steps while it holds the lock
                    LogEvent phase = registry.events().phaseStart(session.id(), "apply");
                    for (int i = 0; i < EVENTS; i++) {
                        registry.events().terraformResource(session.id(), "create", "google_cloud_run_service.r" + i,
                                "container", prefix + i, Map.of("cycle", prefix));
                    }
                    registry.events().phaseEnd(session.id(), phase, true);
                    Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
                    for (RegistryResource resource : created) {
                        outputs.put(resource.id(), Map.of("url", "https://" + resource.name(), "cycle", prefix));
                    }
                    deploy.updateResourceOutputs(outputs);
                    deploy.succeed();
                }
                registry.events().endSession(session.id(), 0);
                System.out.println("cycle " + cycle);
                System.out.flush();
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
