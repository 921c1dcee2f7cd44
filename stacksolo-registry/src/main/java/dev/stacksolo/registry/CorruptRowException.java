package dev.stacksolo.registry;

import java.util.Optional;

/**
 * A row holds a value this build cannot read: JSON that is not a JSON object, an unknown status,
 * a malformed timestamp. Usually written by another tool; {@code stacksolo doctor} finds them.
 * The message names the row as its user knows it ({@code resource shared-infra/main/users-db}),
 * then by table and id; it is masked ({@link Secrets#maskText}): it quotes what the row holds,
 * which every view that lists such rows ({@code list}, {@code doctor}, {@code doctor --json}) shows.
 */
public final class CorruptRowException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final String rowId;
    private final String column;
    private final String problem;
    private final String label;

    /** Creates the exception naming the row and column, with the parser's complaint as cause. */
    public CorruptRowException(String table, String rowId, String column, String problem, Throwable cause) {
        this(table, rowId, column, problem, Optional.empty(), cause);
    }

    /**
     * Creates the exception naming the row as its user knows it ({@code label}, such as
     * {@code shared-infra/main/users-db}), then by table and id.
     */
    public CorruptRowException(String table, String rowId, String column, String problem, Optional<String> label,
            Throwable cause) {
        // the one place these messages are built: the problem quotes what the row holds, a secret maybe
        super(Secrets.maskText(place(table, rowId, label) + " has an unreadable " + column + ": " + problem
                + "; fix or delete that row (stacksolo doctor lists such rows)"), cause);
        this.table = table;
        this.rowId = rowId;
        this.column = column;
        this.problem = problem;
        this.label = label.orElse(null);
    }

    private static String place(String table, String rowId, Optional<String> label) {
        String kind = switch (table) {
            case "projects" -> "project ";
            case "resources" -> "resource ";
            case "deployments" -> "deployment ";
            default -> "";
        };
        return label.map(l -> kind + l + " (" + table + " row " + rowId + ")").orElse(table + " row " + rowId);
    }

    /**
     * The same failure with the row's name completed by its project ({@code main/users-db} becomes
     * {@code shared-infra/main/users-db}).
     */
    public CorruptRowException inProject(String projectName) {
        String name = label == null ? projectName + " (id " + rowId + ")" : projectName + "/" + label;
        return new CorruptRowException(table, rowId, column, problem, Optional.of(name), getCause());
    }

    /** The table of the broken row. */
    public String table() {
        return table;
    }

    /** The id of the broken row. */
    public String rowId() {
        return rowId;
    }

    /** The column that cannot be read. */
    public String column() {
        return column;
    }

    /** The row's name as its user knows it, when it could be read. */
    public Optional<String> label() {
        return Optional.ofNullable(label);
    }
}
