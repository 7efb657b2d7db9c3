package dev.flags;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flags");

    @Test
    void coreHasNoSpring() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(CORE);
    }

    @Test
    void coreDependsOnNothingAboveIt() {
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
                        "dev.openfeature..")
                .check(CORE);
    }

    @Test
    void packagesAreFreeOfCycles() {
        // "dev.(**)" rather than "dev.flags.(**)": the latter leaves the root package dev.flags out.
        slices().matching("dev.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void definitionsDoNotDependOnTheEngine() {
        noClasses()
                .that()
                .resideInAPackage("dev.flags.definition..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.flags")
                .check(CORE);
    }

    @Test
    void engineImplementationStaysPackagePrivate() {
        classes()
                .that()
                .haveSimpleNameStartingWith("Compiled")
                .or()
                .haveSimpleName("Engine")
                .or()
                .haveSimpleName("Evaluator")
                .or()
                .haveSimpleName("SnapshotCompiler")
                .should()
                .notBePublic()
                .check(CORE);
    }
}
