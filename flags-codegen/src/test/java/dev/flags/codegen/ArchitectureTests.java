package dev.flags.codegen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The processor runs inside javac: the engine's definitions reader and the JDK's compiler API, nothing else. */
class ArchitectureTests {

    private static final JavaClasses CODEGEN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flags.codegen");

    @Test
    void dependsOnTheEngineAndTheCompilerOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.flags.experiment..",
                        "dev.flags.admin..",
                        "dev.flags.openfeature..",
                        "dev.flags.autoconfigure..",
                        "org.springframework..")
                .check(CODEGEN);
    }

    @Test
    void onlyTheProcessorIsPublic() {
        classes()
                .that()
                .arePublic()
                .should()
                .haveSimpleName("TypedFlagsProcessor")
                .andShould()
                .haveModifier(JavaModifier.FINAL)
                .check(CODEGEN);
    }
}
