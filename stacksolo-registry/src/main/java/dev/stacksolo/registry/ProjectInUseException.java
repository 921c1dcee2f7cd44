package dev.stacksolo.registry;

import dev.stacksolo.registry.types.ProjectDependency;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Other projects read from this one (their configs reference its resources): removing or
 * destroying it would break them, as CloudFormation refuses to delete an export another stack
 * imports. The message lists who reads what.
 */
public final class ProjectInUseException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final transient List<ProjectDependency> dependents;

    /** Creates the exception for the project and what reads from it; {@code what} is the refused action. */
    public ProjectInUseException(String project, String what, List<ProjectDependency> dependents) {
        super("refusing to " + what + " '" + project + "': " + describe(dependents)
                + "; change those projects first, or pass --force to " + what + " it anyway");
        this.dependents = List.copyOf(dependents);
    }

    private static String describe(List<ProjectDependency> dependents) {
        return dependents.stream().collect(Collectors.groupingBy(ProjectDependency::from,
                        java.util.TreeMap::new, Collectors.mapping(ProjectDependency::reference, Collectors.toCollection(java.util.TreeSet::new))))
                .entrySet().stream()
                .map(entry -> entry.getKey() + " reads " + String.join(", ", entry.getValue()))
                .collect(Collectors.joining("; "));
    }

    /** The references that read from the project. */
    public List<ProjectDependency> dependents() {
        return dependents;
    }
}
