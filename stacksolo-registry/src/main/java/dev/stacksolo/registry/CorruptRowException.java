package dev.stacksolo.registry;

/**
 * A row holds a value this build cannot read: JSON that is not a JSON object, an unknown status,
 * a malformed timestamp. Usually written by another tool; {@code stacksolo doctor} finds them.
 */
public final class CorruptRowException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final String rowId;
    private final String column;

    /** Creates the exception naming the row and column, with the parser's complaint as cause. */
    public CorruptRowException(String table, String rowId, String column, String problem, Throwable cause) {
        super(table + " row " + rowId + " has an unreadable " + column + ": " + problem
                + "; fix or delete that row (stacksolo doctor lists such rows)", cause);
        this.table = table;
        this.rowId = rowId;
        this.column = column;
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
}
