package dev.stacksolo.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code stacksolo} command's entry point. */
public final class Main {

    private Main() {}

    /** Runs the command and exits with its code (0 success, 1 failure, 2 usage error). */
    public static void main(String[] args) {
        useUnpackedSqliteLibrary();
        Warmup.start();
        StandardOutput.install();
        int exitCode = StackSoloCommand.execute(args);
        // a full disk or a closed pipe: the command's output is incomplete, which exit 0 would hide
        System.exit(StandardOutput.finish(exitCode, new java.io.PrintWriter(
                new java.io.OutputStreamWriter(System.err, java.nio.charset.Charset.defaultCharset()), true)));
    }

    /**
     * Points sqlite-jdbc at the native library the build unpacked (the launcher passes its folder as
     * {@code -Dstacksolo.native}). Without this, sqlite-jdbc copies the library out of its jar into
     * the temporary folder on every start, which costs more than the rest of {@code stacksolo output}.
     * When the platform has no unpacked library, or it fails to load (musl, say), sqlite-jdbc falls
     * back to its own extraction.
     */
    static void useUnpackedSqliteLibrary() {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        String root = System.getProperty("stacksolo.native");
        if (root == null) {
            // the jar run alone (java -jar stacksolo-<version>.jar): no launcher unpacked it
            SqliteLibraryCache.use();
            return;
        }
        String osName = System.getProperty("os.name", "");
        String os = osName.startsWith("Linux") ? "Linux" : osName.startsWith("Mac") ? "Mac" : null;
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        if (os == null || arch == null) {
            return;
        }
        String library = os.equals("Mac") ? "libsqlitejdbc.dylib" : "libsqlitejdbc.so";
        Path folder = Path.of(root, os, arch);
        if (Files.isRegularFile(folder.resolve(library))) {
            System.setProperty("org.sqlite.lib.path", folder.toString());
            System.setProperty("org.sqlite.lib.name", library);
        }
    }
}
