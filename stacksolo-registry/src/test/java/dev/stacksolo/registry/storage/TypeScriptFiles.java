package dev.stacksolo.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Builds registry files as StackSolo's TypeScript registry leaves them: its DDL, rollback journal, version 0. */
final class TypeScriptFiles {

    private TypeScriptFiles() {}

    /** Creates {@code file} with the TypeScript registry's tables and indexes, and optionally its sample rows. */
    static Path create(Path file, boolean withRows) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=DELETE");
            statement.execute("PRAGMA foreign_keys=ON");
            for (String sql : statements("registry-ddl.sql")) {
                statement.execute(sql);
            }
            if (withRows) {
                for (String sql : statements("registry-rows.sql")) {
                    statement.execute(sql);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try {
            // node's sqlite drivers create it with the umask, 022 on most machines: readable by all
            java.nio.file.Files.setPosixFilePermissions(file,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    /** The statements of a script in {@code src/test/resources/typescript}, separated by lines of ';'. */
    static List<String> statements(String script) {
        try (InputStream in = TypeScriptFiles.class.getResourceAsStream("/typescript/" + script)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(text.split("\n;\n"))
                    .map(part -> part.lines().filter(line -> !line.startsWith("--")).collect(Collectors.joining("\n")).trim())
                    .filter(sql -> !sql.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
