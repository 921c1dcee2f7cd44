package dev.stacksolo.cli;

import picocli.CommandLine.IVersionProvider;

/** What {@code stacksolo --version} prints: the same as {@code stacksolo version}. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        // picocli formats each line (String.format): a % in a path must not be taken for a conversion
        return VersionCommand.lines(BuildInfo.current()).stream().map(line -> line.replace("%", "%%"))
                .toArray(String[]::new);
    }
}
