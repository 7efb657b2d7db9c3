package dev.flags.autoconfigure.admin;

/**
 * The JDBC sink's table could not be read for {@code ?source=database} (the database is down, or
 * no event has been written yet, so the sink has not created the table): 503, with this process's
 * results still at {@code ?source=process}. Kept apart from {@link FlagsAdminExperimentResults} so
 * that the advice of both stacks names no experiment type.
 */
final class ExperimentResultsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ExperimentResultsUnavailableException(String key, RuntimeException cause) {
        super(
                "The results of experiment '" + key + "' could not be read from the JDBC sink's table (is the"
                        + " database up, and has an event been written yet?); this process's results are at"
                        + " ?source=process",
                cause);
    }
}
