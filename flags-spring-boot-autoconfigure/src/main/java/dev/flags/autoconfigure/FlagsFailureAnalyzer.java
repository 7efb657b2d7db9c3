package dev.flags.autoconfigure;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.DefinitionsException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports invalid flag definitions at startup as a list of every problem with its source and path. */
final class FlagsFailureAnalyzer extends AbstractFailureAnalyzer<DefinitionsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DefinitionsException cause) {
        StringBuilder description = new StringBuilder();
        int count = cause.errors().size();
        description
                .append("Flag definitions are not valid (")
                .append(count)
                .append(count == 1 ? " error" : " errors")
                .append("):\n");
        for (DefinitionError error : cause.errors()) {
            description.append("\n    ");
            if (error.source() != null) {
                description.append(error.source()).append(": ");
            }
            if (!error.path().isEmpty()) {
                description.append(error.path()).append(": ");
            }
            description.append(error.message());
        }
        String action = "Correct the flag definitions listed above. Flags defined inline live under "
                + "'flags.definitions.<key>' (the path 'flags.<key>...' above), files are listed in 'flags.sources'.";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
