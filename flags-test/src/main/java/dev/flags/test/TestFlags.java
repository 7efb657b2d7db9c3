package dev.flags.test;

import static java.util.Objects.requireNonNull;

import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Overrides flags in tests. Every {@link FlagManager} returned by {@link #wrap(FlagManager)}
 * answers overridden flags from here, for every context, and everything else from the manager it
 * wraps. With the Spring Boot starter and this module on the test classpath, the application's
 * {@code FlagManager} bean is wrapped automatically, also in {@code @WebMvcTest} slices.
 *
 * <pre>{@code
 * TestFlags.enable("new-checkout");
 * TestFlags.variant("pricing", "discount");
 * TestFlags.value("free-shipping-threshold", 25.0);
 * ...
 * TestFlags.reset();   // FlagsExtension does this after each test
 * }</pre>
 *
 * <p>Overrides are global to the JVM, like the application context a test suite shares: run tests
 * that override flags sequentially (JUnit's default).
 */
public final class TestFlags {

    private static final Map<String, Override> OVERRIDES = new ConcurrentHashMap<>();

    private TestFlags() {}

    /** An override: a variant name, a value, or both. */
    record Override(@Nullable String variant, @Nullable Object value) {}

    /**
     * Turns a boolean flag on: it serves the variant {@code on} with value {@code true}.
     *
     * @param key the flag key
     */
    public static void enable(String key) {
        OVERRIDES.put(requireNonNull(key, "key"), new Override("on", true));
    }

    /**
     * Turns a boolean flag off: it serves the variant {@code off} with value {@code false}.
     *
     * @param key the flag key
     */
    public static void disable(String key) {
        OVERRIDES.put(requireNonNull(key, "key"), new Override("off", false));
    }

    /**
     * Serves a variant of a flag; the value is the variant's value in the wrapped manager's
     * definitions.
     *
     * @param key the flag key
     * @param variant the variant name
     */
    public static void variant(String key, String variant) {
        OVERRIDES.put(requireNonNull(key, "key"), new Override(requireNonNull(variant, "variant"), null));
    }

    /**
     * Serves a value. A string value is read as the type the caller asks for ({@code "25.0"} for a
     * double, {@code "true"} for a boolean).
     *
     * @param key the flag key
     * @param value the value
     */
    public static void value(String key, Object value) {
        OVERRIDES.put(requireNonNull(key, "key"), new Override(null, requireNonNull(value, "value")));
    }

    /**
     * Removes the override of one flag.
     *
     * @param key the flag key
     */
    public static void clear(String key) {
        OVERRIDES.remove(key);
    }

    /** Removes every override. */
    public static void reset() {
        OVERRIDES.clear();
    }

    /**
     * A manager that answers overridden flags from {@link TestFlags} and the rest from
     * {@code delegate}.
     *
     * @param delegate the manager to wrap
     * @return the wrapping manager; {@code delegate} itself if it already is one
     */
    public static InspectableFlagManager wrap(FlagManager delegate) {
        requireNonNull(delegate, "delegate");
        return delegate instanceof OverridingFlagManager overriding ? overriding : new OverridingFlagManager(delegate);
    }

    /**
     * A manager with no flags of its own, for unit tests of code that takes a {@link FlagManager}:
     * only overridden flags serve anything.
     *
     * @return the manager
     */
    public static InspectableFlagManager manager() {
        return wrap(FlagManager.builder().watch(false).build());
    }

    static @Nullable EvaluationDetails<Object> override(String key, Definitions definitions) {
        Override override = OVERRIDES.get(key);
        if (override == null) {
            return null;
        }
        Object value = override.value();
        String variant = override.variant();
        if (value == null && variant != null) {
            FlagDefinition flag = definitions.flag(key);
            value = flag == null ? null : flag.variants().get(variant);
        }
        return new EvaluationDetails<>(
                key,
                value,
                variant == null ? "test-override" : variant,
                dev.flags.Reason.STATIC,
                null,
                "overridden by TestFlags",
                null,
                Map.of());
    }
}
