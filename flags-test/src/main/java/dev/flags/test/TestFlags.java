package dev.flags.test;

import static java.util.Objects.requireNonNull;

import dev.flags.ErrorCode;
import dev.flags.EvaluationContext;
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
 * <p>Under {@link FlagsExtension} (which every flags-test annotation registers) overrides belong to
 * the running test: the extension binds a scope per test class and per test to the test's thread,
 * so tests and test classes running in parallel (JUnit's parallel execution) never see each
 * other's overrides, even through one shared application context. Code the test runs on the same
 * thread, or on threads it starts, sees them (MockMvc, WebTestClient over a mock server, direct
 * calls); code on threads that existed before, such as a real server's request threads with
 * {@code webEnvironment = RANDOM_PORT}, sees only overrides made outside any test, which are
 * JVM-wide: run such tests sequentially.
 */
public final class TestFlags {

    /** Overrides made outside any test scope: JVM-wide, and never recording evaluations. */
    private static final FlagScope GLOBAL = new FlagScope(null, false);

    /** The scope of the test running on this thread; threads a test starts inherit it. */
    private static final InheritableThreadLocal<FlagScope> CURRENT = new InheritableThreadLocal<>();

    private TestFlags() {}

    /** The running test's scope, or the JVM-wide one outside any test. */
    static FlagScope scope() {
        FlagScope scope = CURRENT.get();
        return scope == null || scope.isClosed() ? GLOBAL : scope;
    }

    /** Binds a scope to this thread; returns the one it replaces, for {@link #unbind}. */
    static @Nullable FlagScope bind(FlagScope scope) {
        FlagScope previous = CURRENT.get();
        CURRENT.set(scope);
        return previous;
    }

    static void unbind(FlagScope scope, @Nullable FlagScope previous) {
        scope.close();
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    static void record(EvaluationDetails<?> details, EvaluationContext context, Definitions definitions) {
        FlagScope scope = scope();
        if (scope != GLOBAL) {
            FlagDefinition flag = definitions.flag(details.flagKey());
            scope.record(RecordedEvaluation.of(details, context, flag != null && flag.experiment() != null));
        }
    }

    /**
     * The evaluations that {@code TestFlags}-wrapped managers answered in the current test, in
     * order; {@link FlagsAssertions} asserts on them. Each memo evaluates a flag once, so a flag read
     * ten times in one request counts once. Empty outside a test run by {@link FlagsExtension}.
     *
     * @return the evaluations
     */
    public static List<RecordedEvaluation> evaluations() {
        return scope().evaluations();
    }

    /**
     * Turns a boolean flag on: it serves the variant {@code on} with value {@code true}.
     *
     * @param key the flag key
     */
    public static void enable(String key) {
        set(requireNonNull(key, "key"), new FlagScope.Override("on", true));
    }

    /**
     * Turns a boolean flag off: it serves the variant {@code off} with value {@code false}.
     *
     * @param key the flag key
     */
    public static void disable(String key) {
        set(requireNonNull(key, "key"), new FlagScope.Override("off", false));
    }

    /**
     * Serves a variant of a flag; the value is the variant's value in the wrapped manager's
     * definitions.
     *
     * @param key the flag key
     * @param variant the variant name
     */
    public static void variant(String key, String variant) {
        set(requireNonNull(key, "key"), new FlagScope.Override(requireNonNull(variant, "variant"), null));
    }

    /**
     * Serves a value. A string value is read as the type the caller asks for ({@code "25.0"} for a
     * double, {@code "true"} for a boolean).
     *
     * @param key the flag key
     * @param value the value
     */
    public static void value(String key, Object value) {
        set(requireNonNull(key, "key"), new FlagScope.Override(null, requireNonNull(value, "value")));
    }

    /**
     * Removes the override of one flag.
     *
     * @param key the flag key
     */
    public static void clear(String key) {
        scope().remove(key);
    }

    /**
     * Removes every override of the current test (or the JVM-wide ones outside a test), and forgets
     * its problems and evaluations. {@link FlagsExtension} starts each test with a fresh scope, so
     * tests need not call this.
     */
    public static void reset() {
        scope().clear();
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
        return List.copyOf(new TreeSet<>(scope().problems()));
    }

    private static void set(String key, FlagScope.Override override) {
        // Checked when served, against the definitions of the manager serving it: a JVM can hold
        // several applications' managers, and one's flags are not another's.
        scope().put(key, override);
    }

    /** What is wrong with an override, or {@code null}; nothing is wrong where nothing is defined. */
    private static @Nullable String problem(String key, FlagScope.Override override, Definitions definitions) {
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
        FlagScope scope = scope();
        FlagScope.Override override = scope.override(key);
        if (override == null && scope != GLOBAL) {
            override = GLOBAL.override(key);
        }
        if (override == null) {
            return null;
        }
        String problem = problem(key, override, definitions);
        if (problem != null) {
            scope.problem(problem);
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
