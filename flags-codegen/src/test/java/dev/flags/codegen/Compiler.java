package dev.flags.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.jspecify.annotations.NullMarked;

/**
 * Runs the real javac with {@link TypedFlagsProcessor} over sources and resources laid out as Maven
 * lays them out: resources already copied to the class output, generated sources apart.
 */
final class Compiler {

    private final Path root;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> resources = new LinkedHashMap<>();
    private final List<String> options = new ArrayList<>();

    Compiler(Path root) {
        this.root = root;
    }

    Compiler source(String path, String text) {
        sources.put(path, text);
        return this;
    }

    Compiler resource(String path, String text) {
        resources.put(path, text);
        return this;
    }

    Compiler option(String option) {
        options.add(option);
        return this;
    }

    /** What one compilation produced. */
    record Result(boolean success, List<String> errors, List<String> notes, Path classes, Path generated) {

        String generatedSource(String path) {
            return read(generated.resolve(path));
        }

        String classOutput(String path) {
            return read(classes.resolve(path));
        }

        Object call(String className, String method) throws ReflectiveOperationException {
            try (URLClassLoader loader =
                    new URLClassLoader(new URL[] {classes.toUri().toURL()}, Compiler.class.getClassLoader())) {
                return loader.loadClass(className).getMethod(method).invoke(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Result compile() {
        try {
            Path src = root.resolve("src");
            Path classes = root.resolve("classes");
            Path generated = root.resolve("generated");
            Files.createDirectories(classes);
            Files.createDirectories(generated);
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = src.resolve(source.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                files.add(file);
            }
            for (Map.Entry<String, String> resource : resources.entrySet()) {
                Path file = classes.resolve(resource.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, resource.getValue());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager manager =
                    javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> arguments = new ArrayList<>(List.of(
                        "-d",
                        classes.toString(),
                        "-s",
                        generated.toString(),
                        "-classpath",
                        classes
                                + java.io.File.pathSeparator
                                + location(FlagKey.class)
                                + java.io.File.pathSeparator
                                + location(NullMarked.class),
                        "--release",
                        "17",
                        "-Xlint:all,-processing"));
                arguments.addAll(options);
                JavaCompiler.CompilationTask task = javac.getTask(
                        null, manager, diagnostics, arguments, null, manager.getJavaFileObjectsFromPaths(files));
                task.setProcessors(List.of(new TypedFlagsProcessor()));
                boolean success = task.call();
                List<String> errors = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
                    String message = diagnostic.getMessage(Locale.ROOT);
                    if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                        errors.add(message);
                    } else if (diagnostic.getKind() == Diagnostic.Kind.NOTE) {
                        notes.add(message);
                    } else {
                        errors.add(diagnostic.getKind() + ": " + message);
                    }
                }
                return new Result(success, errors, notes, classes, generated);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertOnlyNotes(Result result) {
        assertThat(result.errors()).isEmpty();
        assertThat(result.success()).isTrue();
    }
}
