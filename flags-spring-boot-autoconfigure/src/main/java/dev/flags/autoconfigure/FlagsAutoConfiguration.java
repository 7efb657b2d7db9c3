package dev.flags.autoconfigure;

import dev.flags.EvaluationHook;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.FlagManagerBuilder;
import dev.flags.InspectableFlagManager;
import dev.flags.MemoScope;
import dev.flags.source.FlagSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configures a {@link FlagManager} over the {@link FlagsEngineSources} (by default the flags
 * defined in {@code flags.definitions} and the files in {@code flags.sources}; a store's
 * auto-configuration replaces them with the store) plus any {@link FlagSource} beans. Hooks,
 * change listeners, customizers and the {@link MemoScope} come from beans too. Backs off when the
 * application defines its own {@link FlagManager}, and entirely with {@code flags.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(FlagManager.class)
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FlagsProperties.class)
@ImportRuntimeHints(FlagsRuntimeHints.class)
public final class FlagsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlagsEngineSources flagsEngineSources(FlagsProperties properties, ResourceLoader resourceLoader) {
        return FlagsEngineSources.configured(properties, resourceLoader);
    }

    @Bean
    @ConditionalOnMissingBean(FlagManager.class)
    InspectableFlagManager flagManager(
            FlagsProperties properties,
            Environment environment,
            FlagsEngineSources engineSources,
            ObjectProvider<FlagSource> sourceBeans,
            ObjectProvider<MemoScope> memoScope,
            ObjectProvider<EvaluationHook> hooks,
            ObjectProvider<FlagChangeListener> listeners,
            ObjectProvider<FlagManagerCustomizer> customizers) {
        FlagManagerBuilder builder = FlagManager.builder()
                .environment(environment(properties, environment))
                .watch(properties.isWatch())
                .memoScope(memoScope.getIfAvailable(() -> MemoScope.NONE));
        engineSources.sources().forEach(builder::source);
        sourceBeans.orderedStream().forEach(builder::source);
        hooks.orderedStream().forEach(builder::hook);
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    FlagsLoadState flagsLoadState(
            FlagManager flagManager, FlagsEngineSources engineSources, ObjectProvider<FlagSource> sourceBeans) {
        List<String> names = new ArrayList<>(engineSources.names());
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
}
