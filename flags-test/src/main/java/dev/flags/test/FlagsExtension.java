package dev.flags.test;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Applies {@link EnableFlag}, {@link DisableFlag}, {@link FlagVariant} and {@link FlagValue} before
 * each test (those on the class and its enclosing classes first, then those on the method, which
 * win) and removes every {@link TestFlags} override after it, including those set in code. A test
 * whose overrides named a flag or a variant that the definitions lack fails with
 * {@link TestFlags#problems()}.
 */
public final class FlagsExtension implements BeforeEachCallback, AfterEachCallback {

    /** Creates the extension; JUnit does this. */
    public FlagsExtension() {}

    @Override
    public void beforeEach(ExtensionContext context) {
        TestFlags.reset();
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
    public void afterEach(ExtensionContext context) {
        List<String> problems = TestFlags.problems();
        TestFlags.reset();
        if (!problems.isEmpty()) {
            // An override of a flag or variant that does not exist served nothing: the test tested
            // something other than it says.
            throw new AssertionError(String.join("\n", problems));
        }
    }
}
