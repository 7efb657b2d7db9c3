package dev.flags;

/**
 * A variant of a flag as a Java constant: the enums that typed flags generate for each flag with
 * variants implement it, so that {@code switch (flags.variant(AppFlags.PRICING))} is checked by the
 * compiler. See {@link VariantFlagKey}.
 */
public interface TypedVariant {

    /**
     * The variant's name in the definitions, for example {@code discount}.
     *
     * @return the variant name
     */
    String variantName();
}
