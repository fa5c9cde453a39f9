package io.onex.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Checks every architecture rule against the production classes of every module. */
class ArchitectureRulesTest {

    private final JavaClasses production = ProductionClasses.get();

    @Test
    void hostApiDependsOnNothingButJavaBase() {
        ArchitectureRules.hostApiShouldDependOnNothingButJavaBase.check(production);
    }

    @Test
    void hostApiAndCoreImportNoTransportLibrary() {
        ArchitectureRules.hostApiAndCoreShouldNotImportTransportLibraries.check(production);
    }

    @Test
    void handlersCreateNoThreadsOrExecutors() {
        ArchitectureRules.handlersShouldNotCreateThreadsOrExecutors.check(production);
    }

    @Test
    void handlersNeverSleep() {
        ArchitectureRules.handlersShouldNeverSleep.check(production);
    }

    @Test
    void onlyTheSecretsModuleReadsTheEnvironment() {
        ArchitectureRules.onlyTheSecretsModuleShouldReadTheEnvironment.check(production);
    }

    @Test
    void handlersDoNotReadTheEnvironment() {
        ArchitectureRules.handlersShouldNotReadTheEnvironment.check(production);
    }

    @Test
    void onlyWiringConstructsHandlers() {
        ArchitectureRules.onlyWiringShouldConstructHandlers.check(production);
    }

    @Test
    void healthReadsTheHostOnlyThroughItsStatusView() {
        ArchitectureRules.healthShouldReadTheHostOnlyThroughItsStatusView.check(production);
    }

    @Test
    void theEngineDoesNotDependOnContractLoading() {
        ArchitectureRules.theEngineShouldNotDependOnContractLoading.check(production);
    }

    @Test
    void onlyWiringConstructsBuses() {
        ArchitectureRules.onlyWiringShouldConstructBuses.check(production);
    }

    @Test
    void noCodeDiscoversOrReflectivelyBuildsClasses() {
        ArchitectureRules.noCodeShouldDiscoverOrReflectivelyBuildClasses.check(production);
    }

    @Test
    void onlyWiringInvokesHandlerFactories() {
        ArchitectureRules.onlyWiringShouldInvokeHandlerFactories.check(production);
    }

    @Test
    void hostApiAndCoreNameNoConcreteHandler() {
        ArchitectureRules.hostApiAndCoreShouldNotNameAConcreteHandler.check(production);
    }

    @Test
    void handlerFactoriesArePublicFinalHandlerFactories() {
        ArchitectureRules.handlerFactoriesShouldBePublicFinalHandlerFactories.check(production);
    }

    @Test
    void handlersExposeNoLibraryExceptions() {
        ArchitectureRules.handlersShouldNotExposeLibraryExceptions.check(production);
    }

    @Test
    void libraryModulesDoNotPrintStackTracesOrWriteToSystemOut() {
        ArchitectureRules.libraryModulesShouldNotPrintStackTracesOrWriteToSystemOut.check(production);
    }

    @Test
    void theCheckedClassesIncludeEveryModuleThatHasClasses() {
        // A module missing from compliance/pom.xml would be silently unchecked by every rule above.
        List<String> missing = ProjectModules.compiled().stream()
                .filter(module -> !module.descriptor().packages().isEmpty())
                .filter(module -> production.stream().noneMatch(inPackageOf(module.descriptor().packages())))
                .map(module -> module.name() + " (modules/" + module.folder() + ")")
                .toList();

        assertThat(missing)
                .as("modules whose classes are not on the compliance module's test class path; add each to "
                        + "compliance/pom.xml as a test dependency")
                .isEmpty();
    }

    @Test
    void theCheckedClassesIncludeNoTestClasses() {
        assertThat(production.stream().map(JavaClass::getName))
                .noneMatch(name -> name.startsWith("io.onex.compliance."))
                .noneMatch(name -> name.contains(".violations."))
                .noneMatch(name -> name.startsWith("io.onex.wiring.samples."));
    }

    private static Predicate<JavaClass> inPackageOf(Set<String> packages) {
        return javaClass -> packages.contains(javaClass.getPackageName());
    }
}
