package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A targeting rule: when every condition holds, the rule serves its variant or distribution.
 *
 * @param id identifies the rule in results, metrics and error paths; unique within the flag
 * @param name human-readable description, if any
 * @param when the conditions, all of which must hold; none means the rule always matches
 * @param serve what the rule serves
 */
public record Rule(String id, @Nullable String name, List<Condition> when, Serve serve) {

    /** Checks and copies the components. */
    public Rule {
        requireNonNull(id, "id");
        when = List.copyOf(when);
        requireNonNull(serve, "serve");
    }

    /**
     * A rule without a name.
     *
     * @param id the rule id
     * @param serve what it serves
     * @param when its conditions
     * @return the rule
     */
    public static Rule of(String id, Serve serve, Condition... when) {
        return new Rule(id, null, Arrays.asList(when), serve);
    }
}
