package dev.stacksolo.cli;

import dev.stacksolo.registry.DuplicateProjectException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.service.RegistryService;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.UpdateProjectInput;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stacksolo register}: registers the working folder's project. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Register the project of ./.stacksolo/stacksolo.config.json.",
            "A name already registered from another folder is refused. Registering again from the same",
            "folder changes nothing unless --force, which replaces this folder's registration",
            "(its name, GCP project, region and config hash; id, resources and history are kept)."})
final class RegisterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Replace this folder's existing registration.")
    boolean force;

    @Override
    public Integer call() {
        try (Cli cli = Cli.of(spec)) {
            ProjectConfig config = ProjectConfig.read(cli.configFile());
            RegistryProject project = Audit.record(cli, spec, "register", Optional.of(config.name()),
                    Optional.of(config.gcpProjectId()), Optional.of(config.file()), audit -> {
                        RegistryProject registered = register(cli.registry(), config, force, cli);
                        int references = cli.registry().references().recordReferences(registered.id(), config.root()).size();
                        audit.event("project_registered", Audit.details("name", registered.name(), "gcpProjectId",
                                registered.gcpProjectId(), "region", registered.region(), "force", force,
                                "references", references));
                        return registered;
                    });
            cli.out().println("Registered " + project.name() + " (" + project.gcpProjectId() + ", "
                    + project.region() + ") from " + config.file());
            return 0;
        }
    }

    /**
     * Registers the config's project, or with {@code force} updates this path's registration;
     * shared with {@code sync}.
     *
     * @throws DuplicateProjectException when the name belongs to a project of another folder
     * @throws CliException when this folder is registered under another name and force is off
     */
    static RegistryProject register(Registry registry, ProjectConfig config, boolean force, Cli cli) {
        RegistryService service = registry.service();
        String path = config.file().toString();
        Optional<RegistryProject> byName = service.findProjectByName(config.name());
        if (byName.isPresent() && !byName.get().configPath().map(path::equals).orElse(false)) {
            throw new DuplicateProjectException(config.name(), byName.get().configPath().orElse("(no config path)"));
        }
        Optional<RegistryProject> byPath = service.findProjectByPath(path);
        if (byPath.isEmpty()) {
            return service.registerProject(CreateProjectInput.builder().name(config.name())
                    .gcpProjectId(config.gcpProjectId()).region(config.region()).configPath(path).build());
        }
        RegistryProject existing = byPath.get();
        if (!force) {
            if (!existing.name().equals(config.name())) {
                throw new CliException("this folder is registered as '" + existing.name() + "', but its config"
                        + " now names '" + config.name() + "'; run `stacksolo register --force` to rename it");
            }
            cli.err().println("Project " + existing.name() + " is already registered from this folder;"
                    + " use --force to update its registration.");
            return existing;
        }
        service.updateProject(existing.id(), UpdateProjectInput.builder().name(config.name())
                .gcpProjectId(config.gcpProjectId()).region(config.region()).build());
        service.updateConfigHash(existing.id());
        return service.findProjectById(existing.id()).orElseThrow();
    }
}
