package dev.flags.experiment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Experiments depend on the engine only, as their POM allows. */
class ArchitectureTests {

    private static final JavaClasses EXPERIMENTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flags.experiment");

    @Test
    void dependOnTheEngineOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.flags.admin..",
                        "dev.flags.store..",
                        "dev.flags.jdbc..",
                        "dev.flags.openfeature..",
                        "dev.openfeature..",
                        "dev.flags.autoconfigure..",
                        "org.springframework..")
                .check(EXPERIMENTS);
    }
}
