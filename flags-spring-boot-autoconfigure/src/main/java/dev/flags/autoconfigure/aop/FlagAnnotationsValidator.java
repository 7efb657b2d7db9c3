package dev.flags.autoconfigure.aop;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Checks every {@code @FeatureToggle} and {@code @Variant} of every bean once all singletons exist,
 * and fails startup listing each problem with the method it is on.
 */
final class FlagAnnotationsValidator implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beanFactory;
    private final FlagMethods methods;

    FlagAnnotationsValidator(ConfigurableListableBeanFactory beanFactory, FlagMethods methods) {
        this.beanFactory = beanFactory;
        this.methods = methods;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> problems = new ArrayList<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = beanFactory.getType(name, false);
            if (type != null && !type.getName().startsWith("org.springframework.")) {
                methods.validate(type, problems);
            }
        }
        FlagMethods.failIfAny(problems);
    }
}
