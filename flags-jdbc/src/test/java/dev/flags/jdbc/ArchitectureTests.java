package dev.flags.jdbc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The JDBC store and sink depend on the engine, the admin service and experiments only, as their POM allows. */
class ArchitectureTests {

    private static final JavaClasses JDBC = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flags.jdbc");

    @Test
    void dependsOnTheEngineAdminAndExperimentsOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.flags.openfeature..",
                        "dev.openfeature..",
                        "dev.flags.autoconfigure..",
                        "org.springframework..")
                .check(JDBC);
    }
}
