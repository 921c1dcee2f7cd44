package dev.stacksolo.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Standard output that remembers why a write failed. {@link PrintStream} (what {@code System.out}
 * is, and what every writer of the commands ends in) swallows a failed write: a full disk, or
 * {@code > /dev/full}, would leave a truncated {@code registry export} and exit 0. Installed as
 * {@code System.out} at start; after the command, {@link #finish(int, PrintWriter)} turns a failed
 * write into exit 1 and an error naming the reason, saying that a change the command made stands.
 * A closed pipe ({@code stacksolo list | head -1}) is the reader's choice: exit 141, as for a
 * process that SIGPIPE ended (the JVM ignores that signal), and no message.
 *
 * <p>Thread-safe as {@code PrintStream} is; the change noted is process-wide (one command a process).
 */
final class StandardOutput extends FilterOutputStream {

    /** The exit code of a process that SIGPIPE ended (128 + 13), as shells report it. */
    static final int BROKEN_PIPE = 141;

    private static volatile StandardOutput installed;
    /** What the command changed in the registry, once it did ({@code stacksolo outputs set}, say). */
    private static volatile String change;

    private volatile IOException failure;

    private StandardOutput(OutputStream out) {
        super(out);
    }

    /**
     * Makes {@code System.out} one that records its first failed write. A {@code PrintStream} with
     * a small buffer that flushes at each array written and each line, as the JVM's own.
     */
    static void install() {
        StandardOutput recorder = new StandardOutput(new FileOutputStream(FileDescriptor.out));
        installed = recorder;
        System.setOut(new PrintStream(new BufferedOutputStream(recorder, 8192), true, Charset.defaultCharset()));
    }

    /** Notes that the command changed the registry ({@code command}, as typed), for the error a failed write gets. */
    static void changed(String command) {
        change = command;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException failed) {
            record(failed);
            throw failed;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (IOException failed) {
            record(failed);
            throw failed;
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException failed) {
            record(failed);
            throw failed;
        }
    }

    private void record(IOException failed) {
        if (failure == null) {
            failure = failed;
        }
    }

    /**
     * {@code exitCode}, or 1 after an error on {@code err} when a write to standard output failed
     * (the command's output is incomplete): flushes {@code System.out} first. Without
     * {@link #install()}, checks the plain {@code System.out} (no reason known).
     */
    static int finish(int exitCode, PrintWriter err) {
        System.out.flush();
        StandardOutput recorder = installed;
        boolean failed = recorder != null ? recorder.failure != null || System.out.checkError() : System.out.checkError();
        if (!failed) {
            return exitCode;
        }
        if (recorder != null && recorder.failure != null && "Broken pipe".equals(recorder.failure.getMessage())) {
            // the reader stopped reading (| head): quietly, with the code of a process SIGPIPE ended, as other tools
            return exitCode == 0 ? BROKEN_PIPE : exitCode;
        }
        String reason = Optional.ofNullable(recorder).map(r -> r.failure).map(IOException::getMessage)
                .filter(message -> !message.isBlank()).map(message -> " (" + message + ")").orElse("");
        err.println("error: could not write to standard output" + reason + ": what was printed is incomplete"
                + (change == null ? "" : ", but " + change + " made its change to the registry all the same"));
        err.flush();
        return exitCode == 0 ? 1 : exitCode;
    }
}
