package dev.stacksolo.cli;

import dev.stacksolo.registry.DeploymentNotFoundException;
import dev.stacksolo.registry.DeploymentNotRunningException;
import dev.stacksolo.registry.service.DeploymentService;
import dev.stacksolo.registry.service.LockedDeployment;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.DeploymentStatus;
import dev.stacksolo.registry.types.LockHolder;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacksolo deployment start|finish}: records a deploy run of the current folder's project. */
@Command(name = "deployment", mixinStandardHelpOptions = true,
        description = "Record a deploy, destroy or preview run, from any deploy tool.",
        subcommands = {DeploymentCommand.Start.class, DeploymentCommand.Finish.class},
        footerHeading = "%nExamples:%n",
        footer = {"  id=$(stacksolo deployment start)",
            "  stacksolo deployment finish \"$id\" --status succeeded"})
final class DeploymentCommand {

    /** Action names as the format writes them, for picocli's conversion. */
    enum ActionOption { deploy, destroy, preview }

    /** Final statuses as the format writes them. */
    enum FinalStatus { succeeded, failed }

    /** How long a lock taken by a plain {@code deployment start} stays live: nobody refreshes it. */
    static final Duration SCRIPT_LEASE = Duration.ofHours(2);

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Record a running deployment of the current folder's project and print its id",
                "(give it to `deployment finish`). The config snapshot is the folder's config file.",
                "A deploy or destroy takes the project's lock: another cannot start until this one finishes.",
                "The lock's holder is the process that ran this command (your script); it is stale when",
                "that process is gone, or when the lease (--lease) runs out. With --hold, this command",
                "holds the lock itself, refreshing it, until it is interrupted (the deployment is then",
                "recorded failed) or the deployment is finished by `deployment finish`."},
                footerHeading = "%nExamples:%n",
                footer = {"  id=$(stacksolo deployment start)",
            "  stacksolo deployment start --action destroy --log deploy.log",
            "  stacksolo deployment start --hold &",
            "  stacksolo deployment start --json | jq -r .id"})
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--action", defaultValue = "deploy", description = "deploy, destroy or preview (default: ${DEFAULT-VALUE}).")
        ActionOption action;

        @Option(names = "--log", paramLabel = "PATH", description = "Where the run's log is written.")
        String log;

        @Option(names = "--force", description = "Destroy even when other projects read from this one.")
        boolean force;

        @Option(names = "--hold", description = "Keep running and hold the lock, refreshing it, until interrupted.")
        boolean hold;

        @Option(names = "--lease", paramLabel = "DURATION", converter = DurationConverter.Positive.class,
                description = "How long the lock stays live without a heartbeat, e.g. 90s, 30m, 4h, PT4H"
                        + " (default: 2h; with --hold 2m, refreshed every third of it).")
        Duration lease;

        @Option(names = "--json", description = "Print {id, project, projectId, action, lock} instead of the id alone"
                + " (lock as in status --json; null for a preview, which takes none).")
        boolean json;

        @Override
        public Integer call() throws InterruptedException {
            try (Cli cli = Cli.forRecorded(spec)) {
                ProjectConfig config = ProjectConfig.read(cli.configFile());
                // found before the transaction: reading a process's parent and start time is no work to
                // hold the write lock for
                LockHolder holder = hold ? LockHolder.thisProcess() : LockHolder.scriptProcess();
                Duration leaseTime = lease != null ? lease : hold ? DeploymentService.DEFAULT_LEASE : SCRIPT_LEASE;
                DeploymentService deployments = cli.registry().deployments();
                Started started = Audit.record(cli, spec, "deployment start", Optional.of(config.name()),
                        Optional.of(config.gcpProjectId()), Optional.of(cli.configFile()), audit ->
                                // the project of this config, the dependents check, the deployment, its lock and
                                // the project's status: one transaction
                                cli.registry().inTransaction(registry -> {
                                    RegistryProject project = CurrentProject.require(registry, config);
                                    CreateDeploymentInput.Builder input = CreateDeploymentInput.builder()
                                            .projectId(project.id()).action(DeploymentAction.fromValue(action.name()))
                                            .configSnapshot(config.root());
                                    if (log != null) {
                                        input.logPath(log);
                                    }
                                    if (action == ActionOption.destroy && !force) {
                                        registry.references().requireNoDependents(project.name(), "destroy");
                                    }
                                    LockedDeployment deployment = deployments.start(input.build(), holder, leaseTime);
                                    audit.event("deployment_started", Audit.details("deploymentId", deployment.id(),
                                            "action", action.name(), "hold", hold));
                                    return new Started(project, deployment);
                                }));
                RegistryProject project = started.project();
                String announced = json ? Views.json(view(cli, project, started.deployment())) : started.deployment().id();
                if (!hold) {
                    cli.out().println(announced);
                    return 0;
                }
                // the heartbeat starts once the deployment is committed
                return holdUntilInterrupted(cli, spec, project, started.deployment().keepAlive(), leaseTime, announced);
            }
        }

        private Map<String, Object> view(Cli cli, RegistryProject project, LockedDeployment deployment) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", deployment.id());
            view.put("project", project.name());
            view.put("projectId", project.id());
            view.put("action", action.name());
            view.put("lock", cli.registry().deployments().findLock(project.id()).map(Views::lock).orElse(null));
            return view;
        }

        /** The project and the deployment a start recorded. */
        private record Started(RegistryProject project, LockedDeployment deployment) {}

        /**
         * Prints the id, then waits. Interrupted (Ctrl-C, SIGTERM), it records the deployment failed
         * and releases the lock, as Terraform releases its lock when interrupted; finished by
         * {@code deployment finish} meanwhile, it exits 0. Killed with SIGKILL, it leaves a lock
         * whose holder is gone: stale, for {@code stacksolo unlock}.
         */
        private static int holdUntilInterrupted(Cli cli, CommandSpec spec, RegistryProject project,
                LockedDeployment held, Duration lease, String announced) throws InterruptedException {
            CountDownLatch released = new CountDownLatch(1);
            Thread onInterrupt = new Thread(() -> {
                // a hook thread's exception would print a stack trace: every failure here is reported as a line
                try {
                    held.fail("interrupted: `stacksolo deployment start --hold` was stopped before the deployment"
                            + " finished");
                } catch (DeploymentNotRunningException finishedMeanwhile) {
                    // finished or broken elsewhere: what is recorded stays
                } catch (RuntimeException cannotRecord) {
                    cli.err().println("error: could not record deployment " + held.id() + " failed: "
                            + StackSoloCommand.shown(cannotRecord.getMessage()) + "; run `stacksolo unlock "
                            + project.name() + "` to release its lock");
                    cli.err().flush();
                }
                closeQuietly(held);
                released.countDown();
            }, "stacksolo-release-lock");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            // the id only once the hook is in place: whoever reads it may interrupt at once
            cli.out().println(announced);
            cli.out().flush();
            cli.err().println("Holding the lock on " + project.name() + " (deployment " + held.id()
                    + "); interrupt to release it, or run `stacksolo deployment finish " + held.id() + "`.");
            cli.err().flush();
            try {
                // an outage shorter than half the lease is waited out: the heartbeat keeps the lock meanwhile
                long failingSince = 0;
                while (true) {
                    boolean running;
                    try {
                        running = isRunning(cli, held);
                        failingSince = 0;
                    } catch (RuntimeException failure) {
                        long now = System.nanoTime();
                        failingSince = failingSince == 0 ? now : failingSince;
                        if (now - failingSince > lease.toNanos() / 2) {
                            throw failure;
                        }
                        running = true;
                    }
                    if (!running) {
                        break;
                    }
                    if (released.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                        return 1;
                    }
                }
            } catch (RuntimeException registryGone) {
                // the registry failed even on a new connection: stop holding, record the deployment failed
                // and release the lock (now, not in the hook, while the registry is open), then say so
                removeHook(onInterrupt);
                String why = StackSoloCommand.shown(registryGone.getMessage());
                String outcome;
                try {
                    held.fail("`stacksolo deployment start --hold` lost the registry: " + why);
                    outcome = "the deployment was recorded failed and the lock released";
                } catch (DeploymentNotRunningException finishedMeanwhile) {
                    outcome = "the deployment had finished meanwhile";
                } catch (RuntimeException cannotRecord) {
                    outcome = "it could not be recorded failed (" + StackSoloCommand.shown(cannotRecord.getMessage())
                            + "); run `stacksolo unlock " + project.name() + "` to release the lock";
                }
                closeQuietly(held);
                Audit.once(cli.registry(), spec, "deployment start", "deployment_hold_failed",
                        Audit.details("deploymentId", held.id(), "error", why), 1);
                throw new CliException("stopped holding the lock on " + project.name() + " (deployment " + held.id()
                        + "): " + why + "; " + outcome);
            }
            removeHook(onInterrupt);
            held.close();
            RegistryDeployment finished = cli.registry().service().findDeploymentById(held.id()).orElseThrow();
            cli.err().println("Deployment " + held.id() + " " + finished.status().value()
                    + finished.error().map(e -> ": " + e).orElse("") + "; the lock is released.");
            return finished.status() == DeploymentStatus.SUCCEEDED ? 0 : 1;
        }

        private static void removeHook(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway and records what it can
            }
        }

        private static void closeQuietly(LockedDeployment held) {
            try {
                held.close();
            } catch (RuntimeException cannotRecord) {
                // reported by the caller's fail(); close only stops the heartbeat then
            }
        }

        private static boolean isRunning(Cli cli, LockedDeployment held) {
            return cli.registry().service().findDeploymentById(held.id())
                    .map(d -> d.completedAt().isEmpty()).orElse(false);
        }
    }

    @Command(name = "finish", mixinStandardHelpOptions = true,
            description = {"Mark a deployment succeeded or failed and release its project's lock. A succeeded",
                "deploy marks the project deployed, a succeeded destroy marks it destroyed, a failure marks",
                "it failed. Refused when the deployment finished already or its lock was broken."},
                footerHeading = "%nExamples:%n",
                footer = {"  stacksolo deployment finish \"$id\" --status succeeded",
            "  stacksolo deployment finish \"$id\" --status failed --error \"apply failed\"",
            "  stacksolo deployment finish \"$id\" --status succeeded --json"})
    static final class Finish implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<id>", description = "The id `deployment start` printed.")
        String id;

        @Option(names = "--status", required = true, description = "succeeded or failed.")
        FinalStatus status;

        @Option(names = "--error", paramLabel = "MSG", description = "Why it failed (with --status failed).")
        String error;

        @Option(names = "--json", description = "Print the deployment as recorded now (as in history --json).")
        boolean json;

        @Override
        public Integer call() {
            if (error != null && status != FinalStatus.failed) {
                throw new ParameterException(spec.commandLine(), "--error goes with --status failed");
            }
            try (Cli cli = Cli.forRecorded(spec)) {
                RegistryDeployment running = cli.registry().service().findDeploymentById(id)
                        .orElseThrow(() -> new DeploymentNotFoundException(id));
                Optional<RegistryProject> project = cli.registry().service().findProjectById(running.projectId());
                RegistryDeployment recorded = Audit.record(cli, spec, "deployment finish", project.map(RegistryProject::name),
                        project.map(RegistryProject::gcpProjectId), Optional.empty(), audit -> {
                            RegistryDeployment finished = cli.registry().deployments().finish(id,
                                    DeploymentStatus.fromValue(status.name()),
                                    Optional.of(error == null ? "no reason given" : error));
                            audit.event("deployment_finished", Audit.details("deploymentId", id, "status", status.name(),
                                    "error", finished.error().orElse("")));
                            return finished;
                        });
                if (json) {
                    cli.out().println(Views.json(Views.deployment(recorded, false)));
                    return 0;
                }
                cli.out().println("Deployment " + id + " " + status.name() + ".");
                return 0;
            }
        }
    }
}
