package dev.flags.openfeature;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The OpenFeature bridge depends on the engine and the SDK only, as its POM allows. */
class ArchitectureTests {

    private static final JavaClasses OPENFEATURE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flags.openfeature");

    @Test
    void dependsOnTheEngineAndTheSdkOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.flags.experiment..",
                        "dev.flags.admin..",
                        "dev.flags.store..",
                        "dev.flags.jdbc..",
                        "dev.flags.autoconfigure..",
                        "org.springframework..")
                .check(OPENFEATURE);
    }
}
