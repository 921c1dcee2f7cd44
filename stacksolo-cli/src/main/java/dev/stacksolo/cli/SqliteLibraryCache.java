package dev.stacksolo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * For the jar run alone ({@code java -jar stacksolo-<version>.jar}), which no launcher prepared:
 * sqlite-jdbc's native library copied once into the user's cache folder
 * ({@code $XDG_CACHE_HOME/stacksolo}, else {@code ~/.cache/stacksolo}) and loaded from there.
 * sqlite-jdbc would otherwise copy it into {@code java.io.tmpdir} on every start, which costs
 * start-up time, leaves a copy behind after {@code kill -9}, and fails where /tmp is not writable
 * or mounted noexec (../shared/docs/known-traps.md). Which library fits this system (glibc or musl,
 * the architecture) is sqlite-jdbc's own choice ({@code LibraryLoaderUtil}).
 *
 * <p>Anything that goes wrong here (no home folder, a read-only one) leaves the choice to
 * sqlite-jdbc, as before: nothing is printed.
 */
final class SqliteLibraryCache {

    private SqliteLibraryCache() {}

    /** Sets {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} to the cached copy, when one can be made. */
    static void use() {
        try {
            Optional<Path> folder = folder();
            if (folder.isEmpty()) {
                return;
            }
            String resourceFolder = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath();
            String name = org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
            URL resource = SqliteLibraryCache.class.getResource(resourceFolder + "/" + name);
            if (resource == null) {
                return; // no library for this platform in the jar: sqlite-jdbc says so itself
            }
            // "/org/sqlite/native/Linux/x86_64" → sqlite-jdbc-<version>/Linux/x86_64/libsqlitejdbc.so
            String platform = resourceFolder.substring(resourceFolder.indexOf("/native/") + "/native/".length());
            Path target = folder.get().resolve(platform).resolve(name);
            if (!Files.isRegularFile(target) || Files.size(target) != size(resource)) {
                copy(resource, folder.get().getParent(), target);
            }
            System.setProperty("org.sqlite.lib.path", target.getParent().toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException | LinkageError e) {
            // left to sqlite-jdbc's own extraction into the temporary folder
        }
    }

    /**
     * The folder of this sqlite-jdbc version's libraries in the user's cache; empty when there is
     * no home folder or the build did not record the version (so two versions never share a copy).
     */
    private static Optional<Path> folder() {
        Optional<String> version = BuildInfo.current().sqliteJdbc();
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getenv("HOME");
        Path cache;
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            cache = Path.of(xdg);
        } else if (home != null && Path.of(home).isAbsolute()) {
            cache = Path.of(home, ".cache");
        } else {
            return Optional.empty();
        }
        return version.map(v -> cache.resolve("stacksolo").resolve("sqlite-jdbc-" + v));
    }

    /** The size of a resource in a jar (from its directory, without reading it). */
    private static long size(URL resource) throws IOException {
        URLConnection connection = resource.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            return jar.getJarEntry().getSize();
        }
        return connection.getContentLengthLong();
    }

    /**
     * Copies the library into place through a temporary file in the same folder, moved over the
     * target at once: a process starting meanwhile sees the old copy or the whole new one, never
     * part of one (two processes copying at once both write whole files).
     */
    private static void copy(URL resource, Path stacksolo, Path target) throws IOException {
        if (!Files.isDirectory(stacksolo)) {
            Files.createDirectories(stacksolo.getParent());
            Files.createDirectories(stacksolo, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), ".sqlitejdbc-", ".partial");
        try {
            try (InputStream in = resource.openStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
