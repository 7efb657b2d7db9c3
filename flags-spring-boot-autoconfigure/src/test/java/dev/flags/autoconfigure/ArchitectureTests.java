package dev.flags.autoconfigure;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The auto-configuration's packages: one per concern, no cycles, dependencies only where one
 * configures or shows what another provides, and optional modules named only where their presence
 * is checked first.
 */
class ArchitectureTests {

    private static final JavaClasses AUTOCONFIGURE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flags.autoconfigure");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.flags.(**)").should().beFreeOfCycles().check(AUTOCONFIGURE);
    }

    /**
     * The root holds what every package uses (properties, customizers, the engine's sources, the load
     * state); a package uses another only to order itself after it or to show what it provides.
     */
    @Test
    void packagesDependOnEachOtherOnlyAsDeclared() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("root")
                .definedBy("dev.flags.autoconfigure")
                .layer("aop")
                .definedBy("dev.flags.autoconfigure.aop..")
                .layer("web")
                .definedBy("dev.flags.autoconfigure.web..")
                .layer("reactor")
                .definedBy("dev.flags.autoconfigure.reactor..")
                .layer("support")
                .definedBy("dev.flags.autoconfigure.support..")
                .layer("webflux")
                .definedBy("dev.flags.autoconfigure.webflux..")
                .layer("metrics")
                .definedBy("dev.flags.autoconfigure.metrics..")
                .layer("openfeature")
                .definedBy("dev.flags.autoconfigure.openfeature..")
                .layer("store")
                .definedBy("dev.flags.autoconfigure.store..")
                .layer("experiments")
                .definedBy("dev.flags.autoconfigure.experiments..")
                .layer("actuate")
                .definedBy("dev.flags.autoconfigure.actuate..")
                .layer("admin")
                .definedBy("dev.flags.autoconfigure.admin..")
                .layer("console")
                .definedBy("dev.flags.autoconfigure.console..")
                .layer("tracing")
                .definedBy("dev.flags.autoconfigure.tracing..")
                .whereLayer("root")
                .mayNotAccessAnyLayer()
                .whereLayer("aop")
                .mayOnlyAccessLayers("root", "reactor")
                .whereLayer("reactor")
                .mayOnlyAccessLayers("root")
                .whereLayer("support")
                .mayOnlyAccessLayers("root")
                .whereLayer("webflux")
                .mayOnlyAccessLayers("root", "reactor", "support", "experiments")
                .whereLayer("metrics")
                .mayOnlyAccessLayers("root", "store")
                .whereLayer("openfeature")
                .mayOnlyAccessLayers("root")
                .whereLayer("store")
                .mayOnlyAccessLayers("root")
                .whereLayer("experiments")
                .mayOnlyAccessLayers("root", "openfeature")
                .whereLayer("web")
                .mayOnlyAccessLayers("root", "support", "experiments")
                .whereLayer("actuate")
                .mayOnlyAccessLayers("root", "experiments", "store")
                .whereLayer("admin")
                .mayOnlyAccessLayers("root", "store", "experiments", "support")
                .whereLayer("console")
                .mayOnlyAccessLayers("root", "admin")
                .whereLayer("tracing")
                .mayNotAccessAnyLayer()
                .check(AUTOCONFIGURE);
    }

    @Test
    void onlyTheOpenFeaturePackageNamesTheOpenFeatureBridgeOrSdk() {
        mayBeNamedOnlyBy(new String[] {"dev.flags.openfeature..", "dev.openfeature.."}, packageOf("openfeature"));
    }

    @Test
    void onlyGuardedClassesNameExperiments() {
        mayBeNamedOnlyBy(
                new String[] {"dev.flags.experiment.."},
                packageOf("experiments")
                        .or(packageOf("admin")
                                .and(named(
                                        "FlagsAdminExperimentResults",
                                        "ExperimentResultsController",
                                        "ReactiveExperimentResultsController",
                                        "DatabaseExperimentResults",
                                        "FlagsAdminExperimentsAutoConfiguration",
                                        "FlagsAdminWebFluxAutoConfiguration$ExperimentsConfiguration")))
                        .or(named(
                                "FlagsOpenFeatureAutoConfiguration$EngineAsProviderConfiguration"
                                        + "$ExperimentsTrackingConfiguration",
                                "FlagsWebMvcAutoConfiguration$ExperimentsConfiguration",
                                "FlagsWebFluxAutoConfiguration$ExperimentsConfiguration",
                                "FlagsEndpointAutoConfiguration$ExperimentsConfiguration",
                                "ExperimentsEndpointContribution")));
    }

    @Test
    void onlyGuardedClassesNameTheAdminServiceOrStore() {
        mayBeNamedOnlyBy(
                new String[] {"dev.flags.admin..", "dev.flags.store.."},
                packageOf("store")
                        .or(packageOf("admin"))
                        .or(named(
                                "FlagsEndpointAutoConfiguration$StaleFlagsConfiguration",
                                "StaleFlagsEndpointContribution",
                                "FlagsEndpointAutoConfiguration$StoreFollowerConfiguration",
                                "FlagsHealthAutoConfiguration$StoreFollowerConfiguration",
                                "FlagsMetricsAutoConfiguration$StoreFollowerConfiguration",
                                "FlagsStoreMeterBinder",
                                // Guarded: @ConditionalOnClass(FlagAdmin) on the class itself.
                                "FlagsConsoleAutoConfiguration",
                                "FlagsConsoleWebFluxAutoConfiguration")));
    }

    @Test
    void onlyGuardedClassesNameJdbc() {
        mayBeNamedOnlyBy(
                new String[] {"dev.flags.jdbc.."},
                named(
                        "FlagsStoreAutoConfiguration$JdbcStoreConfiguration",
                        "FlagsStoreAutoConfiguration$RedisPushConfiguration",
                        "FlagsExperimentsAutoConfiguration$JdbcConfiguration",
                        "FlagsAdminExperimentsAutoConfiguration$DatabaseResultsConfiguration"));
    }

    @Test
    void onlyGuardedClassesNameHikari() {
        mayBeNamedOnlyBy(
                new String[] {"com.zaxxer.."},
                named(
                        "FlagsStoreAutoConfiguration$HikariConfiguration",
                        "HikariBrokenConnections",
                        "HikariBrokenConnections$PostProcessor"));
    }

    @Test
    void onlyGuardedClassesNameRedis() {
        mayBeNamedOnlyBy(
                new String[] {"dev.flags.redis..", "io.lettuce.."},
                named("FlagsStoreAutoConfiguration$RedisPushConfiguration"));
    }

    /**
     * Classes that Spring loads and introspects whenever their package's configuration runs must not
     * name a type of an optional module: a missing class fails startup. Each allowed class is an
     * auto-configuration or nested configuration with {@code @ConditionalOnClass} on that module, or
     * is created only by one.
     */
    private static void mayBeNamedOnlyBy(String[] modulePackages, DescribedPredicate<JavaClass> guarded) {
        noClasses()
                .that(not(guarded))
                .should()
                .dependOnClassesThat(resideInAnyPackage(modulePackages))
                .check(AUTOCONFIGURE);
    }

    private static DescribedPredicate<JavaClass> packageOf(String subPackage) {
        return resideInAPackage("dev.flags.autoconfigure." + subPackage + "..");
    }

    /** Classes with one of these names (nested ones written Outer$Inner), and the classes nested in them. */
    private static DescribedPredicate<JavaClass> named(String... simpleNames) {
        return DescribedPredicate.describe("named " + String.join(", ", simpleNames), javaClass -> {
            String name =
                    javaClass.getName().substring(javaClass.getPackageName().length() + 1);
            for (String simpleName : simpleNames) {
                if (name.equals(simpleName) || name.startsWith(simpleName + "$")) {
                    return true;
                }
            }
            return false;
        });
    }
}
