package dev.flags.flagd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The flagd format depends on the engine only, and shows users two types (and ServiceLoader two more). */
class ArchitectureTests {

    private static final JavaClasses FLAGD = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flags.flagd");

    @Test
    void dependsOnTheEngineOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.flags.openfeature..",
                        "dev.flags.experiment..",
                        "dev.flags.admin..",
                        "dev.flags.jdbc..",
                        "dev.flags.autoconfigure..",
                        "dev.openfeature..",
                        "org.springframework..")
                .check(FLAGD);
    }

    @Test
    void onlyTheFacadeItsResultAndTheServiceLoadersReadersArePublic() {
        classes()
                .that()
                .arePublic()
                .should()
                .haveSimpleName("Flagd")
                .orShould()
                .haveSimpleName("FlagdExport")
                .orShould()
                .haveSimpleName("FlagdLanguage") // ServiceLoader needs them public
                .orShould()
                .haveSimpleName("FlagdGuardLanguage")
                .check(FLAGD);
    }
}
