package dev.flags.admin;

import dev.flags.definition.DefinitionError;
import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/** The request would leave invalid definitions, or lacks a required field such as a reason (HTTP 400). */
public final class ValidationException extends FlagAdminException {

    @Serial
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable List.copyOf of records
    private final List<DefinitionError> errors;

    /**
     * Creates the exception.
     *
     * @param errors every problem, each with its path, at least one
     */
    public ValidationException(List<DefinitionError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every problem found, each with its path as in definition files. */
    public List<DefinitionError> errors() {
        return errors;
    }

    private static String message(List<DefinitionError> errors) {
        return errors.stream()
                .map(e -> "  " + e)
                .collect(Collectors.joining(
                        "\n", "Rejected, " + errors.size() + (errors.size() == 1 ? " error" : " errors") + ":\n", ""));
    }
}
