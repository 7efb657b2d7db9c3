package dev.flags.autoconfigure.aop;

import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Runtime hints for the beans the aspects apply to: the aspects find a {@code @FeatureToggle}
 * fallback and the methods of a {@code @Variant} dispatch among the class's declared methods and
 * call them reflectively, so each class (and superclass) carrying either annotation, on the type
 * or on a method, gets its declared methods registered for invocation. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
final class FlagAnnotationsAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        List<Class<?>> annotated = annotatedClasses(ClassUtils.getUserClass(registeredBean.getBeanClass()));
        if (annotated.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            for (Class<?> type : annotated) {
                generationContext
                        .getRuntimeHints()
                        .reflection()
                        .registerType(type, MemberCategory.INVOKE_DECLARED_METHODS);
            }
        };
    }

    /** The class and its superclasses that carry either annotation, on the type or a declared method. */
    static List<Class<?>> annotatedClasses(Class<?> beanClass) {
        List<Class<?>> annotated = new ArrayList<>();
        for (Class<?> type = beanClass; type != null && type != Object.class; type = type.getSuperclass()) {
            if (carries(type)) {
                annotated.add(type);
            }
        }
        return annotated;
    }

    private static boolean carries(Class<?> type) {
        if (annotatedWithEither(MergedAnnotations.from(type, SearchStrategy.DIRECT))) {
            return true;
        }
        for (Method method : ReflectionUtils.getDeclaredMethods(type)) {
            if (annotatedWithEither(MergedAnnotations.from(method, SearchStrategy.DIRECT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean annotatedWithEither(MergedAnnotations annotations) {
        return annotations.isPresent(FeatureToggle.class) || annotations.isPresent(Variant.class);
    }
}
