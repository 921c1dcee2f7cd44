package dev.stacksolo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * What the build recorded about itself ({@code build.properties}, filled in by Maven): the version,
 * the commit it was built from and when. A value the build could not fill in (classes compiled
 * outside Maven, a source tree without git) reads as empty.
 *
 * @param version the release version, such as {@code 0.1.0}
 * @param commit the git commit, abbreviated, when the build knew it
 * @param buildTime when the build ran, ISO-8601 in UTC
 * @param sqliteJdbc the version of sqlite-jdbc built in (names the unpacked native library's folder)
 */
record BuildInfo(Optional<String> version, Optional<String> commit, Optional<String> buildTime,
        Optional<String> sqliteJdbc) {

    private static final String RESOURCE = "build.properties";

    /** This build's information. */
    static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(value(properties, "version"), value(properties, "commit"),
                value(properties, "buildTime"), value(properties, "sqliteJdbc"));
    }

    /** A property, empty when missing, blank or left unfilled ({@code ${…}}). */
    private static Optional<String> value(Properties properties, String key) {
        return Optional.ofNullable(properties.getProperty(key)).map(String::strip)
                .filter(v -> !v.isEmpty() && !v.startsWith("${"));
    }
}
