package dev.flags.autoconfigure;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Runtime hints for the definition files an application reads from the class path: at AOT build
 * time, every {@code classpath:} location in {@code flags.sources} (flagd's included) becomes a
 * resource hint, so that a native image carries the file. Registered in
 * {@code META-INF/spring/aot.factories}; a location only known at run time (a profile or an
 * environment variable set then) needs the application's own hint, and a {@code file:} location
 * none.
 */
final class DefinitionFilesAotProcessor implements BeanFactoryInitializationAotProcessor {

    @Override
    public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
            ConfigurableListableBeanFactory beanFactory) {
        if (!beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
            return null;
        }
        Environment environment =
                beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME, Environment.class);
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return null;
        }
        List<String> locations = Binder.get(configurable)
                .bind("flags.sources", Bindable.listOf(String.class))
                .orElse(List.of());
        List<String> resources = FlagsEngineSources.classpathResources(locations);
        if (resources.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            for (String resource : resources) {
                generationContext.getRuntimeHints().resources().registerPattern(resource);
            }
        };
    }
}
