package dev.stacksolo.registry;

/**
 * A value given to the library that the registry cannot store faithfully: a blank required field,
 * a relative config path, a number that JSON cannot hold (NaN, Infinity), a null key, an import row
 * whose value is not of its column's type. The message names the field (or table, row and column)
 * and what to give instead. Nothing was written.
 */
public final class InvalidInputException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * Creates the exception.
     *
     * @param field what was wrong, as the caller names it ({@code gcpProjectId}, {@code outputs.port})
     * @param problem what is wrong with it and what to give instead
     */
    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The field (or table, row and column) that was refused. */
    public String field() {
        return field;
    }
}
