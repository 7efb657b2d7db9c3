package dev.flags.flagd;

import java.util.Map;

/**
 * Definitions written as a flagd flag definition file.
 *
 * @param json the file, flagd's JSON
 * @param notWritten the flags left out, by key, each with what flagd cannot express of it
 */
public record FlagdExport(String json, Map<String, String> notWritten) {

    /** Copies the map. */
    public FlagdExport {
        notWritten = Map.copyOf(new java.util.LinkedHashMap<>(notWritten));
    }
}
