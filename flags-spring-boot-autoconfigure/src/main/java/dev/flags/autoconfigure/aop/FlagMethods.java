package dev.flags.autoconfigure.aop;

import dev.flags.InspectableFlagManager;
import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import dev.flags.autoconfigure.FlagsProperties.UnknownFlagPolicy;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves {@link FeatureToggle} and {@link Variant} on methods once per {@link Method}, checks them
 * against the flags, and caches the result for the aspects.
 */
final class FlagMethods {

    private static final String OPEN_FEATURE_FLAG_MANAGER = "dev.flags.openfeature.OpenFeatureFlagManager";

    private static final Logger log = LoggerFactory.getLogger(FlagMethods.class);

    /** No annotation applies to the method. */
    static final Toggle NO_TOGGLE = new Toggle("", null, Returns.PLAIN);

    static final Dispatch NO_DISPATCH = new Dispatch("", Map.of(), Returns.PLAIN);

    private final Supplier<InspectableFlagManager> flagManagerSupplier;
    private volatile @Nullable InspectableFlagManager flagManager;
    private final UnknownFlagPolicy unknownFlags;
    private final Map<Method, Toggle> toggles = new ConcurrentHashMap<>();
    private final Map<Method, Dispatch> dispatches = new ConcurrentHashMap<>();

    /**
     * Creates the registry.
     *
     * @param flagManager looked up on first use: advisors are created before most beans
     * @param unknownFlags what to do about annotations naming undefined flags
     */
    FlagMethods(Supplier<InspectableFlagManager> flagManager, UnknownFlagPolicy unknownFlags) {
        this.flagManagerSupplier = flagManager;
        this.unknownFlags = unknownFlags;
    }

    InspectableFlagManager flagManager() {
        InspectableFlagManager manager = flagManager;
        if (manager == null) {
            manager = flagManagerSupplier.get();
            flagManager = manager;
        }
        return manager;
    }

    /**
     * What {@code @FeatureToggle} means for a method.
     *
     * @param flag the flag key
     * @param fallback the fallback method, accessible, or {@code null}
     * @param returns what the method returns: decides when the flag is evaluated
     */
    record Toggle(String flag, @Nullable Method fallback, Returns returns) {}

    /**
     * What {@code @Variant} means for a control method.
     *
     * @param flag the flag key
     * @param variants variant name to the method implementing it, accessible
     * @param returns what the method returns: decides when the flag is evaluated
     */
    record Dispatch(String flag, Map<String, Method> variants, Returns returns) {}

    /** What an annotated method returns, as far as the aspects care. */
    enum Returns {
        /** Anything else: the flag is evaluated when the method is called. */
        PLAIN,
        /** A {@code CompletionStage}: a disabled feature fails the stage instead of throwing. */
        ASYNC,
        /** A Reactor {@code Mono}: the flag is evaluated when it is subscribed to. */
        MONO,
        /** A Reactor {@code Flux}: the flag is evaluated when it is subscribed to. */
        FLUX;

        private static final boolean REACTOR =
                ClassUtils.isPresent("reactor.core.publisher.Mono", FlagMethods.class.getClassLoader());

        static Returns of(Method method) {
            Class<?> type = method.getReturnType();
            if (CompletionStage.class.isAssignableFrom(type)) {
                return ASYNC;
            }
            if (REACTOR) {
                // By name: Reactor is optional, and naming its classes would fail applications without it.
                if (type.getName().equals("reactor.core.publisher.Mono")) {
                    return MONO;
                }
                if (type.getName().equals("reactor.core.publisher.Flux")) {
                    return FLUX;
                }
            }
            return PLAIN;
        }
    }

    Toggle toggle(Method method) {
        Toggle toggle = toggles.get(method);
        if (toggle == null) {
            List<String> problems = new ArrayList<>();
            toggle = resolveToggle(method, problems);
            fail(problems);
            toggles.put(method, toggle);
        }
        return toggle;
    }

    Dispatch dispatch(Method method) {
        Dispatch dispatch = dispatches.get(method);
        if (dispatch == null) {
            List<String> problems = new ArrayList<>();
            dispatch = resolveDispatch(method, problems);
            fail(problems);
            dispatches.put(method, dispatch);
        }
        return dispatch;
    }

    /**
     * Checks every annotated method of a class and caches what they mean.
     *
     * @param type a bean's class
     * @param problems where to add what is wrong, each naming the method
     */
    void validate(Class<?> type, List<String> problems) {
        Class<?> userClass = ClassUtils.getUserClass(type);
        boolean classToggle = AnnotatedElementUtils.hasAnnotation(userClass, FeatureToggle.class);
        for (Method method :
                ReflectionUtils.getUniqueDeclaredMethods(userClass, ReflectionUtils.USER_DECLARED_METHODS)) {
            if (classToggle || AnnotatedElementUtils.hasAnnotation(method, FeatureToggle.class)) {
                toggles.computeIfAbsent(method, m -> resolveToggle(m, problems));
            }
            Variant variant = AnnotatedElementUtils.findMergedAnnotation(method, Variant.class);
            if (variant != null) {
                if (variant.variant().isEmpty()) {
                    dispatches.computeIfAbsent(method, m -> resolveDispatch(m, problems));
                } else {
                    checkVariantMethod(method, variant, problems);
                }
            }
            for (Parameter parameter : method.getParameters()) {
                Variant onParameter = parameter.getAnnotation(Variant.class);
                if (onParameter != null) {
                    flag(onParameter.value(), null, method, problems);
                }
            }
        }
    }

    private Toggle resolveToggle(Method method, List<String> problems) {
        if (ReflectionUtils.isObjectMethod(method)) {
            return NO_TOGGLE; // equals, hashCode, toString: never behind a flag
        }
        FeatureToggle annotation = AnnotatedElementUtils.findMergedAnnotation(method, FeatureToggle.class);
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), FeatureToggle.class);
            if (annotation == null
                    || !Modifier.isPublic(method.getModifiers())
                    || method.getName().equals(annotation.fallback())) {
                return NO_TOGGLE; // class level applies to public methods, never to its own fallback
            }
        }
        flag(annotation.value(), FlagType.BOOLEAN, method, problems);
        Method fallback = null;
        if (!annotation.fallback().isEmpty()) {
            fallback = sibling(method, annotation.fallback());
            if (fallback == null) {
                List<String> namesakes = namesakes(method.getDeclaringClass(), annotation.fallback());
                problems.add(describe(method) + ": @FeatureToggle fallback '" + annotation.fallback() + "' "
                        + (namesakes.isEmpty()
                                ? "not found"
                                : "has other parameters (" + String.join(", ", namesakes) + ")")
                        + "; it must be a method of the same class taking " + parameters(method));
            } else if (!compatible(method, fallback)) {
                problems.add(describe(method) + ": @FeatureToggle fallback " + describe(fallback)
                        + " returns " + fallback.getReturnType().getName() + ", which is not assignable to "
                        + method.getReturnType().getName());
                fallback = null;
            } else {
                ReflectionUtils.makeAccessible(fallback);
            }
        }
        return new Toggle(annotation.value(), fallback, Returns.of(method));
    }

    private Dispatch resolveDispatch(Method method, List<String> problems) {
        Variant control = AnnotatedElementUtils.findMergedAnnotation(method, Variant.class);
        if (control == null || !control.variant().isEmpty()) {
            return NO_DISPATCH;
        }
        FlagDefinition flag = flag(control.value(), null, method, problems);
        Map<String, Method> variants = new LinkedHashMap<>();
        for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(
                method.getDeclaringClass(), ReflectionUtils.USER_DECLARED_METHODS)) {
            Variant annotation = AnnotatedElementUtils.findMergedAnnotation(candidate, Variant.class);
            if (annotation == null
                    || annotation.variant().isEmpty()
                    || !annotation.value().equals(control.value())
                    || !Arrays.equals(candidate.getParameterTypes(), method.getParameterTypes())) {
                continue;
            }
            if (!compatible(method, candidate)) {
                problems.add(describe(candidate) + ": @Variant method for '" + annotation.variant()
                        + "' returns " + candidate.getReturnType().getName()
                        + ", which is not assignable to the control's "
                        + method.getReturnType().getName());
                continue;
            }
            Method previous = variants.put(annotation.variant(), candidate);
            if (previous != null) {
                problems.add(describe(candidate) + ": variant '" + annotation.variant() + "' of flag '"
                        + control.value() + "' is also implemented by " + describe(previous));
            }
            if (flag != null && !flag.variants().containsKey(annotation.variant())) {
                problems.add(
                        describe(candidate) + ": flag '" + control.value() + "' has no variant '" + annotation.variant()
                                + "' (variants: " + flag.variants().keySet() + ")");
            }
            ReflectionUtils.makeAccessible(candidate);
        }
        return new Dispatch(control.value(), Map.copyOf(variants), Returns.of(method));
    }

    private void checkVariantMethod(Method method, Variant annotation, List<String> problems) {
        FlagDefinition flag = flag(annotation.value(), null, method, problems);
        if (flag != null && !flag.variants().containsKey(annotation.variant())) {
            problems.add(describe(method) + ": flag '" + annotation.value() + "' has no variant '"
                    + annotation.variant() + "' (variants: " + flag.variants().keySet() + ")");
        }
        boolean hasControl = false;
        for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(
                method.getDeclaringClass(), ReflectionUtils.USER_DECLARED_METHODS)) {
            Variant other = AnnotatedElementUtils.findMergedAnnotation(candidate, Variant.class);
            if (other != null
                    && other.variant().isEmpty()
                    && other.value().equals(annotation.value())
                    && Arrays.equals(candidate.getParameterTypes(), method.getParameterTypes())) {
                hasControl = true;
            }
        }
        if (!hasControl) {
            problems.add(describe(method) + ": no control method annotated @Variant(\"" + annotation.value()
                    + "\") with parameters " + Arrays.toString(method.getParameterTypes())
                    + " in the same class");
        }
    }

    /** The method an intercepted call runs: the target class's own, where it overrides the proxied one. */
    static Method invoked(MethodInvocation invocation) {
        Object target = invocation.getThis();
        return target == null
                ? invocation.getMethod()
                : AopUtils.getMostSpecificMethod(invocation.getMethod(), AopUtils.getTargetClass(target));
    }

    /**
     * Whether the manager runs over an application's OpenFeature provider. By name: flags-openfeature
     * is optional, and naming its class here would fail every application without it.
     */
    static boolean overOpenFeature(InspectableFlagManager manager) {
        return manager.getClass().getName().equals(OPEN_FEATURE_FLAG_MANAGER); // a final class
    }

    private @Nullable FlagDefinition flag(String key, @Nullable FlagType type, Method method, List<String> problems) {
        InspectableFlagManager manager = flagManager();
        if (overOpenFeature(manager)) {
            return null; // an OpenFeature provider cannot list its flags: nothing to check against
        }
        FlagDefinition flag = manager.definitions().flag(key);
        if (flag == null) {
            String problem = describe(method) + ": flag '" + key + "' is not defined";
            if (unknownFlags == UnknownFlagPolicy.FAIL) {
                problems.add(problem + " (set flags.unknown-flags=warn to allow it)");
            } else {
                log.warn("{}; it evaluates as off until it is defined", problem);
            }
            return null;
        }
        if (type != null && flag.type() != type) {
            problems.add(describe(method) + ": flag '" + key + "' is of type "
                    + flag.type().id() + ", not " + type.id());
        }
        return flag;
    }

    /** The methods of that name, described, for a fallback that exists with other parameters. */
    private static List<String> namesakes(Class<?> type, String name) {
        List<String> found = new ArrayList<>();
        ReflectionUtils.doWithMethods(
                type, m -> found.add(describe(m)), m -> m.getName().equals(name) && !m.isBridge());
        return found;
    }

    private static String parameters(Method method) {
        String described = describe(method);
        return described.substring(described.lastIndexOf('('));
    }

    private static @Nullable Method sibling(Method method, String name) {
        return ReflectionUtils.findMethod(method.getDeclaringClass(), name, method.getParameterTypes());
    }

    private static boolean compatible(Method method, Method other) {
        if (method.getReturnType() == void.class) {
            return other.getReturnType() == void.class;
        }
        return ClassUtils.isAssignable(method.getReturnType(), other.getReturnType());
    }

    static String describe(Method method) {
        StringBuilder parameters = new StringBuilder();
        for (Class<?> type : method.getParameterTypes()) {
            if (parameters.length() > 0) {
                parameters.append(", ");
            }
            parameters.append(type.getSimpleName());
        }
        return method.getDeclaringClass().getName() + "." + method.getName() + "(" + parameters + ")";
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidFlagAnnotationsException(List.copyOf(new java.util.LinkedHashSet<>(problems)));
        }
    }

    static void failIfAny(List<String> problems) {
        fail(problems);
    }
}
