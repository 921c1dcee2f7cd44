package dev.stacksolo.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A count such as {@code -n N}: a whole number of at least 1, so that "show at most 0" is a usage error. */
final class CountConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String text) {
        try {
            int count = Integer.parseInt(text.trim());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the one message below
        }
        throw new TypeConversionException("'" + text + "' is not a count; write a whole number of at least 1 and at most "
                + Integer.MAX_VALUE);
    }
}
