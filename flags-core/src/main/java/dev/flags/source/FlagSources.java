package dev.flags.source;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The built-in {@link FlagSource}s. */
public final class FlagSources {

    private FlagSources() {}

    /**
     * A YAML or JSON file, watched for changes: a valid change is applied at once, an invalid one is
     * reported and the last good definitions stay in force.
     *
     * @param file the file
     * @return the source
     */
    public static FlagSource file(Path file) {
        return file(file, DefinitionsFormat.NATIVE);
    }

    /**
     * A file in the given format, watched for changes like {@link #file(Path)}.
     *
     * @param file the file
     * @param format how to read it, for example flagd's format
     * @return the source
     */
    public static FlagSource file(Path file, DefinitionsFormat format) {
        return new FileFlagSource(
                requireNonNull(file, "file"), Duration.ofMillis(100), requireNonNull(format, "format"));
    }

    /**
     * A YAML or JSON resource on the classpath, read once.
     *
     * @param resource the resource path, for example {@code flags.yml}
     * @param classLoader where to look
     * @return the source
     */
    public static FlagSource classpath(String resource, ClassLoader classLoader) {
        return classpath(resource, classLoader, DefinitionsFormat.NATIVE);
    }

    /**
     * A resource on the classpath in the given format, read once.
     *
     * @param resource the resource path
     * @param classLoader where to look
     * @param format how to read it, for example flagd's format
     * @return the source
     */
    public static FlagSource classpath(String resource, ClassLoader classLoader, DefinitionsFormat format) {
        requireNonNull(resource, "resource");
        requireNonNull(classLoader, "classLoader");
        requireNonNull(format, "format");
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        return new FlagSource() {
            @Override
            public String name() {
                return path;
            }

            @Override
            public Definitions load() {
                InputStream in = classLoader.getResourceAsStream(path);
                if (in == null) {
                    throw new DefinitionsException(
                            List.of(new DefinitionError(path, "", "classpath resource not found")));
                }
                try (in) {
                    return format.parse(path, in.readAllBytes());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("Cannot read flag definitions from classpath:" + path, e);
                }
            }
        };
    }

    /**
     * A YAML or JSON resource on the classpath of this library's class loader, read once.
     *
     * @param resource the resource path
     * @return the source
     */
    public static FlagSource classpath(String resource) {
        return classpath(
                resource,
                Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader()
                        : FlagSources.class.getClassLoader());
    }

    /**
     * Fixed definitions, for example built in code.
     *
     * @param name names the source in messages
     * @param definitions the definitions
     * @return the source
     */
    public static FlagSource of(String name, Definitions definitions) {
        return new InMemoryFlagSource(name, definitions);
    }

    /**
     * Definitions held in memory that can be replaced at run time, for tests and programmatic
     * control.
     *
     * @param name names the source in messages
     * @param initial the first definitions
     * @return the source
     */
    public static InMemoryFlagSource inMemory(String name, Definitions initial) {
        return new InMemoryFlagSource(name, initial);
    }
}
