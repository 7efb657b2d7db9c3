package dev.flags.test;

import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/** The definitions of a Spring test's application context; loaded only where spring-test is. */
final class SpringDefinitions {

    private SpringDefinitions() {}

    static boolean isPresent() {
        try {
            Class.forName(
                    "org.springframework.test.context.junit.jupiter.SpringExtension",
                    false,
                    SpringDefinitions.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** Whether the class, or one enclosing it, runs with the SpringExtension (as {@code @SpringBootTest} does). */
    private static boolean springTest(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            for (ExtendWith extensions : AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)) {
                if (Arrays.asList(extensions.value()).contains(SpringExtension.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The context's flag definitions, or {@code null} when the test is no Spring test or has no manager. */
    static @Nullable Definitions of(ExtensionContext context) {
        if (!springTest(context.getRequiredTestClass())) {
            return null;
        }
        ApplicationContext application;
        try {
            application = SpringExtension.getApplicationContext(context);
        } catch (IllegalStateException notSpring) {
            return null;
        }
        InspectableFlagManager manager =
                application.getBeanProvider(InspectableFlagManager.class).getIfAvailable();
        return manager == null ? null : manager.definitions();
    }
}
