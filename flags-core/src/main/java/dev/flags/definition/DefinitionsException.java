package dev.flags.definition;

import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/** Flag definitions could not be read or are not valid; carries every problem found. */
public final class DefinitionsException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable List.copyOf of records; never serialized in practice
    private final List<DefinitionError> errors;

    /**
     * Creates the exception.
     *
     * @param errors every problem found, at least one
     */
    public DefinitionsException(List<DefinitionError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every problem found, in the order found. */
    public List<DefinitionError> errors() {
        return errors;
    }

    private static String message(List<DefinitionError> errors) {
        String header = errors.size() == 1
                ? "Invalid flag definitions (1 error):"
                : "Invalid flag definitions (" + errors.size() + " errors):";
        return errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
