package dev.flags.autoconfigure.aop;

import java.io.Serial;
import java.util.List;

/** Flag annotations that cannot work as written; each problem names the method. */
final class InvalidFlagAnnotationsException extends IllegalStateException {

    @Serial
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable List.copyOf of strings
    private final List<String> problems;

    InvalidFlagAnnotationsException(List<String> problems) {
        super("Invalid flag annotations:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
