package dev.flags.source;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;

/**
 * Turns the bytes of a definitions file into definitions: this project's YAML and JSON
 * ({@link #NATIVE}), or another format such as flagd's, which the file and classpath sources of
 * {@link FlagSources} then read and watch the same way.
 */
@FunctionalInterface
public interface DefinitionsFormat {

    /** This project's YAML or JSON definitions ({@link DefinitionsReader#parse(String, byte[])}). */
    DefinitionsFormat NATIVE = DefinitionsReader::parse;

    /**
     * Reads definitions, checking their structure; the engine validates their meaning across all
     * sources.
     *
     * @param source names the origin in error messages, for example a file name
     * @param utf8 the document's bytes
     * @return the definitions, not yet validated
     * @throws dev.flags.definition.DefinitionsException listing every structural problem
     */
    Definitions parse(String source, byte[] utf8);
}
