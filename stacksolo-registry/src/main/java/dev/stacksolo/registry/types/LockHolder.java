package dev.stacksolo.registry.types;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds a deployment lock: the host, the process (with its start time, so that a reused
 * process id is not mistaken for the holder) and the user, as Pulumi and Terraform name a lock's
 * holder.
 *
 * <p>On Linux the process is also identified without any clock: {@code processKey} is the
 * kernel's boot id and the process's start time in clock ticks since boot ({@code /proc/PID/stat}),
 * so a holder on this host whose wall clock is off (or was set since) is never taken for gone.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host the host name
 * @param pid the holding process
 * @param processStartedAt when that process started, when the system says
 * @param user the user name
 * @param processKey {@code <boot id>:<start ticks>} of the process, where the system has them
 */
public record LockHolder(String host, long pid, Optional<Instant> processStartedAt, String user,
        Optional<String> processKey) {

    /** Checks that no component is null. */
    public LockHolder {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(processStartedAt, "processStartedAt");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(processKey, "processKey");
    }

    /** A holder without a clock-free process key (a lock recorded by an older version). */
    public LockHolder(String host, long pid, Optional<Instant> processStartedAt, String user) {
        this(host, pid, processStartedAt, user, Optional.empty());
    }

    /**
     * The script that ran this command, for a plain {@code deployment start} that returns at once
     * and leaves the deploy to the script that will call {@code deployment finish}.
     *
     * <p>Found by walking up from this process's parent past forks that did not exec: a
     * {@code $(…)} command substitution, a pipeline element or a {@code ||} list runs in a subshell
     * that is a copy of the script (same executable, same command line) and exits as soon as this
     * command does. The first ancestor that differs from its own parent is the script. Where
     * {@code /proc} cannot tell (not Linux), it is the parent process.
     */
    public static LockHolder scriptProcess() {
        ProcessHandle holder = ProcessHandle.current().parent().orElse(ProcessHandle.current());
        for (int depth = 0; depth < 32; depth++) {
            Optional<ProcessHandle> parent = holder.parent();
            if (parent.isEmpty() || parent.get().pid() <= 1 || !isForkOf(holder.pid(), parent.get().pid())) {
                break;
            }
            holder = parent.get();
        }
        return of(holder);
    }

    /** Whether {@code child} is a copy of {@code parent} that did not exec (a subshell). */
    private static boolean isForkOf(long child, long parent) {
        try {
            byte[] childLine = Files.readAllBytes(Path.of("/proc", String.valueOf(child), "cmdline"));
            byte[] parentLine = Files.readAllBytes(Path.of("/proc", String.valueOf(parent), "cmdline"));
            if (childLine.length == 0 || !java.util.Arrays.equals(childLine, parentLine)) {
                return false;
            }
            Path childExe = Files.readSymbolicLink(Path.of("/proc", String.valueOf(child), "exe"));
            Path parentExe = Files.readSymbolicLink(Path.of("/proc", String.valueOf(parent), "exe"));
            return childExe.equals(parentExe);
        } catch (IOException | RuntimeException unknown) {
            return false; // no /proc, or not ours to read: keep the nearer process
        }
    }

    /**
     * {@code <boot id>:<start ticks>} of a process on this host: its start time counted by the
     * kernel from boot, which no change of the wall clock moves.
     */
    static Optional<String> processKeyOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) may hold spaces and parentheses: fields count from the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            String ticks = fields[19]; // field 22, starttime
            return Optional.of(BootId.VALUE.orElseThrow() + ":" + ticks);
        } catch (IOException | RuntimeException unknown) {
            return Optional.empty();
        }
    }

    private static final class BootId {
        static final Optional<String> VALUE = read();

        private static Optional<String> read() {
            try {
                String id = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
                return id.isEmpty() ? Optional.empty() : Optional.of(id);
            } catch (IOException | RuntimeException unknown) {
                return Optional.empty();
            }
        }
    }

    /** Whether the holder ran on this host (its liveness is then known without any clock). */
    public boolean isOnThisHost() {
        return host.equals(localHost());
    }

    /** This process, on this host, as this user. */
    public static LockHolder thisProcess() {
        return of(ProcessHandle.current());
    }

    /**
     * The process that started this one (a script that wraps a deploy in two commands), or this
     * process when it has no parent any more.
     */
    public static LockHolder parentProcess() {
        return of(ProcessHandle.current().parent().orElse(ProcessHandle.current()));
    }

    private static LockHolder of(ProcessHandle process) {
        return new LockHolder(localHost(), process.pid(), process.info().startInstant(),
                Objects.requireNonNullElse(System.getProperty("user.name"), "unknown"), processKeyOf(process.pid()));
    }

    /**
     * Whether the holder is known to be gone: it ran on this host and no process with its id runs
     * now, or the process with its id is another one (the id was reused: its clock-free process key
     * differs, or, for a lock recorded without one, its start time differs). A holder on another
     * host is never known gone this way; its lease decides.
     */
    public Optional<String> goneReason() {
        if (!isOnThisHost()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return Optional.of("its process " + pid + " on " + host + " is not running");
        }
        if (processKey.isPresent()) {
            Optional<String> now = processKeyOf(pid);
            if (now.isPresent()) {
                return now.equals(processKey) ? Optional.empty()
                        : Optional.of("its process " + pid + " on " + host + " ended (the id now belongs to another process)");
            }
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (processStartedAt.isPresent() && started.isPresent()
                && Duration.between(processStartedAt.get(), started.get()).abs().toMillis() > 1000) {
            return Optional.of("its process " + pid + " on " + host + " ended (the id now belongs to another process)");
        }
        return Optional.empty();
    }

    /** {@code user@host, process pid}, for messages. */
    public String describe() {
        return user + "@" + host + ", process " + pid;
    }

    /**
     * The host name: the kernel's (what {@code hostname} prints) where it can be read, which costs
     * no name-service look-up, else Java's.
     */
    public static String localHost() {
        return LocalHost.NAME;
    }

    private static final class LocalHost {
        static final String NAME = find();

        private static String find() {
            try {
                String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException | RuntimeException ignored) {
                // not Linux: ask Java
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
