package dev.stacksolo.cli;

import dev.stacksolo.registry.AmbiguousReferenceException;
import dev.stacksolo.registry.CorruptRowException;
import dev.stacksolo.registry.InvalidReferenceException;
import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.PropertyNotFoundException;
import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.ResourceNotDeployedException;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.SensitiveValueException;
import java.util.ArrayList;
import java.util.List;

/**
 * The references of one command ({@code output REF…}, {@code env}, {@code run}) that did not
 * resolve, gathered so that one run names every one of them and prints (or runs) nothing.
 *
 * <p>Only failures of a reference itself are gathered (bad grammar, no such project, resource or
 * property, not deployed, ambiguous, not readable by this role); a failure of the registry (cannot
 * open, connection lost) ends the command at once, since it would repeat for every reference.
 * Messages never hold a resolved value. One per command run; not thread-safe.
 */
final class UnresolvedReferences {

    private final List<String> lines = new ArrayList<>();

    /** Whether {@code failure} is about the reference (gathered), rather than the registry (rethrown). */
    static boolean isAboutTheReference(RegistryException failure) {
        return failure instanceof InvalidReferenceException || failure instanceof ProjectNotFoundException
                || failure instanceof ResourceNotFoundException || failure instanceof AmbiguousReferenceException
                || failure instanceof ResourceNotDeployedException || failure instanceof PropertyNotFoundException
                || failure instanceof SensitiveValueException || failure instanceof CorruptRowException;
    }

    /**
     * Records that {@code what} (a reference, or {@code NAME = reference}) did not resolve, or
     * rethrows {@code failure} when it is not about the reference.
     */
    void add(String what, RegistryException failure) {
        if (!isAboutTheReference(failure)) {
            throw failure;
        }
        lines.add(what + ": " + failure.getMessage());
    }

    /** Records a problem that is not a registry failure (a value that cannot be printed so). */
    void add(String what, String problem) {
        lines.add(what + ": " + problem);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /**
     * Throws a {@link CliException} naming every failure, one a line, when there is any.
     *
     * @param nothingDone what was not done, for the first line ("nothing was printed")
     */
    void throwIfAny(String nothingDone) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder();
        message.append(lines.size() == 1 ? "1 reference did not resolve" : lines.size() + " references did not resolve")
                .append("; ").append(nothingDone).append(':');
        for (String line : lines) {
            message.append("\n  ").append(line);
        }
        throw new CliException(message.toString());
    }
}
