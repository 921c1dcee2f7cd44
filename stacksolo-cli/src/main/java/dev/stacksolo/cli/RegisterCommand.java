package dev.stacksolo.cli;

import dev.stacksolo.registry.ProjectRegisteredElsewhereException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.service.RegistryService;
import dev.stacksolo.registry.types.CreateProjectInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.UpdateProjectInput;
import java.util.LinkedHashMap;
import java.util.Locale;
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
            "(its name, GCP project, region and config hash; id, resources and history are kept).",
            "--force also moves a project registered from another folder's config to this one, on purpose."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo register",
            "  stacksolo register --force",
            "  stacksolo register --json | jq -r .outcome"})
final class RegisterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Replace this folder's existing registration, or move the"
            + " project of this name here from the folder it was registered from.")
    boolean force;

    @Option(names = "--json", description = "Print {project, outcome, movedFrom, configPath}; outcome is created,"
            + " unchanged or updated.")
    boolean json;

    @Override
    public Integer call() {
        try (Cli cli = Cli.of(spec)) {
            ProjectConfig config = ProjectConfig.read(cli.configFile());
            Registration registration = Audit.record(cli, spec, "register", Optional.of(config.name()),
                    Optional.of(config.gcpProjectId()), Optional.of(config.file()), audit ->
                            // the checks, the registration and its references: one transaction
                            cli.registry().inTransaction(registry -> {
                                Registration done = register(registry, config, force);
                                int references = registry.references().recordReferences(done.project().id(),
                                        config.root()).size();
                                audit.event("project_registered", Audit.details("name", done.project().name(),
                                        "gcpProjectId", done.project().gcpProjectId(), "region", done.project().region(),
                                        "force", force, "moved", done.movedFrom().orElse(""), "references", references));
                                return done;
                            }));
            RegistryProject project = registration.project();
            if (json) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("project", Views.project(project));
                view.put("outcome", registration.outcome().name().toLowerCase(Locale.ROOT));
                view.put("movedFrom", registration.movedFrom().orElse(null));
                view.put("configPath", config.file().toString());
                cli.out().println(Views.json(view));
                return 0;
            }
            if (registration.outcome() == Outcome.UNCHANGED) {
                // nothing was registered: a notice (exit 0, as nothing is wrong), never "Registered";
                // standard output stays empty, as nothing was done
                cli.err().println("Project " + project.name() + " (" + project.gcpProjectId() + ", " + project.region()
                        + ") is already registered from this folder; nothing changed. `stacksolo register --force`"
                        + " updates it from the config, `stacksolo sync` records its resources.");
                return 0;
            }
            registration.movedFrom().ifPresent(from -> cli.err().println("Moved the registration of " + project.name()
                    + " from " + from + " to " + config.file() + "."));
            cli.out().println("Registered " + project.name() + " (" + project.gcpProjectId() + ", "
                    + project.region() + ") from " + config.file());
            return 0;
        }
    }

    /** What {@link #register} did. */
    enum Outcome { CREATED, UNCHANGED, UPDATED }

    /**
     * The registration a config now has.
     *
     * @param project the project as registered now
     * @param outcome whether it was created, left as it was, or updated
     * @param movedFrom the config path it was registered from before {@code --force} moved it here
     */
    record Registration(RegistryProject project, Outcome outcome, Optional<String> movedFrom) {}

    /**
     * Registers the config's project, or with {@code force} updates (or moves here) its
     * registration; shared with {@code sync}. Call it inside a transaction: it reads, decides and
     * writes. Prints nothing (a retried transaction would print twice).
     *
     * @throws ProjectRegisteredElsewhereException when the name belongs to a project registered from
     *     another config file and force is off
     * @throws CliException when this folder is registered under another name and force is off, or,
     *     with force, when moving the name here would leave two registrations of this folder
     */
    static Registration register(Registry registry, ProjectConfig config, boolean force) {
        RegistryService service = registry.service();
        String path = config.file().toString();
        Optional<RegistryProject> byName = service.findProjectByName(config.name());
        Optional<RegistryProject> byPath = service.findProjectByPath(path)
                .or(() -> byName.filter(p -> RegistryService.sameConfigFile(p.configPath(), path)));
        if (byName.isPresent() && !RegistryService.sameConfigFile(byName.get().configPath(), path)) {
            RegistryProject elsewhere = byName.get();
            String from = elsewhere.configPath().orElse("(no config path)");
            if (!force) {
                throw new ProjectRegisteredElsewhereException(config.name(), from, path);
            }
            if (byPath.isPresent()) {
                throw new CliException("this folder is registered as '" + byPath.get().name() + "', and '"
                        + config.name() + "' is registered from " + from + "; nothing was changed. Unregister one"
                        + " of them first (`stacksolo unregister " + byPath.get().name() + "`)");
            }
            // moved on purpose: the project keeps its id, resources and history
            service.updateProject(elsewhere.id(), UpdateProjectInput.builder().configPath(path)
                    .gcpProjectId(config.gcpProjectId()).region(config.region()).build());
            service.updateConfigHash(elsewhere.id());
            return new Registration(service.findProjectById(elsewhere.id()).orElseThrow(), Outcome.UPDATED,
                    Optional.of(from));
        }
        if (byPath.isEmpty()) {
            return new Registration(service.registerProject(CreateProjectInput.builder().name(config.name())
                    .gcpProjectId(config.gcpProjectId()).region(config.region()).configPath(path).build()),
                    Outcome.CREATED, Optional.empty());
        }
        RegistryProject existing = byPath.get();
        if (!force) {
            if (!existing.name().equals(config.name())) {
                throw new CliException("this folder is registered as '" + existing.name() + "', but its config"
                        + " now names '" + config.name() + "'; run `stacksolo register --force` to rename it");
            }
            return new Registration(existing, Outcome.UNCHANGED, Optional.empty());
        }
        service.updateProject(existing.id(), UpdateProjectInput.builder().name(config.name())
                .gcpProjectId(config.gcpProjectId()).region(config.region()).build());
        service.updateConfigHash(existing.id());
        return new Registration(service.findProjectById(existing.id()).orElseThrow(), Outcome.UPDATED, Optional.empty());
    }
}
