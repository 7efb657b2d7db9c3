package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One problem in flag definitions, with where it is.
 *
 * @param source the file, resource or other origin, if known
 * @param path the place within the definitions, for example {@code flags.checkout.rules[0].serve}
 * @param message what is wrong
 */
public record DefinitionError(@Nullable String source, String path, String message) {

    /** Checks the components. */
    public DefinitionError {
        requireNonNull(path, "path");
        requireNonNull(message, "message");
    }

    /** This error attributed to a source. */
    public DefinitionError withSource(String newSource) {
        return new DefinitionError(newSource, path, message);
    }

    /** The error as {@code source: path: message}. */
    @Override
    public String toString() {
        return (source == null ? "" : source + ": ") + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
