package dev.stacksolo.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * {@code stacksolo output <reference>…} without building the picocli model: scripts call it once per
 * value, and picocli's reflection over the command's annotations costs about as long as resolving
 * the reference (docs/performance.md). Only the plain forms take this path: {@code output}, one or
 * more references, and any of {@code --json}, {@code --debug}, {@code --registry PATH|=PATH}.
 * Anything else (help, an unknown option, a missing reference) goes through picocli, which owns
 * usage errors and their messages.
 */
final class OutputFastPath {

    private OutputFastPath() {}

    /** Runs {@code args} when they are a plain {@code output} call; null when picocli should. */
    static Integer tryRun(String[] args) {
        String registry = null;
        java.util.List<String> references = null;
        boolean json = false;
        boolean debug = false;
        boolean sawOutput = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--json") && sawOutput && !json) {
                json = true;
            } else if (arg.equals("--debug") && !debug) {
                debug = true;
            } else if (arg.equals("--registry") && registry == null && i + 1 < args.length
                    && !args[i + 1].startsWith("-")) {
                registry = args[++i];
            } else if (arg.startsWith("--registry=") && registry == null) {
                registry = arg.substring("--registry=".length());
            } else if (arg.equals("output") && !sawOutput) {
                sawOutput = true;
            } else if (sawOutput && !arg.startsWith("-")) {
                if (references == null) {
                    references = new java.util.ArrayList<>(4);
                }
                references.add(arg);
            } else {
                return null;
            }
        }
        if (!sawOutput || references == null || (registry != null && registry.isBlank())) {
            return null; // an empty --registry: picocli's usage error
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
        try (Cli cli = new Cli(out, err, registry, true)) {
            if (references.size() == 1) {
                OutputCommand.print(cli, references.get(0), json);
            } else {
                OutputCommand.print(cli, references, json);
            }
            return 0;
        } catch (RuntimeException failure) {
            return StackSoloCommand.reportFailure(failure, err, debug);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
