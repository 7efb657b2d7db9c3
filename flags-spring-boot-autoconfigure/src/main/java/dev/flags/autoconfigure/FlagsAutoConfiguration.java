package dev.flags.autoconfigure;

import static java.util.Objects.requireNonNull;

import dev.flags.EvaluationHook;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.FlagManagerBuilder;
import dev.flags.MemoScope;
import dev.flags.admin.AuditListener;
import dev.flags.autoconfigure.admin.SecurityActorResolver;
import dev.flags.autoconfigure.store.StoreSeeding;
import dev.flags.source.FlagSource;
import dev.flags.source.FlagSources;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures a {@link FlagManager} over flags defined in {@code flags.definitions} and the
 * files in {@code flags.sources}, plus any {@link FlagSource} beans (for example a store). Hooks,
 * change listeners and the {@link MemoScope} come from beans too. Backs off when the application
 * defines its own {@link FlagManager}, and entirely with {@code flags.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(FlagManager.class)
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FlagsProperties.class)
public final class FlagsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlagManager flagManager(
            FlagsProperties properties,
            Environment environment,
            ResourceLoader resourceLoader,
            ObjectProvider<FlagSource> sourceBeans,
            ObjectProvider<MemoScope> memoScope,
            ObjectProvider<EvaluationHook> hooks,
            ObjectProvider<FlagChangeListener> listeners,
            ObjectProvider<FlagStore> store,
            ObjectProvider<AuditListener> auditListeners,
            ObjectProvider<FlagManagerCustomizer> customizers) {
        FlagManagerBuilder builder = FlagManager.builder()
                .environment(environment(properties, environment))
                .watch(properties.isWatch())
                .memoScope(memoScope.getIfAvailable(() -> MemoScope.NONE));
        FlagStore flagStore = store.getIfAvailable();
        if (flagStore != null) {
            // Files and properties seed the store; the engine evaluates the store only, since it
            // rejects a key that two sources define.
            StoreSeeding.seed(flagStore, sources(properties, resourceLoader), properties, auditListeners);
            builder.source(FlagStores.source(flagStore));
        } else {
            for (FlagSource source : sources(properties, resourceLoader)) {
                builder.source(source);
            }
        }
        sourceBeans.orderedStream().forEach(builder::source);
        hooks.orderedStream().forEach(builder::hook);
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    FlagsLoadState flagsLoadState(
            FlagManager flagManager,
            FlagsProperties properties,
            ObjectProvider<FlagSource> sourceBeans,
            ObjectProvider<FlagStore> store) {
        List<String> names = new ArrayList<>();
        FlagStore flagStore = store.getIfAvailable();
        if (flagStore != null) {
            names.add(flagStore.name());
        } else {
            if (!properties.getDefinitions().isEmpty()
                    || !properties.getSegments().isEmpty()) {
                names.add(PropertyDefinitions.SOURCE);
            }
            names.addAll(properties.getSources());
        }
        sourceBeans.orderedStream().forEach(source -> names.add(source.name()));
        return new FlagsLoadState(names, Clock.systemUTC(), true).listenTo(flagManager);
    }

    static @Nullable String environment(FlagsProperties properties, Environment environment) {
        if (properties.getEnvironment() != null) {
            return properties.getEnvironment();
        }
        String[] profiles = environment.getActiveProfiles();
        return profiles.length > 0 ? profiles[0] : null;
    }

    static List<FlagSource> sources(FlagsProperties properties, ResourceLoader resourceLoader) {
        List<FlagSource> sources = new ArrayList<>();
        if (!properties.getDefinitions().isEmpty() || !properties.getSegments().isEmpty()) {
            sources.add(FlagSources.of(
                    PropertyDefinitions.SOURCE,
                    PropertyDefinitions.read(properties.getDefinitions(), properties.getSegments())));
        }
        ClassLoader classLoader = resourceLoader.getClassLoader() != null
                ? resourceLoader.getClassLoader()
                : requireNonNull(ClassUtils.getDefaultClassLoader(), "class loader");
        for (String location : properties.getSources()) {
            if (location.startsWith("classpath:")) {
                sources.add(FlagSources.classpath(location.substring("classpath:".length()), classLoader));
            } else if (location.startsWith("file:")) {
                sources.add(FlagSources.file(Path.of(location.substring("file:".length()))));
            } else {
                sources.add(FlagSources.file(Path.of(location)));
            }
        }
        return sources;
    }

    /**
     * Sensitive flags (tagged {@code flags.admin.sensitive-tag}) are evaluated only for callers
     * holding READ in Spring Security terms; flags without the tag are never checked.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
    @ConditionalOnExpression("'${flags.admin.sensitive-tag:}' != ''")
    static class SensitiveFlagsConfiguration {

        @Bean
        FlagManagerCustomizer flagsSensitiveFlagGuard(FlagsProperties properties) {
            SecurityActorResolver actors = new SecurityActorResolver(properties.getAdmin());
            String tag = java.util.Objects.requireNonNull(properties.getAdmin().getSensitiveTag());
            return builder -> builder.guard(tag, (flag, context) -> {
                dev.flags.admin.Actor actor = actors.current();
                return actor.has(dev.flags.admin.Permission.READ) && actor.covers(flag);
            });
        }
    }
}
