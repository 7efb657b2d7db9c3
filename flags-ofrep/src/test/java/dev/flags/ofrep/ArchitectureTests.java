package dev.flags.ofrep;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The protocol is plain Java over the engine, so that every web binding (MVC, WebFlux) reuses it. */
class ArchitectureTests {

    private static final JavaClasses OFREP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flags.ofrep");

    @Test
    void dependsOnTheEngineOnlyAndOnNoWebFramework() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.flags.openfeature..",
                        "dev.flags.experiment..",
                        "dev.flags.admin..",
                        "dev.flags.store..",
                        "dev.flags.jdbc..",
                        "dev.flags.autoconfigure..",
                        "org.springframework..",
                        "jakarta.servlet..",
                        "tools.jackson..",
                        "com.fasterxml..")
                .check(OFREP);
    }
}
