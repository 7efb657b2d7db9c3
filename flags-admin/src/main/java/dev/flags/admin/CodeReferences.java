package dev.flags.admin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which flags the application's code references, as the typed-flags annotation processor
 * (flags-codegen) records them at build time in {@value #RESOURCE} of each jar it compiles. The
 * stale-flag report lists a flag that no such file mentions as
 * {@link StaleFlag.Reason#NOT_REFERENCED_BY_CODE}; with no file at all ({@link #unknown()}) it says
 * nothing, since nothing is known.
 *
 * @param sources the resources read, for example {@code jar:file:/app.jar!/META-INF/flags/references.tsv}
 * @param places flag key to where it is referenced ({@code dev/shop/Checkout.java:42}), sorted by key
 */
public record CodeReferences(List<String> sources, Map<String, List<String>> places) {

    /** Where flags-codegen writes the references, in each jar's class output. */
    public static final String RESOURCE = "META-INF/flags/references.tsv";

    private static final Logger log = LoggerFactory.getLogger(CodeReferences.class);

    /** Checks and copies the components. */
    public CodeReferences {
        sources = List.copyOf(sources);
        Map<String, List<String>> copy = new TreeMap<>();
        places.forEach((key, where) -> copy.put(requireNonNull(key, "key"), List.copyOf(where)));
        places = Collections.unmodifiableMap(copy);
    }

    /**
     * No references file was found: the report cannot tell referenced flags from others.
     *
     * @return references that know nothing
     */
    public static CodeReferences unknown() {
        return new CodeReferences(List.of(), Map.of());
    }

    /**
     * Reads every {@value #RESOURCE} the class loader sees. A line that is not {@code key<TAB>place}
     * is skipped with a warning naming the resource and the line; a resource that cannot be read is
     * skipped with a warning. Never throws on content.
     *
     * @param loader the application's class loader
     * @return the references; {@link #unknown()} when no resource exists
     */
    public static CodeReferences fromClassPath(ClassLoader loader) {
        requireNonNull(loader, "loader");
        List<String> sources = new ArrayList<>();
        Map<String, List<String>> places = new TreeMap<>();
        Enumeration<URL> resources;
        try {
            resources = loader.getResources(RESOURCE);
        } catch (IOException e) {
            log.warn(
                    "Cannot list {} resources; the stale-flag report leaves code references out: {}",
                    RESOURCE,
                    e.toString());
            return unknown();
        }
        while (resources.hasMoreElements()) {
            URL url = resources.nextElement();
            try (InputStream in = url.openStream()) {
                read(url.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8), places);
                sources.add(url.toString());
            } catch (IOException e) {
                log.warn("Cannot read {}; its code references are left out: {}", url, e.toString());
            }
        }
        return new CodeReferences(sources, places);
    }

    /**
     * Reads one references file's text.
     *
     * @param source names the file in warnings
     * @param text the file's content
     * @return the references of that file
     */
    public static CodeReferences parse(String source, String text) {
        Map<String, List<String>> places = new TreeMap<>();
        read(source, text, places);
        return new CodeReferences(List.of(source), places);
    }

    private static void read(String source, String text, Map<String, List<String>> places) {
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab == line.length() - 1) {
                log.warn("{} line {}: expected 'key<TAB>file:line', skipped: {}", source, i + 1, line);
                continue;
            }
            places.computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>())
                    .add(line.substring(tab + 1));
        }
    }

    /**
     * Whether any references file was read; without one nothing is known.
     *
     * @return whether references are known
     */
    public boolean known() {
        return !sources.isEmpty();
    }

    /**
     * The referenced flag keys.
     *
     * @return the keys, sorted
     */
    public Set<String> keys() {
        return places.keySet();
    }
}
