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
 * <p>Immutable and thread-safe.
 *
 * @param host the host name
 * @param pid the holding process
 * @param processStartedAt when that process started, when the system says
 * @param user the user name
 */
public record LockHolder(String host, long pid, Optional<Instant> processStartedAt, String user) {

    /** Checks that no component is null. */
    public LockHolder {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(processStartedAt, "processStartedAt");
        Objects.requireNonNull(user, "user");
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
                Objects.requireNonNullElse(System.getProperty("user.name"), "unknown"));
    }

    /**
     * Whether the holder is known to be gone: it ran on this host and no process with its id runs
     * now, or the process with its id started at another time (the id was reused). A holder on
     * another host is never known gone this way; its lease decides.
     */
    public Optional<String> goneReason() {
        if (!host.equals(localHost())) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return Optional.of("its process " + pid + " on " + host + " is not running");
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
