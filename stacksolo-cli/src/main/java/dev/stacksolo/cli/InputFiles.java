package dev.stacksolo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Text a command reads from a file named on its command line, or from stdin for {@code -}. */
final class InputFiles {

    private InputFiles() {}

    /**
     * Reads {@code source} (a path, or {@code -} for stdin) as UTF-8.
     *
     * @param label how the message names it ({@code "--from x.json"}, {@code "x.json"})
     * @throws CliException when it cannot be read, saying why
     */
    static String read(String source, String label) {
        try {
            return source.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(label + ": file not found");
        } catch (AccessDeniedException e) {
            throw new CliException(label + ": permission denied");
        } catch (IOException e) {
            throw new CliException(label + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
