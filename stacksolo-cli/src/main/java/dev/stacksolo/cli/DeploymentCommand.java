package dev.stacksolo.cli;

import dev.stacksolo.registry.DeploymentNotFoundException;
import dev.stacksolo.registry.service.RegistryService;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.ProjectStatus;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacksolo deployment start|finish}: records a deploy run of the current folder's project. */
@Command(name = "deployment", mixinStandardHelpOptions = true,
        description = "Record a deploy, destroy or preview run, from any deploy tool.",
        subcommands = {DeploymentCommand.Start.class, DeploymentCommand.Finish.class})
final class DeploymentCommand {

    /** Action names as the format writes them, for picocli's conversion. */
    enum ActionOption { deploy, destroy, preview }

    /** Final statuses as the format writes them. */
    enum FinalStatus { succeeded, failed }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Record a running deployment of the current folder's project and print its id",
                "(give it to `deployment finish`). The config snapshot is the folder's config file."})
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--action", defaultValue = "deploy", description = "deploy, destroy or preview (default: ${DEFAULT-VALUE}).")
        ActionOption action;

        @Option(names = "--log", paramLabel = "PATH", description = "Where the run's log is written.")
        String log;

        @Override
        public Integer call() {
            try (Cli cli = Cli.of(spec)) {
                ProjectConfig config = ProjectConfig.read(cli.configFile());
                RegistryProject project = CurrentProject.require(cli);
                RegistryService service = cli.registry().service();
                CreateDeploymentInput.Builder input = CreateDeploymentInput.builder().projectId(project.id())
                        .action(DeploymentAction.fromValue(action.name())).configSnapshot(config.root())
                        .status(DeploymentStatus.RUNNING);
                if (log != null) {
                    input.logPath(log);
                }
                RegistryDeployment deployment = service.recordDeployment(input.build());
                if (deployment.action() == DeploymentAction.DEPLOY) {
                    service.updateProjectStatus(project.id(), ProjectStatus.DEPLOYING);
                }
                cli.out().println(deployment.id());
                return 0;
            }
        }
    }

    @Command(name = "finish", mixinStandardHelpOptions = true,
            description = {"Mark a deployment succeeded or failed. A succeeded deploy marks the project deployed,",
                "a succeeded destroy marks it destroyed, a failure marks it failed."})
    static final class Finish implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<id>", description = "The id `deployment start` printed.")
        String id;

        @Option(names = "--status", required = true, description = "succeeded or failed.")
        FinalStatus status;

        @Option(names = "--error", paramLabel = "MSG", description = "Why it failed (with --status failed).")
        String error;

        @Override
        public Integer call() {
            if (error != null && status != FinalStatus.failed) {
                throw new ParameterException(spec.commandLine(), "--error goes with --status failed");
            }
            try (Cli cli = Cli.of(spec)) {
                RegistryService service = cli.registry().service();
                RegistryDeployment deployment = service.findDeploymentById(id)
                        .orElseThrow(() -> new DeploymentNotFoundException(id));
                if (deployment.completedAt().isPresent()) {
                    throw new CliException("deployment " + id + " already finished (" + deployment.status().value()
                            + " at " + Times.local(deployment.completedAt()) + "); nothing was changed");
                }
                if (status == FinalStatus.succeeded) {
                    service.markDeploymentSucceeded(id);
                    switch (deployment.action()) {
                        case DEPLOY -> service.markProjectDeployed(deployment.projectId());
                        case DESTROY -> service.updateProjectStatus(deployment.projectId(), ProjectStatus.DESTROYED);
                        case PREVIEW -> { }
                    }
                } else {
                    service.markDeploymentFailed(id, error == null ? "no reason given" : error);
                    if (deployment.action() != DeploymentAction.PREVIEW) {
                        service.updateProjectStatus(deployment.projectId(), ProjectStatus.FAILED);
                    }
                }
                cli.out().println("Deployment " + id + " " + status.name() + ".");
                return 0;
            }
        }
    }
}
