package dev.stacksolo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code bin/stacksolo} launcher as a child process, in a temporary HOME, from a
 * chosen working folder, with a controlled environment (no inherited STACKSOLO_* or NO_COLOR).
 *
 * <p>Each test gets its own instance through {@link #in(Path)}; {@link #project(String, String)}
 * creates a project folder holding one of the fixture configs.
 */
final class StackSoloProcess {

    /**
     * The launcher the tests run: this checkout's (tests run from the module folder), or the one
     * named by {@code -Dstacksolo.launcher=…} (the {@code bin/stacksolo} of an extracted release
     * archive, to run the whole suite against it).
     */
    static final Path LAUNCHER = Path.of(System.getProperty("stacksolo.launcher",
            Path.of("..", "bin", "stacksolo").toString())).toAbsolutePath().normalize();

    private final Path home;
    private final Map<String, String> environment = new HashMap<>();
    private Path workingDirectory;
    private String umask;
    private List<String> prefix = List.of();
    private Path launcher = LAUNCHER;

    private StackSoloProcess(Path home) {
        this.home = home;
        this.workingDirectory = home;
        environment.put("HOME", home.toString());
        environment.put("PATH", System.getenv("PATH"));
        String javaHome = System.getProperty("java.home");
        environment.put("JAVA", Path.of(javaHome, "bin", "java").toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("TZ", "UTC");
    }

    /** A fresh process runner whose HOME is {@code home} (a temporary folder of the test). */
    static StackSoloProcess in(Path home) {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StackSoloProcess(home);
    }

    /** The temporary HOME; the default registry is {@code home/.stacksolo/registry.db}. */
    Path home() {
        return home;
    }

    /** The default registry file under the temporary HOME. */
    Path defaultRegistry() {
        return home.resolve(".stacksolo").resolve("registry.db");
    }

    /** Sets (or, with null, removes) an environment variable for the next runs. */
    StackSoloProcess env(String name, String value) {
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return this;
    }

    /** Runs the next commands under this umask (through {@code sh}), e.g. {@code "000"}. */
    StackSoloProcess umask(String mask) {
        this.umask = mask;
        return this;
    }

    /**
     * Runs the next commands through {@code prefix} (a command that ends by executing its
     * arguments, such as {@code setpriv --reuid=65534 …} or {@code unshare -m sh -c '…; exec "$0" "$@"'});
     * none when empty.
     */
    StackSoloProcess through(String... prefix) {
        this.prefix = List.of(prefix);
        return this;
    }

    /** The command line, through {@code sh -c 'umask …; exec …'} when a umask is set. */
    private List<String> withUmask(List<String> command) {
        if (!prefix.isEmpty()) {
            List<String> wrapped = new ArrayList<>(prefix);
            wrapped.addAll(command);
            command = wrapped;
        }
        if (umask == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "umask " + umask + "; exec \"$0\" \"$@\""));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Runs {@code launcher} (another {@code bin/stacksolo}, such as a link to one) in the next commands. */
    StackSoloProcess launcher(Path launcher) {
        this.launcher = launcher;
        return this;
    }

    /** Runs the next commands from {@code folder}. */
    StackSoloProcess cwd(Path folder) {
        this.workingDirectory = folder;
        return this;
    }

    /**
     * Creates {@code home/<folder>/.stacksolo/stacksolo.config.json} from the fixture
     * {@code configs/<fixture>} (a file name under src/test/resources/configs) and returns the folder.
     */
    Path project(String folder, String fixture) {
        try (InputStream config = StackSoloProcess.class.getResourceAsStream("/configs/" + fixture)) {
            if (config == null) {
                throw new IllegalArgumentException("no fixture config " + fixture);
            }
            return projectWithConfig(folder, new String(config.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates {@code home/<folder>/.stacksolo/stacksolo.config.json} holding {@code json}. */
    Path projectWithConfig(String folder, String json) {
        try {
            Path projectFolder = home.resolve(folder);
            Files.createDirectories(projectFolder.resolve(".stacksolo"));
            Files.writeString(projectFolder.resolve(".stacksolo").resolve("stacksolo.config.json"), json);
            return projectFolder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code stacksolo args…} and fails the test unless it exits 0 with nothing on stderr. */
    Result ok(String... args) {
        Result result = run(args);
        if (result.exitCode() != 0 || !result.stderr().isEmpty()) {
            throw new AssertionError("stacksolo " + String.join(" ", args) + " did not succeed quietly:\n" + result);
        }
        return result;
    }

    /**
     * Runs {@code stacksolo args…} and fails the test unless it exits 0 with nothing on stderr but
     * {@code warning:} lines (a sync of a config with two resources of one name warns).
     */
    Result okAllowingWarnings(String... args) {
        Result result = run(args);
        if (result.exitCode() != 0 || !result.stderr().lines().allMatch(line -> line.startsWith("warning: "))) {
            throw new AssertionError("stacksolo " + String.join(" ", args) + " did not succeed:\n" + result);
        }
        return result;
    }

    /** Runs {@code stacksolo args…} with nothing on stdin. */
    Result run(String... args) {
        return runWithInput("", args);
    }

    /**
     * Runs {@code stacksolo args…} in a pseudo-terminal made by {@code script(1)}, typing {@code stdin};
     * what the terminal showed (prompt included) comes back as stdout.
     */
    Result runInTerminal(String stdin, String... args) {
        StringBuilder line = new StringBuilder(launcher.toString());
        for (String arg : args) {
            line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        return start(List.of("script", "-qec", line.toString(), "/dev/null"), stdin, args);
    }

    /** Runs {@code stacksolo args…} with {@code stdin} as standard input (a pipe, not a terminal). */
    Result runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        return start(command, stdin, args);
    }

    /**
     * Runs {@code stacksolo args…} with standard output written to {@code stdout} (a file, or a device
     * such as {@code /dev/full}); the result's stdout is empty.
     */
    Result runWritingTo(java.io.File stdout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(withUmask(command)).directory(workingDirectory.toFile())
                .redirectOutput(ProcessBuilder.Redirect.to(stdout))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String err = read(process.getErrorStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("stacksolo " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), "", err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Starts {@code stacksolo args…} and returns at once, for a command that keeps running
     * ({@code deployment start --hold}); stdin is empty, stderr goes to {@code stderr}.
     */
    Process spawn(Path stderr, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(withUmask(command)).directory(workingDirectory.toFile())
                .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code sh -c script} in the working folder with this runner's environment, the
     * launcher's folder first on PATH (so the script calls {@code stacksolo}), and returns at once;
     * stdin is empty, stdout and stderr go to {@code output}.
     */
    Process spawnScript(Path output, String script) {
        return spawnShell("sh", script, output);
    }

    /** As {@link #spawnScript(Path, String)}, with {@code bash -c script} (for bash-only syntax). */
    Process spawnScript(String script, Path output) {
        return spawnShell("bash", script, output);
    }

    /** As {@link #spawnScript(Path, String)}, with {@code shell -c script} (zsh, say). */
    Process spawnShell(String shell, String script, Path output) {
        ProcessBuilder builder = new ProcessBuilder(shell, "-c", script).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("PATH", launcher.getParent() + ":" + environment.get("PATH"));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result start(List<String> command, String stdin, String... args) {
        ProcessBuilder builder = new ProcessBuilder(withUmask(command)).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("stacksolo " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What one run printed and returned.
     *
     * @param exitCode the process's exit code
     * @param stdout everything on standard output
     * @param stderr everything on standard error
     */
    record Result(int exitCode, String stdout, String stderr) {

        /** Standard output parsed as JSON (maps, lists, strings, numbers…). */
        Object json() {
            try {
                return com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + e.getMessage() + "\n" + this, e);
            }
        }

        /** Standard output parsed as a JSON object. */
        @SuppressWarnings("unchecked")
        Map<String, Object> jsonObject() {
            return (Map<String, Object>) json();
        }

        /** Standard output parsed as a JSON array of objects. */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jsonArray() {
            return (List<Map<String, Object>>) json();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }
}
