package dev.flags.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Redis channel depends on the store SPI and Lettuce only: no database, no Spring. */
class ArchitectureTests {

    private static final JavaClasses REDIS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flags.redis");

    @Test
    void dependsOnTheStoreSpiAndLettuceOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.flags.jdbc..", "dev.flags.autoconfigure..", "org.springframework..", "java.sql..")
                .check(REDIS);
    }
}
