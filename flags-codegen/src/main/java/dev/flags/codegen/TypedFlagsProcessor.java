package dev.flags.codegen;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.flags.annotation.TypedFlags;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.DefinitionsReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.jspecify.annotations.Nullable;

/**
 * The typed-flags annotation processor. For each {@link TypedFlags} it reads the definitions file
 * with the engine's reader and generates the class of typed keys into the generated sources; where
 * that class is committed to the sources instead, it checks that the committed text is what it
 * would generate and fails the build when it is not. Every problem is a compile error naming the
 * file and the flag.
 *
 * <p>It also records which flags the compiled code references: keys passed as constants to
 * {@code FlagManager} and {@code FlagMemo} methods, keys of {@code @FeatureToggle} and
 * {@code @Variant}, and the typed keys of the classes it generates. The references go to
 * {@value #REFERENCES} in the class output, one {@code key<TAB>file:line} a line, which the admin's
 * stale-flag report reads at run time; flags of a generated class that nothing references, and no
 * flag requires as a prerequisite, are listed in a compiler note.
 *
 * <p>Options ({@code -Aname=value}): {@code flags.resources}, directories to look for definitions
 * files in before the class path (for Gradle, whose resources are not on the compile class path);
 * {@code flags.references=false} turns reference recording off.
 */
public final class TypedFlagsProcessor extends AbstractProcessor {

    /** Where the references are written, in the class output. */
    public static final String REFERENCES = "META-INF/flags/references.tsv";

    static final String RESOURCES_OPTION = "flags.resources";
    static final String REFERENCES_OPTION = "flags.references";

    /** Generated class name to (constant name to flag key), for the reference scanner. */
    private final Map<String, Map<String, String>> generated = new HashMap<>();

    /** Generated class name to the definitions file it came from. */
    private final Map<String, String> generatedFrom = new HashMap<>();

    /** Flags that other flags of a generated class's file require: referenced by the definitions. */
    private final Set<String> prerequisites = new TreeSet<>();

    /** Flag key to where it is referenced, sorted for a stable file. */
    private final Map<String, Set<String>> references = new TreeMap<>();

    private @Nullable Trees trees;
    private @Nullable FileObject referencesFile;
    private boolean recordReferences;

    /** Creates the processor; javac does this. */
    public TypedFlagsProcessor() {}

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        // Every compilation, not only those with @TypedFlags: references are recorded everywhere.
        return Set.of("*");
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(RESOURCES_OPTION, REFERENCES_OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        recordReferences = !"false".equals(environment.getOptions().get(REFERENCES_OPTION));
        if (!recordReferences) {
            return;
        }
        try {
            JavacTask task = JavacTask.instance(environment);
            trees = Trees.instance(environment);
            task.addTaskListener(new References());
        } catch (IllegalArgumentException | IllegalStateException notJavac) {
            // Another compiler (Eclipse's): typed keys are generated, references are not recorded.
            environment
                    .getMessager()
                    .printMessage(
                            Diagnostic.Kind.NOTE,
                            "flags-codegen: this compiler offers no javac task; flag references are not recorded");
            recordReferences = false;
        }
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            if (recordReferences && referencesFile == null) {
                try {
                    referencesFile =
                            processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", REFERENCES);
                } catch (IOException e) {
                    processingEnv
                            .getMessager()
                            .printMessage(
                                    Diagnostic.Kind.ERROR, "flags-codegen: cannot create " + REFERENCES + ": " + e);
                }
            }
            return false;
        }
        for (Element element : round.getElementsAnnotatedWith(TypedFlags.class)) {
            TypedFlags typed = element.getAnnotation(TypedFlags.class);
            if (typed != null) {
                generate(element, typed);
            }
        }
        return false;
    }

    private void generate(Element element, TypedFlags typed) {
        Messager messager = processingEnv.getMessager();
        String file = typed.definitions();
        String packageName = packageOf(element);
        String className = typed.className();
        if (!JavaNames.isDeclarable(className)) {
            messager.printMessage(
                    Diagnostic.Kind.ERROR,
                    "@TypedFlags(className = \"" + className + "\"): not a Java class name",
                    element);
            return;
        }
        String qualified = packageName.isEmpty() ? className : packageName + "." + className;
        if (generated.containsKey(qualified)) {
            return;
        }
        byte[] bytes = read(file);
        if (bytes == null) {
            messager.printMessage(
                    Diagnostic.Kind.ERROR,
                    file + ": definitions file not found on the class path" + searched()
                            + " (@TypedFlags(definitions = \"" + file + "\"))",
                    element);
            return;
        }
        Definitions definitions;
        try {
            definitions = DefinitionsReader.parse(file, bytes).requireValid(file);
        } catch (DefinitionsException invalid) {
            for (var error : invalid.errors()) {
                messager.printMessage(
                        Diagnostic.Kind.ERROR, error.withSource(file).toString(), element);
            }
            return;
        }
        TypedFlagsGenerator.Result result = TypedFlagsGenerator.generate(packageName, className, file, definitions);
        String source = result.source();
        if (source == null) {
            for (String error : result.errors()) {
                messager.printMessage(Diagnostic.Kind.ERROR, error, element);
            }
            return;
        }
        generated.put(qualified, result.keys());
        generatedFrom.put(qualified, file);
        for (var flag : definitions.flags()) {
            for (var prerequisite : flag.prerequisites()) {
                prerequisites.add(prerequisite.flag());
            }
        }
        Filer filer = processingEnv.getFiler();
        TypeElement existing = processingEnv.getElementUtils().getTypeElement(qualified);
        CharSequence committed = existing == null ? null : committedText(existing, filer, packageName, className);
        if (committed != null) {
            check(element, file, qualified, className, committed.toString(), source);
            return;
        }
        try {
            JavaFileObject output = filer.createSourceFile(qualified, element);
            try (Writer writer = output.openWriter()) {
                writer.write(source);
            }
        } catch (IOException e) {
            messager.printMessage(Diagnostic.Kind.ERROR, "cannot write " + qualified + ": " + e, element);
        }
    }

    /**
     * The text of a class committed to the sources, or {@code null} when the existing class is the
     * one this processor generated in an earlier build (in the generated-sources directory).
     */
    private @Nullable CharSequence committedText(TypeElement existing, Filer filer, String packageName, String name) {
        Trees sourceTrees = trees != null ? trees : treesOrNull();
        TreePath path = sourceTrees == null ? null : sourceTrees.getPath(existing);
        if (path == null) {
            return null; // from a class file, not a source
        }
        JavaFileObject sourceFile = path.getCompilationUnit().getSourceFile();
        try {
            URI ours = filer.getResource(StandardLocation.SOURCE_OUTPUT, packageName, name + ".java")
                    .toUri();
            if (ours.normalize().equals(sourceFile.toUri().normalize())) {
                return null;
            }
        } catch (IOException | IllegalArgumentException noSourceOutput) {
            // No generated-sources directory: whatever exists is committed.
        }
        try {
            return sourceFile.getCharContent(true);
        } catch (IOException e) {
            return null;
        }
    }

    private @Nullable Trees treesOrNull() {
        try {
            return Trees.instance(processingEnv);
        } catch (IllegalArgumentException notJavac) {
            return null;
        }
    }

    /** The stale check: a committed class must be exactly what the definitions generate. */
    private void check(
            Element element, String file, String qualified, String className, String committed, String expected) {
        String actual = committed.replace("\r\n", "\n");
        if (actual.equals(expected)) {
            return;
        }
        String[] actualLines = actual.split("\n", -1);
        String[] expectedLines = expected.split("\n", -1);
        int line = 0;
        while (line < actualLines.length
                && line < expectedLines.length
                && actualLines[line].equals(expectedLines[line])) {
            line++;
        }
        String where = "";
        try {
            FileObject fresh = processingEnv
                    .getFiler()
                    .createResource(StandardLocation.SOURCE_OUTPUT, packageOf(element), className + ".java.generated");
            try (Writer writer = fresh.openWriter()) {
                writer.write(expected);
            }
            where = "; the up-to-date text is in " + fresh.toUri().getPath();
        } catch (IOException | IllegalArgumentException e) {
            where = "";
        }
        processingEnv
                .getMessager()
                .printMessage(
                        Diagnostic.Kind.ERROR,
                        file + ": " + qualified + " is stale: it no longer matches the definitions (line " + (line + 1)
                                + " is " + quoted(actualLines, line) + ", expected " + quoted(expectedLines, line)
                                + ")" + where,
                        element);
    }

    private static String quoted(String[] lines, int line) {
        return line < lines.length ? "'" + lines[line].strip() + "'" : "the end of the file";
    }

    private String searched() {
        String dirs = processingEnv.getOptions().get(RESOURCES_OPTION);
        return dirs == null || dirs.isBlank() ? "" : " or in " + RESOURCES_OPTION + " (" + dirs + ")";
    }

    private byte @Nullable [] read(String file) {
        String dirs = processingEnv.getOptions().get(RESOURCES_OPTION);
        if (dirs != null && !dirs.isBlank()) {
            for (String dir : dirs.split("[,;" + File.pathSeparator + "]")) {
                Path candidate = Path.of(dir.strip()).resolve(file);
                if (!dir.isBlank() && Files.isRegularFile(candidate)) {
                    try {
                        return Files.readAllBytes(candidate);
                    } catch (IOException e) {
                        return null;
                    }
                }
            }
        }
        // Maven copies resources to the class output before compiling; the class path covers the rest.
        for (StandardLocation location : List.of(StandardLocation.CLASS_OUTPUT, StandardLocation.CLASS_PATH)) {
            try {
                FileObject resource = processingEnv.getFiler().getResource(location, "", file);
                try (InputStream in = resource.openInputStream()) {
                    return in.readAllBytes();
                }
            } catch (IOException | IllegalArgumentException notThere) {
                // next location
            }
        }
        return null;
    }

    private static String packageOf(Element element) {
        Element e = element;
        while (e != null && !(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return e == null ? "" : ((PackageElement) e).getQualifiedName().toString();
    }

    /** Collects references once each class is attributed, and writes them when compilation ends. */
    private final class References implements TaskListener {

        @Override
        public void finished(TaskEvent event) {
            if (event.getKind() == TaskEvent.Kind.ANALYZE && trees != null && event.getTypeElement() != null) {
                TypeElement type = event.getTypeElement();
                if (generated.containsKey(type.getQualifiedName().toString())) {
                    return;
                }
                TreePath path = trees.getPath(type);
                if (path != null) {
                    new ReferenceScanner(trees, generated, references).scan(path, null);
                }
            } else if (event.getKind() == TaskEvent.Kind.COMPILATION) {
                write();
            }
        }
    }

    private void write() {
        FileObject file = referencesFile;
        if (file == null) {
            return;
        }
        if (references.isEmpty() && generated.isEmpty()) {
            // Nothing to say, so no file: Spring Boot's process-aot compiles its generated sources
            // with this processor too and copies that class output over the application's, where an
            // empty file would replace the one the application's own compilation wrote.
            return;
        }
        StringBuilder text = new StringBuilder(
                "# Flags referenced by this module's code, written by flags-codegen: key<TAB>file:line\n");
        references.forEach((key, places) -> {
            for (String place : places) {
                text.append(key).append('\t').append(place).append('\n');
            }
        });
        try (Writer writer = file.openWriter()) {
            writer.write(text.toString());
        } catch (IOException e) {
            processingEnv
                    .getMessager()
                    .printMessage(Diagnostic.Kind.ERROR, "flags-codegen: cannot write " + REFERENCES + ": " + e);
            return;
        }
        Map<String, Set<String>> unreferenced = new LinkedHashMap<>();
        generated.forEach((type, keys) -> {
            Set<String> missing = new TreeSet<>(keys.values());
            missing.removeAll(references.keySet());
            missing.removeAll(prerequisites);
            if (!missing.isEmpty()) {
                unreferenced.put(generatedFrom.get(type), missing);
            }
        });
        List<String> notes = new ArrayList<>();
        unreferenced.forEach((source, keys) ->
                notes.add("flags-codegen: flags in " + source + " referenced by no code: " + String.join(", ", keys)));
        for (String note : notes) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, note);
        }
    }
}
