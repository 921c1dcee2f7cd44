package dev.stacksolo.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}, from the jar's manifest. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = StackSoloCommand.class.getPackage().getImplementationVersion();
        return new String[] {"stacksolo " + (version == null ? "(development build)" : version)
                + " (registry schema " + dev.stacksolo.registry.Registry.SCHEMA_VERSION + ")"};
    }
}
