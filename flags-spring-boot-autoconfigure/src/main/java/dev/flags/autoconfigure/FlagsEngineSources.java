package dev.flags.autoconfigure;

import static java.util.Objects.requireNonNull;

import dev.flags.FlagManager;
import dev.flags.source.FlagSource;
import dev.flags.source.FlagSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * What the auto-configured {@link FlagManager} reads besides the application's {@link FlagSource}
 * beans, with the names the {@code flags} health indicator shows for it. By default these are the
 * definitions of {@code flags.definitions}, {@code flags.segments} and the files of
 * {@code flags.sources}; with a flag store, the store that is seeded from them (the engine rejects
 * a key that two sources define, so it reads the store only). A bean of this type replaces the
 * default.
 *
 * @param sources the sources, in order
 * @param names what the health indicator lists for them
 */
public record FlagsEngineSources(List<FlagSource> sources, List<String> names) {

    /**
     * Copies the lists.
     *
     * @param sources the sources, in order
     * @param names what the health indicator lists for them
     */
    public FlagsEngineSources {
        sources = List.copyOf(requireNonNull(sources, "sources"));
        names = List.copyOf(requireNonNull(names, "names"));
    }

    /**
     * The definitions configured in {@code flags.definitions}, {@code flags.segments} and
     * {@code flags.sources} (locations with {@code classpath:}, {@code file:} or no prefix).
     *
     * @param properties the bound properties
     * @param resourceLoader where {@code classpath:} locations are read
     * @return the sources, named after the properties and the configured locations
     */
    public static FlagsEngineSources configured(FlagsProperties properties, ResourceLoader resourceLoader) {
        List<FlagSource> sources = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (!properties.getDefinitions().isEmpty() || !properties.getSegments().isEmpty()) {
            sources.add(FlagSources.of(
                    PropertyDefinitions.SOURCE,
                    PropertyDefinitions.read(properties.getDefinitions(), properties.getSegments())));
            names.add(PropertyDefinitions.SOURCE);
        }
        ClassLoader loaderOfResources = resourceLoader.getClassLoader();
        ClassLoader classLoader = loaderOfResources != null
                ? loaderOfResources
                : requireNonNull(ClassUtils.getDefaultClassLoader(), "class loader");
        for (String location : properties.getSources()) {
            if (location.startsWith("classpath:")) {
                sources.add(FlagSources.classpath(location.substring("classpath:".length()), classLoader));
            } else if (location.startsWith("file:")) {
                sources.add(FlagSources.file(Path.of(location.substring("file:".length()))));
            } else {
                sources.add(FlagSources.file(Path.of(location)));
            }
            names.add(location);
        }
        return new FlagsEngineSources(sources, names);
    }
}
