package dev.flags.flagd;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Definitions;
import dev.flags.source.DefinitionsFormat;
import dev.flags.source.FlagSource;
import dev.flags.source.FlagSources;
import java.nio.file.Path;

/**
 * flagd's flag definition format: read it as definitions, load it as a source, write definitions
 * as flagd JSON.
 *
 * <p>Targeting that maps onto rules ({@code if} chains, {@code ==}, {@code in}, {@code and},
 * {@code or}, {@code starts_with}, {@code ends_with}, {@code fractional}) is compiled into them and
 * evaluates at the engine's speed; the rest of JSON Logic is interpreted on each evaluation with
 * flagd's semantics. See {@code docs/flagd.md}.
 */
public final class Flagd {

    /** The format, for {@link FlagSources#file(Path, DefinitionsFormat)} and the like. */
    public static final DefinitionsFormat FORMAT = FlagdReader::parse;

    private Flagd() {}

    /**
     * Reads a flagd file's bytes, checking their structure.
     *
     * @param source names the origin in error messages, for example the file name
     * @param utf8 the JSON, UTF-8
     * @return the definitions, not yet validated with those of other sources
     * @throws dev.flags.definition.DefinitionsException listing every problem with its JSON path
     */
    public static Definitions parse(String source, byte[] utf8) {
        return FlagdReader.parse(requireNonNull(source, "source"), requireNonNull(utf8, "utf8"));
    }

    /**
     * Reads and validates a flagd file's bytes.
     *
     * @param source names the origin in error messages
     * @param utf8 the JSON, UTF-8
     * @return the valid definitions
     * @throws dev.flags.definition.DefinitionsException listing every problem
     */
    public static Definitions read(String source, byte[] utf8) {
        return parse(source, utf8).requireValid(source);
    }

    /**
     * A flagd file, watched for changes like this project's own files: a valid change is applied at
     * once, an invalid one is reported and the last good definitions stay in force.
     *
     * @param file the file
     * @return the source
     */
    public static FlagSource file(Path file) {
        return FlagSources.file(file, FORMAT);
    }

    /**
     * A flagd file on the classpath, read once.
     *
     * @param resource the resource path, for example {@code flags.flagd.json}
     * @param classLoader where to look
     * @return the source
     */
    public static FlagSource classpath(String resource, ClassLoader classLoader) {
        return FlagSources.classpath(resource, classLoader, FORMAT);
    }

    /**
     * A flagd file on the classpath of the thread's context class loader (else this library's),
     * read once.
     *
     * @param resource the resource path
     * @return the source
     */
    public static FlagSource classpath(String resource) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return classpath(resource, context != null ? context : Flagd.class.getClassLoader());
    }

    /**
     * Writes definitions as a flagd flag definition file. Flags that flagd cannot express as this
     * engine evaluates them are left out and listed with the reason.
     *
     * @param definitions the definitions
     * @return the file and what was left out
     */
    public static FlagdExport write(Definitions definitions) {
        return FlagdWriter.write(requireNonNull(definitions, "definitions"));
    }
}
