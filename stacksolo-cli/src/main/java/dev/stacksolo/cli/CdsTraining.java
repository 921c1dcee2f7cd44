package dev.stacksolo.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build runs this once with {@code -XX:ArchiveClassesAtExit} to record the class data sharing
 * archive that {@code bin/stacksolo} starts with: it runs the everyday commands against a throw-away
 * registry in the working folder, so that the classes they load are archived. Not part of the command
 * line; see docs/performance.md.
 */
final class CdsTraining {

    private CdsTraining() {}

    /** Runs the training session in the working folder, which the build makes empty for it. */
    public static void main(String[] args) throws IOException {
        Main.useUnpackedSqliteLibrary();
        Warmup.start();
        Path folder = Path.of("").toAbsolutePath();
        Files.createDirectories(folder.resolve(".stacksolo"));
        Files.writeString(folder.resolve(Cli.CONFIG_FILE), """
                {"project": {"name": "cds-training", "gcpProjectId": "cds-training", "region": "us-central1",
                  "networks": [{"name": "main", "containers": [{"name": "api"}], "databases": [{"name": "db"}]}],
                  "buckets": [{"name": "assets"}]}}
                """);
        for (String leftover : new String[] {"registry.db", "registry.db-wal", "registry.db-shm"}) {
            Files.deleteIfExists(folder.resolve(leftover));
        }
        String registry = folder.resolve("registry.db").toString();
        String[][] session = {
            {"sync"},
            {"outputs", "set", "@cds-training/main/db", "connectionString=postgresql://u:p@h/d"},
            {"outputs", "set", "@cds-training/main/api", "url=https://api.example.com"},
            {"output", "@cds-training/main/db.connectionString"},
            {"output", "@cds-training/main/api", "--json"},
            {"output", "@cds-training/main/db.connectionString", "@cds-training/main/api"},
            {"output", "@cds-training/main/nothing"},
            {"list"},
            {"list", "--json"},
            {"list", "cds-training"},
            {"status", "--json"},
            {"history", "cds-training"},
        };
        PrintStream out = System.out;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(quiet);
        System.setErr(quiet);
        try {
            for (String[] command : session) {
                String[] args2 = new String[command.length + 2];
                args2[0] = "--registry";
                args2[1] = registry;
                System.arraycopy(command, 0, args2, 2, command.length);
                StackSoloCommand.execute(args2);
            }
        } finally {
            System.setOut(out);
        }
    }
}
