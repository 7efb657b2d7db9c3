package dev.flags;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.FlagType;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FlagKey} that also knows the flag's variants as an enum, so that the served variant is a
 * constant the compiler checks:
 *
 * <pre>{@code
 * switch (flags.variant(AppFlags.PRICING)) {
 *     case STANDARD -> ...;
 *     case DISCOUNT -> ...;
 * }
 * }</pre>
 *
 * <p>{@link FlagManager#variant(VariantFlagKey)} never returns {@code null}: when no variant is
 * served (the flag is off without an off variant, or cannot be evaluated), or the served variant is
 * not one of the enum's (the definitions gained a variant after the enum was generated), it returns
 * the {@linkplain #defaultVariant() default variant}.
 *
 * @param <T> the type of the flag's values
 * @param <V> the enum of its variants
 */
public final class VariantFlagKey<T, V extends Enum<V> & TypedVariant> extends FlagKey<T> {

    private final Class<V> variants;
    private final V defaultVariant;
    private final Map<String, V> byName;

    VariantFlagKey(String key, FlagType type, T defaultValue, Class<V> variants, V defaultVariant) {
        super(key, type, defaultValue);
        this.variants = requireNonNull(variants, "variants");
        this.defaultVariant = requireNonNull(defaultVariant, "defaultVariant");
        V[] constants = variants.getEnumConstants();
        Map<String, V> names = new HashMap<>();
        for (V constant : constants) {
            if (names.put(constant.variantName(), constant) != null) {
                throw new IllegalArgumentException(variants.getName() + " names variant '" + constant.variantName()
                        + "' of flag '" + key + "' twice");
            }
        }
        this.byName = Map.copyOf(names);
    }

    /**
     * The enum of the flag's variants.
     *
     * @return the enum class
     */
    public Class<V> variants() {
        return variants;
    }

    /**
     * The variant returned when none of the enum's is served.
     *
     * @return the default variant; typed flags use the flag's default variant at build time
     */
    public V defaultVariant() {
        return defaultVariant;
    }

    /**
     * The constant for a variant name.
     *
     * @param name a variant name, or {@code null} when none is served
     * @return the constant, or {@link #defaultVariant()} when the name is {@code null} or not one of
     *     the enum's
     */
    public V variant(@Nullable String name) {
        if (name == null) {
            return defaultVariant;
        }
        V variant = byName.get(name);
        return variant == null ? defaultVariant : variant;
    }
}
