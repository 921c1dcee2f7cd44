package dev.stacksolo.cli;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.RegistryProject;
import java.util.Optional;

/** The project of the working folder: its config, and its registration if any. */
final class CurrentProject {

    private CurrentProject() {}

    /** The registered project of this config: by config path, else by the config's project name. */
    static Optional<RegistryProject> find(Registry registry, ProjectConfig config) {
        return registry.service().findProjectByPath(config.file().toString())
                .or(() -> registry.service().findProjectByName(config.name()));
    }

    /**
     * The registered project of the working folder.
     *
     * @throws CliException when the folder has no config or its project is not registered
     */
    static RegistryProject require(Cli cli) {
        ProjectConfig config = ProjectConfig.read(cli.configFile());
        return find(cli.registry(), config).orElseThrow(() -> new CliException("project '" + config.name()
                + "' is not registered; run `stacksolo register` (or `stacksolo sync`) in this folder first"));
    }
}
