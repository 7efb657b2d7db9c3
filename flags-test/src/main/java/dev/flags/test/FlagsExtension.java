package dev.flags.test;

import dev.flags.TypedVariant;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives each test its own {@link TestFlags} overrides and evaluations, bound to the test's thread:
 * tests and test classes running in parallel never see each other's overrides. Before each test
 * it applies {@link EnableFlag}, {@link DisableFlag}, {@link FlagVariant} and {@link FlagValue}
 * (those on the class and its enclosing classes first, then those on the method, which win);
 * overrides set in {@code @BeforeAll} apply to every test of the class; for a test run by
 * {@link FlagVariantsSource}, each invocation serves its variant. After each test the overrides are
 * gone, and a test whose overrides named a flag or a variant that the definitions lack fails with
 * {@link TestFlags#problems()}.
 */
public final class FlagsExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, InvocationInterceptor {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FlagsExtension.class);

    /** Creates the extension; JUnit does this. */
    public FlagsExtension() {}

    /** A scope bound to a thread, and what was bound before it. */
    private record Binding(FlagScope scope, @Nullable FlagScope previous) {}

    @Override
    public void beforeAll(ExtensionContext context) {
        FlagScope outer = scopeOf(context);
        FlagScope scope = new FlagScope(outer, false);
        context.getStore(NAMESPACE).put("class", new Binding(scope, TestFlags.bind(scope)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Binding binding = context.getStore(NAMESPACE).remove("class", Binding.class);
        if (binding != null) {
            TestFlags.unbind(binding.scope(), binding.previous());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        FlagScope scope = new FlagScope(scopeOf(context), true);
        context.getStore(NAMESPACE).put("test", new Binding(scope, TestFlags.bind(scope)));
        List<AnnotatedElement> elements = new ArrayList<>();
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            elements.add(0, type);
        }
        context.getTestMethod().ifPresent(elements::add);
        for (AnnotatedElement element : elements) {
            for (EnableFlag flag : AnnotationSupport.findRepeatableAnnotations(element, EnableFlag.class)) {
                TestFlags.enable(flag.value());
            }
            for (DisableFlag flag : AnnotationSupport.findRepeatableAnnotations(element, DisableFlag.class)) {
                TestFlags.disable(flag.value());
            }
            for (FlagVariant flag : AnnotationSupport.findRepeatableAnnotations(element, FlagVariant.class)) {
                TestFlags.variant(flag.flag(), flag.variant());
            }
            for (FlagValue flag : AnnotationSupport.findRepeatableAnnotations(element, FlagValue.class)) {
                TestFlags.value(flag.flag(), flag.value());
            }
        }
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        FlagVariantsSource source = invocationContext.getExecutable().getAnnotation(FlagVariantsSource.class);
        List<Object> arguments = invocationContext.getArguments();
        if (source != null && !arguments.isEmpty()) {
            Object variant = arguments.get(0);
            TestFlags.variant(
                    source.value(),
                    variant instanceof TypedVariant typed ? typed.variantName() : String.valueOf(variant));
        }
        invocation.proceed();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> problems = TestFlags.problems();
        Binding binding = context.getStore(NAMESPACE).remove("test", Binding.class);
        if (binding != null) {
            TestFlags.unbind(binding.scope(), binding.previous());
        }
        verify(problems);
    }

    /** Fails with the problems, one a line: an override of a flag or variant that does not exist served nothing. */
    static void verify(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    /** The innermost enclosing class scope, or {@code null}. */
    private static @Nullable FlagScope scopeOf(ExtensionContext context) {
        Binding binding = context.getStore(NAMESPACE).get("class", Binding.class);
        return binding == null ? null : binding.scope();
    }
}
