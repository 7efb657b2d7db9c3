package dev.flags;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.FlagType;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A flag's key together with the type of its values, so that the compiler checks what a call
 * expects: {@code flags.isEnabled(AppFlags.NEW_CHECKOUT)} takes only a boolean flag, and
 * {@code flags.value(AppFlags.FREE_SHIPPING_THRESHOLD)} returns a {@code Double}. Typed flags
 * (flags-codegen) generate one constant per flag from the definitions files; a key can also be
 * declared by hand:
 *
 * <pre>{@code
 * static final FlagKey<Double> THRESHOLD = FlagKey.ofDouble("free-shipping-threshold", 50.0);
 * }</pre>
 *
 * <p>The default value is what {@link FlagManager#value(FlagKey)} returns when the flag cannot
 * serve a variant (unknown flag, wrong type, off without an off variant); typed flags use the value
 * of the flag's default variant at build time. A key whose flag is of another type in the loaded
 * definitions evaluates to that default with {@link ErrorCode#TYPE_MISMATCH}, never throws.
 *
 * @param <T> the type of the flag's values: {@code Boolean}, {@code String}, {@code Integer},
 *     {@code Double} or {@code Object} (JSON maps and lists)
 */
public sealed class FlagKey<T> permits VariantFlagKey {

    private final String key;
    private final FlagType type;
    private final T defaultValue;

    FlagKey(String key, FlagType type, T defaultValue) {
        this.key = requireNonNull(key, "key");
        this.type = requireNonNull(type, "type");
        this.defaultValue = requireNonNull(defaultValue, "defaultValue");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("flag key must not be empty");
        }
    }

    /**
     * A boolean flag; it defaults to {@code false}.
     *
     * @param key the flag key
     * @return the typed key
     */
    public static FlagKey<Boolean> ofBoolean(String key) {
        return new FlagKey<>(key, FlagType.BOOLEAN, Boolean.FALSE);
    }

    /**
     * A boolean flag.
     *
     * @param key the flag key
     * @param defaultValue returned when the flag cannot serve a variant
     * @return the typed key
     */
    public static FlagKey<Boolean> ofBoolean(String key, boolean defaultValue) {
        return new FlagKey<>(key, FlagType.BOOLEAN, defaultValue);
    }

    /**
     * A string flag.
     *
     * @param key the flag key
     * @param defaultValue returned when the flag cannot serve a variant
     * @return the typed key
     */
    public static FlagKey<String> ofString(String key, String defaultValue) {
        return new FlagKey<>(key, FlagType.STRING, defaultValue);
    }

    /**
     * An integer flag.
     *
     * @param key the flag key
     * @param defaultValue returned when the flag cannot serve a variant
     * @return the typed key
     */
    public static FlagKey<Integer> ofInteger(String key, int defaultValue) {
        return new FlagKey<>(key, FlagType.INTEGER, defaultValue);
    }

    /**
     * A double flag.
     *
     * @param key the flag key
     * @param defaultValue returned when the flag cannot serve a variant
     * @return the typed key
     */
    public static FlagKey<Double> ofDouble(String key, double defaultValue) {
        return new FlagKey<>(key, FlagType.DOUBLE, defaultValue);
    }

    /**
     * An object (JSON) flag; it defaults to an empty map.
     *
     * @param key the flag key
     * @return the typed key
     */
    public static FlagKey<Object> ofObject(String key) {
        return new FlagKey<>(key, FlagType.OBJECT, Map.of());
    }

    /**
     * This key with an enum of the flag's variants, for {@link FlagManager#variant(VariantFlagKey)}.
     *
     * @param variants the enum whose constants are the flag's variants
     * @param defaultVariant what {@code variant(...)} returns when no variant is served, or one the
     *     enum lacks (definitions changed since the enum was generated)
     * @param <V> the enum
     * @return the key with variants
     */
    public <V extends Enum<V> & TypedVariant> VariantFlagKey<T, V> withVariants(Class<V> variants, V defaultVariant) {
        return new VariantFlagKey<>(key, type, defaultValue, variants, defaultVariant);
    }

    /**
     * The flag key.
     *
     * @return the key, as in the definitions
     */
    public final String key() {
        return key;
    }

    /**
     * The type of the flag's values.
     *
     * @return the type
     */
    public final FlagType type() {
        return type;
    }

    /**
     * What evaluation returns when the flag cannot serve a variant.
     *
     * @return the default value
     */
    public final T defaultValue() {
        return defaultValue;
    }

    /** Evaluates through the manager's typed method for this key's type. */
    @SuppressWarnings("unchecked")
    final EvaluationDetails<T> details(FlagManager flags, EvaluationContext context) {
        Object details = switch (type) {
            case BOOLEAN -> flags.getBooleanDetails(key, (Boolean) defaultValue, context);
            case STRING -> flags.getStringDetails(key, (String) defaultValue, context);
            case INTEGER -> flags.getIntegerDetails(key, (Integer) defaultValue, context);
            case DOUBLE -> flags.getDoubleDetails(key, (Double) defaultValue, context);
            case OBJECT -> flags.getObjectDetails(key, defaultValue, context);
        };
        return (EvaluationDetails<T>) details;
    }

    /** Evaluates through the memo's typed method for this key's type. */
    @SuppressWarnings("unchecked")
    final EvaluationDetails<T> details(FlagMemo memo) {
        Object details = switch (type) {
            case BOOLEAN -> memo.getBooleanDetails(key, (Boolean) defaultValue);
            case STRING -> memo.getStringDetails(key, (String) defaultValue);
            case INTEGER -> memo.getIntegerDetails(key, (Integer) defaultValue);
            case DOUBLE -> memo.getDoubleDetails(key, (Double) defaultValue);
            case OBJECT -> memo.getObjectDetails(key, defaultValue);
        };
        return (EvaluationDetails<T>) details;
    }

    final T valueOf(EvaluationDetails<T> details) {
        T value = details.value();
        return value == null ? defaultValue : value;
    }

    /** Keys are equal when they name the same flag with the same type. */
    @Override
    public final boolean equals(@Nullable Object other) {
        return other instanceof FlagKey<?> that && key.equals(that.key) && type == that.type;
    }

    @Override
    public final int hashCode() {
        return key.hashCode() * 31 + type.hashCode();
    }

    /** The key and type, for example {@code pricing (string)}. */
    @Override
    public String toString() {
        return key + " (" + type.id() + ")";
    }
}
