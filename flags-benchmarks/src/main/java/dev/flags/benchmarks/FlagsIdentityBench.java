package dev.flags.benchmarks;

import dev.flags.EvaluationContext;
import dev.flags.definition.Definitions;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link FlagsBench} on definitions built in code from the call sites' own literals, with contexts
 * holding those literals too: every key, attribute name and value compared is the identical
 * {@code String} object, so {@code equals} returns at its first check. Users who read definitions
 * from a file never get this; the results show it labelled, beside the documented path.
 */
@State(Scope.Thread)
public class FlagsIdentityBench extends FlagsBench {

    @Override
    Definitions definitions() {
        return Workloads.mainInCode();
    }

    @Override
    Definitions bulkDefinitions() {
        return Workloads.bulkInCode();
    }

    @Override
    EvaluationContext[] contexts() {
        return Users.identityContexts();
    }
}
