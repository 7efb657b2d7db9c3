package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Another flag that must evaluate, for the same context, to one of the given variants; otherwise
 * the dependent flag is off.
 *
 * @param flag the key of the required flag
 * @param variants the variants that satisfy the prerequisite, at least one
 */
public record Prerequisite(String flag, List<String> variants) {

    /** Checks and copies the components. */
    public Prerequisite {
        requireNonNull(flag, "flag");
        variants = List.copyOf(variants);
    }

    /**
     * A prerequisite satisfied by any of the given variants.
     *
     * @param flag the key of the required flag
     * @param variants the satisfying variants
     * @return the prerequisite
     */
    public static Prerequisite of(String flag, String... variants) {
        return new Prerequisite(flag, List.of(variants));
    }
}
