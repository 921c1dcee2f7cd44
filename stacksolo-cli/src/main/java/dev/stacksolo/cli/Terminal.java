package dev.stacksolo.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the command talks to a person at a terminal, which decides colours and prompts. */
final class Terminal {

    private Terminal() {}

    /**
     * Whether standard input and output are both a terminal. Up to Java 21 that is exactly
     * {@code System.console() != null}; from Java 22 {@code System.console()} returns a console even
     * when piped, and {@code Console.isTerminal()} (looked up reflectively, as this code is compiled
     * for Java 17) tells.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException before22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
