package dev.stacksolo.cli;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.RegistryProject;
import java.util.Optional;

/** The project of the working folder: its config, and its registration if any. */
final class CurrentProject {

    private CurrentProject() {}

    /**
     * The registered project of this config: by config path, else by the config's project name
     * when that project is registered from this same config file.
     *
     * @throws dev.stacksolo.registry.ProjectRegisteredElsewhereException when the name is
     *     registered from another config file: a project belongs to its config
     */
    static Optional<RegistryProject> find(Registry registry, ProjectConfig config) {
        return registry.service().findProjectForConfig(config.name(), config.file().toString());
    }

    /**
     * The registered project of the working folder.
     *
     * @throws CliException when the folder has no config or its project is not registered
     * @throws dev.stacksolo.registry.ProjectRegisteredElsewhereException when the name is
     *     registered from another config file
     */
    static RegistryProject require(Cli cli) {
        return require(cli.registry(), ProjectConfig.read(cli.configFile()));
    }

    /** As {@link #require(Cli)}, for a config already read (inside a transaction). */
    static RegistryProject require(Registry registry, ProjectConfig config) {
        return find(registry, config).orElseThrow(() -> new CliException("project '" + config.name()
                + "' is not registered; run `stacksolo register` (or `stacksolo sync`) in this folder first"));
    }
}
