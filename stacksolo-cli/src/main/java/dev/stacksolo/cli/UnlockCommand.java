package dev.stacksolo.cli;

import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.RegistryProject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacksolo unlock <project> [--lock-id ID]}: breaks a deployment lock on purpose. */
@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"Break the lock a deploy or destroy holds on a project, and record that deployment",
            "failed with the reason. A stale lock (its holder's process is gone, or no heartbeat within",
            "its lease) is broken without more; a live one only with its id (--lock-id), so that nobody",
            "breaks a running deploy by accident."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo unlock shared-infra",
            "  stacksolo unlock shared-infra --lock-id 3f2a9c1e-0b7d-4c1a-9d1e-2b6f8a7c5e10",
            "  stacksolo unlock shared-infra --json | jq -r .lock.lockId"})
final class UnlockCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<project>", description = "The locked project.")
    String project;

    @Option(names = "--lock-id", paramLabel = "ID",
            description = "The lock's id (the deployment id `deployment start` printed): breaks it even if it looks live.")
    String lockId;

    @Option(names = "--json", description = "Print {project, lock, deploymentStatus}: the lock broken (as in"
            + " status --json) and the status its deployment is recorded with.")
    boolean json;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forRecorded(spec)) {
            Registry registry = cli.registry();
            RegistryProject found = registry.service().findProjectByName(project)
                    .orElseThrow(() -> new ProjectNotFoundException(project));
            DeploymentLock broken = Audit.record(cli, spec, "unlock", Optional.of(found.name()),
                    Optional.of(found.gcpProjectId()), Optional.empty(), audit -> {
                        DeploymentLock lock = registry.deployments().unlock(found.id(), Optional.ofNullable(lockId));
                        audit.event("lock_broken", Audit.details("deploymentId", lock.lockId(), "holder",
                                lock.holder().describe(), "stale", lock.staleReason().orElse("no: forced with its lock id")));
                        return lock;
                    });
            if (json) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("project", found.name());
                view.put("lock", Views.lock(broken));
                view.put("deploymentStatus", "failed");
                cli.out().println(Views.json(view));
                return 0;
            }
            cli.out().println("Unlocked " + found.name() + ": deployment " + broken.lockId() + " ("
                    + broken.action().value() + ", started " + Times.local(broken.acquiredAt()) + " by "
                    + broken.holder().describe() + ") is recorded failed"
                    + broken.staleReason().map(why -> "; " + why).orElse("; its lock was live, broken with its id") + ".");
            return 0;
        }
    }
}
