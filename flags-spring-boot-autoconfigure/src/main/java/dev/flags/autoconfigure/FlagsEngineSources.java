package dev.flags.autoconfigure;

import static java.util.Objects.requireNonNull;

import dev.flags.FlagManager;
import dev.flags.flagd.Flagd;
import dev.flags.source.DefinitionsFormat;
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
     * {@code flags.sources} (locations with {@code classpath:}, {@code file:} or no prefix; flagd's
     * format, with flags-flagd present, for locations prefixed {@code flagd:} or ending in
     * {@code .flagd.json}).
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
        List<String> locations = properties.getSources();
        for (int i = 0; i < locations.size(); i++) {
            String location = locations.get(i);
            sources.add(source(location, "flags.sources[" + i + "]", classLoader));
            names.add(location);
        }
        return new FlagsEngineSources(sources, names);
    }

    /**
     * One location: {@code classpath:}, {@code file:} or a path, in this project's format, or in
     * flagd's when it starts with {@code flagd:} or ends with {@code .flagd.json}.
     */
    private static FlagSource source(String location, String property, ClassLoader classLoader) {
        boolean flagd = location.startsWith(FLAGD_PREFIX) || location.endsWith(".flagd.json");
        String path = location.startsWith(FLAGD_PREFIX) ? location.substring(FLAGD_PREFIX.length()) : location;
        DefinitionsFormat format = DefinitionsFormat.NATIVE;
        if (flagd) {
            if (!ClassUtils.isPresent("dev.flags.flagd.Flagd", classLoader)) {
                throw new IllegalStateException(property + " '" + location
                        + "' is a flagd flag definition file: add dev.flags:flags-flagd to the application's"
                        + " dependencies to read it");
            }
            format = FlagdFormat.get();
        }
        if (path.startsWith("classpath:")) {
            return FlagSources.classpath(path.substring("classpath:".length()), classLoader, format);
        }
        return FlagSources.file(Path.of(path.startsWith("file:") ? path.substring("file:".length()) : path), format);
    }

    /**
     * The class-path resources that these locations read, as resource paths without a leading
     * slash, for the runtime hints of an AOT build; files on disk need none.
     */
    static List<String> classpathResources(List<String> locations) {
        List<String> resources = new ArrayList<>();
        for (String location : locations) {
            String path = location.startsWith(FLAGD_PREFIX) ? location.substring(FLAGD_PREFIX.length()) : location;
            if (path.startsWith("classpath:")) {
                String resource = path.substring("classpath:".length());
                resources.add(resource.startsWith("/") ? resource.substring(1) : resource);
            }
        }
        return resources;
    }

    private static final String FLAGD_PREFIX = "flagd:";

    /** Touches flags-flagd only once it is known to be present. */
    private static final class FlagdFormat {
        static DefinitionsFormat get() {
            return Flagd.FORMAT;
        }
    }
}
