package dev.flags.autoconfigure.aop;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsProperties.UnknownFlagPolicy;
import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Applies {@link FeatureToggle} and {@link Variant} to beans through Spring AOP advisors, and
 * checks every annotated method at startup.
 *
 * <p>The advisors run at {@code flags.aspects.order} (default 0): before {@code @Transactional}
 * and retry advice, which run at lower precedence, so a disabled feature opens no transaction and
 * consumes no retry.
 *
 * <p>Registers Spring's infrastructure auto-proxy creator when nothing else did (for example in a
 * {@code @WebMvcTest} slice, which leaves out {@code AopAutoConfiguration}); with AspectJ present,
 * Boot's AspectJ-aware creator takes over as usual.
 */
@AutoConfiguration(after = {FlagsAutoConfiguration.class, AopAutoConfiguration.class})
@ConditionalOnClass({Advisor.class, FlagManager.class})
@ConditionalOnBean(FlagManager.class)
@ConditionalOnBooleanProperty(name = "flags.aspects.enabled", matchIfMissing = true)
@Import(FlagsAspectsAutoConfiguration.AutoProxyRegistrar.class)
public final class FlagsAspectsAutoConfiguration {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static FlagMethods flagMethods(ObjectProvider<InspectableFlagManager> flagManager, Environment environment) {
        // Read from the environment: advisors are created before @ConfigurationProperties are bound.
        UnknownFlagPolicy policy = Binder.get(environment)
                .bind("flags.unknown-flags", UnknownFlagPolicy.class)
                .orElse(UnknownFlagPolicy.FAIL);
        return new FlagMethods(flagManager::getObject, policy);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor featureToggleAdvisor(FlagMethods flagMethods, Environment environment) {
        Pointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(FeatureToggle.class, true))
                .union(new AnnotationMatchingPointcut(null, FeatureToggle.class, true));
        DefaultPointcutAdvisor advisor =
                new DefaultPointcutAdvisor(pointcut, new FeatureToggleInterceptor(flagMethods));
        advisor.setOrder(environment.getProperty("flags.aspects.order", Integer.class, 0));
        return advisor;
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor variantAdvisor(FlagMethods flagMethods, Environment environment) {
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                new AnnotationMatchingPointcut(null, Variant.class, true), new VariantInterceptor(flagMethods));
        advisor.setOrder(environment.getProperty("flags.aspects.order", Integer.class, 0));
        return advisor;
    }

    @Bean
    static FlagAnnotationsValidator flagAnnotationsValidator(
            ConfigurableListableBeanFactory beanFactory, FlagMethods flagMethods) {
        return new FlagAnnotationsValidator(beanFactory, flagMethods);
    }

    /** Makes sure some auto-proxy creator applies the advisors, with class proxies unless turned off. */
    static final class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

        private Environment environment = new StandardEnvironment();

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
            if (environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true)) {
                AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
            }
        }
    }
}
