package dev.flags.autoconfigure.aop;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports {@code @FeatureToggle} and {@code @Variant} methods that cannot work as written (a
 * fallback missing or with the wrong signature, a toggle on a flag that is not boolean, an unknown
 * flag or variant) as a list naming each method, instead of a stack trace.
 */
final class FlagAnnotationsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidFlagAnnotationsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidFlagAnnotationsException cause) {
        int count = cause.problems().size();
        StringBuilder description = new StringBuilder()
                .append("Flag annotations cannot work as written (")
                .append(count)
                .append(count == 1 ? " problem" : " problems")
                .append("):\n");
        for (String problem : cause.problems()) {
            description.append("\n    ").append(problem);
        }
        String action = "Correct the annotated methods listed above: a @FeatureToggle names a boolean flag, and its"
                + " fallback is a method of the same class with the same parameters and a compatible return type;"
                + " a @Variant names a flag and variants that the definitions have.";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
