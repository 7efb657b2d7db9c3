package dev.flags.test;

import static java.util.Objects.requireNonNull;

import dev.flags.ErrorCode;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /** Overrides that named a flag or variant the definitions lack, found when they were served. */
    private static final Set<String> PROBLEMS = ConcurrentHashMap.newKeySet();

    private TestFlags() {}

    /** An override: a variant name, a value, or both. */
    record Override(@Nullable String variant, @Nullable Object value) {}

    /**
     * Turns a boolean flag on: it serves the variant {@code on} with value {@code true}.
     *
     * @param key the flag key
     */
    public static void enable(String key) {
        set(requireNonNull(key, "key"), new Override("on", true));
    }

    /**
     * Turns a boolean flag off: it serves the variant {@code off} with value {@code false}.
     *
     * @param key the flag key
     */
    public static void disable(String key) {
        set(requireNonNull(key, "key"), new Override("off", false));
    }

    /**
     * Serves a variant of a flag; the value is the variant's value in the wrapped manager's
     * definitions.
     *
     * @param key the flag key
     * @param variant the variant name
     */
    public static void variant(String key, String variant) {
        set(requireNonNull(key, "key"), new Override(requireNonNull(variant, "variant"), null));
    }

    /**
     * Serves a value. A string value is read as the type the caller asks for ({@code "25.0"} for a
     * double, {@code "true"} for a boolean).
     *
     * @param key the flag key
     * @param value the value
     */
    public static void value(String key, Object value) {
        set(requireNonNull(key, "key"), new Override(null, requireNonNull(value, "value")));
    }

    /**
     * Removes the override of one flag.
     *
     * @param key the flag key
     */
    public static void clear(String key) {
        OVERRIDES.remove(key);
    }

    /** Removes every override, and forgets the problems {@link #problems()} would report. */
    public static void reset() {
        OVERRIDES.clear();
        PROBLEMS.clear();
    }

    /**
     * The overrides served since the last {@link #reset()} that named a flag the definitions lack,
     * or a variant the flag lacks; {@link FlagsExtension} fails the test with them. Such an override
     * serves nothing: the flag evaluates to the caller's default with {@code FLAG_NOT_FOUND}.
     * Managers without definitions (an OpenFeature provider's) check nothing.
     *
     * @return one message per problem, in no particular order
     */
    public static List<String> problems() {
        return List.copyOf(new TreeSet<>(PROBLEMS));
    }

    private static void set(String key, Override override) {
        // Checked when served, against the definitions of the manager serving it: a JVM can hold
        // several applications' managers, and one's flags are not another's.
        OVERRIDES.put(key, override);
    }

    /** What is wrong with an override, or {@code null}; nothing is wrong where nothing is defined. */
    private static @Nullable String problem(String key, Override override, Definitions definitions) {
        if (definitions.flags().isEmpty()) {
            return null;
        }
        FlagDefinition flag = definitions.flag(key);
        String what = override.value() instanceof Boolean on && override.variant() != null
                ? "turns flag '" + key + "' " + (on ? "on" : "off")
                : override.variant() != null
                        ? "serves variant '" + override.variant() + "' of flag '" + key + "'"
                        : "serves a value for flag '" + key + "'";
        if (flag == null) {
            Set<String> keys = new TreeSet<>();
            for (FlagDefinition defined : definitions.flags()) {
                keys.add(defined.key());
            }
            return "TestFlags " + what + ", which is not defined (flags: " + keys + ")";
        }
        if (override.value() instanceof Boolean && override.variant() != null && flag.type() != FlagType.BOOLEAN) {
            return "TestFlags " + what + ", which is of type " + flag.type().id() + ", not boolean";
        }
        if (override.variant() != null && !flag.variants().containsKey(override.variant())) {
            return "TestFlags " + what + ", which has no such variant (variants: "
                    + flag.variants().keySet() + ")";
        }
        return null;
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
        String problem = problem(key, override, definitions);
        if (problem != null) {
            PROBLEMS.add(problem);
            return EvaluationDetails.error(key, null, ErrorCode.FLAG_NOT_FOUND, problem);
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
