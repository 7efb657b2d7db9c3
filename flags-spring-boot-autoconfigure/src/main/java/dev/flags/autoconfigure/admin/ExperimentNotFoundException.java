package dev.flags.autoconfigure.admin;

/**
 * The flag exists and the caller may read it, but it is not an experiment (404). Kept apart from
 * {@link FlagsAdminExperimentResults} so that the advice of both stacks names no experiment type.
 */
final class ExperimentNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ExperimentNotFoundException(String key) {
        super("Flag '" + key + "' is not an experiment", null, false, false);
    }
}
