package dev.stacksolo.cli;

/** The {@code stacksolo} command's entry point. */
public final class Main {

    private Main() {}

    /** Runs the command and exits with its code (0 success, 1 failure, 2 usage error). */
    public static void main(String[] args) {
        System.exit(StackSoloCommand.execute(args));
    }
}
