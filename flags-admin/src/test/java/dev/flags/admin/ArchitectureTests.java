package dev.flags.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The admin service and the store SPI depend on the engine only, as their POM allows. */
class ArchitectureTests {

    private static final JavaClasses ADMIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flags.admin", "dev.flags.store");

    @Test
    void dependOnTheEngineOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.flags.experiment..",
                        "dev.flags.jdbc..",
                        "dev.flags.openfeature..",
                        "dev.openfeature..",
                        "dev.flags.autoconfigure..",
                        "org.springframework..")
                .check(ADMIN);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.(**)").should().beFreeOfCycles().check(ADMIN);
    }
}
