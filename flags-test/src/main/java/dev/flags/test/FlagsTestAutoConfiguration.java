package dev.flags.test;

import dev.flags.FlagManager;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Wraps the application's {@link FlagManager} beans with {@link TestFlags#wrap(FlagManager)}, so
 * that flags set in a test apply to the whole application context. Active only where this test
 * module is on the classpath.
 */
@AutoConfiguration(beforeName = "dev.flags.autoconfigure.FlagsAutoConfiguration")
@ConditionalOnClass(FlagManager.class)
public final class FlagsTestAutoConfiguration {

    @Bean
    static BeanPostProcessor testFlagsBeanPostProcessor() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof FlagManager manager ? TestFlags.wrap(manager) : bean;
            }
        };
    }
}
