package dev.flags.autoconfigure.admin;

import java.util.function.Supplier;

/**
 * Runs the admin API's explain so that it records no experiment exposure: an operator looking at
 * a context is not a visitor. With flags-experiments it is {@code Experiments.withoutExposures};
 * without it there is nothing to leave out.
 */
@FunctionalInterface
interface ExposureFreeEvaluation {

    /** Without experiments: evaluations record nothing anyway. */
    ExposureFreeEvaluation DIRECT = new ExposureFreeEvaluation() {
        @Override
        public <T> T run(Supplier<T> evaluation) {
            return evaluation.get();
        }
    };

    /** Runs the evaluations. */
    <T> T run(Supplier<T> evaluation);
}
