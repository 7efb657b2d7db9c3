package dev.flags.test;

import dev.flags.TypedVariant;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.FlagDefinition;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclaration;
import org.junit.jupiter.params.support.ParameterDeclarations;
import org.junit.platform.commons.PreconditionViolationException;

/** The variants of a flag as arguments, for {@link FlagVariantsSource}. */
final class FlagVariantsProvider implements ArgumentsProvider, AnnotationConsumer<FlagVariantsSource> {

    private @Nullable FlagVariantsSource source;

    @Override
    public void accept(FlagVariantsSource annotation) {
        this.source = annotation;
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        FlagVariantsSource annotation = source;
        if (annotation == null) {
            throw new PreconditionViolationException("@FlagVariantsSource was not read");
        }
        String flag = annotation.value();
        String where = "@FlagVariantsSource(\"" + flag + "\") on " + describe(context);
        Optional<ParameterDeclaration> first = parameters.getFirst();
        Class<?> type = first.isPresent() ? first.get().getParameterType() : Object.class;
        if (type.isEnum() && TypedVariant.class.isAssignableFrom(type)) {
            List<Arguments> variants = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                variants.add(Arguments.of(constant));
            }
            return variants.stream();
        }
        Definitions definitions;
        String origin;
        if (!annotation.definitions().isEmpty()) {
            origin = annotation.definitions();
            definitions = read(where, origin, context.getRequiredTestClass());
        } else {
            definitions = SpringDefinitions.isPresent() ? SpringDefinitions.of(context) : null;
            origin = "the application context's definitions";
            if (definitions == null) {
                throw new PreconditionViolationException(where + ": no definitions to read the variants from; set"
                        + " definitions = \"flags.yml\", take the flag's generated variant enum as the first"
                        + " parameter, or run the test with Spring (@SpringBootTest)");
            }
        }
        FlagDefinition definition = definitions.flag(flag);
        if (definition == null) {
            TreeSet<String> keys = new TreeSet<>();
            for (FlagDefinition defined : definitions.flags()) {
                keys.add(defined.key());
            }
            throw new PreconditionViolationException(
                    where + ": flag '" + flag + "' is not defined in " + origin + " (flags: " + keys + ")");
        }
        if (type != Object.class && type != String.class) {
            throw new PreconditionViolationException(where + ": the first parameter is a " + type.getName()
                    + "; take the variant as a String or as the flag's generated variant enum");
        }
        return definition.variants().keySet().stream().map(Arguments::of);
    }

    private static Definitions read(String where, String resource, Class<?> testClass) {
        ClassLoader loader = testClass.getClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            throw new PreconditionViolationException(
                    where + ": definitions file '" + resource + "' not found on the test class path");
        }
        return DefinitionsReader.read(resource, in);
    }

    private static String describe(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        return context.getRequiredTestClass().getSimpleName() + "."
                + method.map(Method::getName).orElse("?") + "()";
    }
}
