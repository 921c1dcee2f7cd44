package dev.stacksolo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Passes the signals that ask a process to stop (TERM, INT, HUP) on to the child of
 * {@code stacksolo run}, which then decides how to stop; this process exits when the child does,
 * with its exit code. Without it, the JVM would exit on SIGTERM and leave the child running.
 *
 * <p>A SIGINT or SIGHUP that the terminal sent (Ctrl-C, a closed terminal) reached the child already,
 * since it shares this process's group in the terminal's foreground; passing it on would give the
 * child a second one (many programs take a second Ctrl-C as "stop now"). It is passed on only when
 * this process is not in the terminal's foreground group (it came from {@code kill}, or a
 * supervisor). SIGTERM is always passed on: a terminal never sends it.
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}), the only way for Java code to
 * handle a signal. Thread-safe: handlers run on the JVM's signal thread.
 */
final class SignalRelay {

    private SignalRelay() {}

    private static final String[] SIGNALS = {"TERM", "INT", "HUP"};
    private static final java.util.concurrent.atomic.AtomicReference<Process> CHILD =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Signals that came before the child started: passed on as soon as it has. */
    private static final java.util.Set<String> EARLY = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Installs the handlers, before the child starts: a signal that comes between its start and
     * the handlers would otherwise end this process and leave the child running.
     */
    static void install() {
        for (String name : SIGNALS) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    Process child = CHILD.get();
                    if (child == null) {
                        EARLY.add(name);
                    } else {
                        relay(child, name);
                    }
                });
            } catch (IllegalArgumentException reservedByTheJvm) {
                // -Xrs or a platform that reserves it: the JVM's own handling stays
            } catch (LinkageError noJdkUnsupported) {
                // a runtime linked without jdk.unsupported: the command runs, signals end this process only
                return;
            }
        }
    }

    /** From now on, signals go to {@code child}; those that came while it started are passed on now. */
    static void forwardTo(Process child) {
        CHILD.set(child);
        for (String name : SIGNALS) {
            if (EARLY.remove(name)) {
                relay(child, name);
            }
        }
    }

    private static void relay(Process child, String name) {
        if (!child.isAlive() || (!name.equals("TERM") && inTerminalForeground())) {
            return;
        }
        if (name.equals("TERM")) {
            child.destroy(); // SIGTERM on Unix
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + name, String.valueOf(child.pid())).inheritIO().start();
        } catch (IOException noKill) {
            child.destroy(); // no kill(1): TERM is the nearest request to stop
        }
    }

    /**
     * Whether this process is in its terminal's foreground process group, read from
     * {@code /proc/self/stat} (its group and the terminal's foreground group, fields 5 and 8):
     * then the terminal signalled the whole group, the child too. False without a terminal or /proc.
     */
    static boolean inTerminalForeground() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // after the command name in parentheses: state ppid pgrp session tty_nr tpgid …
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long group = Long.parseLong(fields[2]);
            long terminal = Long.parseLong(fields[4]);
            long foreground = Long.parseLong(fields[5]);
            return terminal != 0 && foreground == group;
        } catch (IOException | RuntimeException unknown) {
            return false;
        }
    }
}
