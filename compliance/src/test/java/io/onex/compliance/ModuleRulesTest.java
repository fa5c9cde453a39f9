package io.onex.compliance;

import com.tngtech.archunit.core.domain.JavaClass;
import io.onex.host.api.EventBus;
import io.onex.host.api.Handler;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Checks every module rule against the compiled descriptors of every module under modules/. */
class ModuleRulesTest {

    private final List<CompiledModule> modules = ProjectModules.compiled();

    @Test
    void everyPackageStartsWithItsModuleName() {
        ModuleRules.everyPackageShouldStartWithItsModuleName.check(modules);
    }

    @Test
    void everyModuleIsNamedAfterItsFolder() {
        ModuleRules.everyModuleShouldBeNamedAfterItsFolder.check(modules);
    }

    @Test
    void noModuleUsesOrProvidesServices() {
        ModuleRules.modulesShouldNotUseOrProvideServices.check(modules);
    }

    @Test
    void wiringExportsOnlyItsOwnPackage() {
        ModuleRules.wiringShouldExportOnlyItsOwnPackage.check(modules);
    }

    @Test
    void handlerAndBusModulesExportOnlyToWiring() {
        ModuleRules.handlerAndBusModulesShouldExportOnlyToWiring.check(modules);
    }

    @Test
    void clientModulesExportOnlyToTheirUsersAndRequireNoModuleAboveThem() {
        ModuleRules.clientModulesShouldExportOnlyToTheirUsersAndRequireNoModuleAboveThem.check(modules);
    }

    @Test
    void wiringRequiresEveryHandlerAndBusModule() {
        Set<String> handlerAndBusModules = modules.stream().map(CompiledModule::name)
                .filter(ModuleRules::isHandlerOrBusModule).collect(Collectors.toSet());

        ModuleRules.wiringShouldRequireEveryHandlerAndBusModule(handlerAndBusModules).check(modules);
    }

    @Test
    void theCoreRequiresNoHandlerOrBusModule() {
        ModuleRules.coreShouldRequireNoHandlerOrBusModule.check(modules);
    }

    @Test
    void distributionsComposeOnTheCore() {
        ModuleRules.distributionsShouldComposeOnTheCore.check(modules);
    }

    @Test
    void theBenchmarkHarnessSeesOnlyPublicApiAndThreeEnginePackages() {
        ModuleRules.theBenchmarkHarnessShouldSeeOnlyPublicApiAndThreeEnginePackages.check(modules);
    }

    @Test
    void packagesHoldingHandlersOrBusesAreExportedOnlyToWiring() {
        Set<String> implementationPackages = ProductionClasses.get().stream()
                .filter(HostPredicates.concrete())
                .filter(javaClass -> javaClass.isAssignableTo(Handler.class) || javaClass.isAssignableTo(EventBus.class))
                .map(JavaClass::getPackageName)
                .collect(Collectors.toSet());

        ModuleRules.packagesHoldingHandlersOrBusesShouldBeExportedOnlyToWiring(implementationPackages).check(modules);
    }
}
