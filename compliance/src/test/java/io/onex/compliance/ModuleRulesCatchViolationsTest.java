package io.onex.compliance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Feeds every module rule descriptors that break it on purpose, built with
 * {@link ModuleDescriptor#newModule}, and asserts that the rule fails with its own text and names
 * the module and what is wrong; and feeds it descriptors that comply.
 */
class ModuleRulesCatchViolationsTest {

    @Nested
    class EveryPackageShouldStartWithItsModuleName {

        private final ModuleRule rule = ModuleRules.everyPackageShouldStartWithItsModuleName;

        @Test
        void rejectsAPackageOutsideTheModulesRootPackage() {
            CompiledModule module = module("handler-sample", ModuleDescriptor.newModule("io.onex.handler.sample")
                    .packages(Set.of("io.onex.handler.sample", "io.onex.shared")).build());

            assertViolation(rule, module, "Module <io.onex.handler.sample> contains package <io.onex.shared>");
        }

        @Test
        void rejectsAPackageThatOnlySharesThePrefixOfTheModuleName() {
            CompiledModule module = module("handler-sample", ModuleDescriptor.newModule("io.onex.handler.sample")
                    .packages(Set.of("io.onex.handler.samples")).build());

            assertViolation(rule, module, "contains package <io.onex.handler.samples>");
        }

        @Test
        void acceptsTheRootPackageAndItsSubpackages() {
            CompiledModule module = module("handler-sample", ModuleDescriptor.newModule("io.onex.handler.sample")
                    .packages(Set.of("io.onex.handler.sample", "io.onex.handler.sample.internal")).build());

            assertPasses(rule, module);
        }
    }

    @Nested
    class EveryModuleShouldBeNamedAfterItsFolder {

        private final ModuleRule rule = ModuleRules.everyModuleShouldBeNamedAfterItsFolder;

        @Test
        void rejectsAModuleWhoseNameDoesNotFollowItsFolder() {
            CompiledModule module = module("handler-http", ModuleDescriptor.newModule("io.onex.http").build());

            assertViolation(rule, module,
                    "Module <io.onex.http> lives in modules/handler-http, so it should be named <io.onex.handler.http>");
        }

        @Test
        void acceptsDashedFoldersNamedWithDots() {
            assertPasses(rule, module("bus-kafka", ModuleDescriptor.newModule("io.onex.bus.kafka").build()));
        }
    }

    @Nested
    class ModulesShouldNotUseOrProvideServices {

        private final ModuleRule rule = ModuleRules.modulesShouldNotUseOrProvideServices;

        @Test
        void rejectsUsesAndProvides() {
            CompiledModule module = module("handler-sample", ModuleDescriptor.newModule("io.onex.handler.sample")
                    .uses("java.sql.Driver")
                    .provides("io.onex.host.api.Handler", List.of("io.onex.handler.sample.SampleHandler"))
                    .build());

            assertViolation(rule, module, "Module <io.onex.handler.sample> uses <java.sql.Driver>",
                    "Module <io.onex.handler.sample> provides <io.onex.host.api.Handler>");
        }

        @Test
        void acceptsAModuleWithoutServices() {
            assertPasses(rule, module("wiring", ModuleDescriptor.newModule("io.onex.wiring").build()));
        }
    }

    @Nested
    class ClientModulesShouldExportOnlyToTheirUsersAndRequireNoModuleAboveThem {

        private final ModuleRule rule = ModuleRules.clientModulesShouldExportOnlyToTheirUsersAndRequireNoModuleAboveThem;

        @Test
        void rejectsAPlainExportAndOpens() {
            CompiledModule module = module("client-sample", ModuleDescriptor.newModule("io.onex.client.sample")
                    .exports("io.onex.client.sample").opens("io.onex.client.sample.inner").build());

            assertViolation(rule, module, "Module <io.onex.client.sample> exports <io.onex.client.sample> to everyone",
                    "Module <io.onex.client.sample> opens <io.onex.client.sample.inner>");
        }

        @Test
        void rejectsRequiringAHandlerTheResolverOrWiring() {
            CompiledModule module = module("client-sample", ModuleDescriptor.newModule("io.onex.client.sample")
                    .requires("io.onex.handler.http").requires("io.onex.secrets").requires("io.onex.wiring")
                    .exports(Set.of(), "io.onex.client.sample", Set.of("io.onex.handler.vault")).build());

            assertViolation(rule, module, "requires <io.onex.handler.http>", "requires <io.onex.secrets>",
                    "requires <io.onex.wiring>");
        }

        @Test
        void acceptsQualifiedExportsAndRequiresBelowIt() {
            CompiledModule module = module("client-sample", ModuleDescriptor.newModule("io.onex.client.sample")
                    .requires("io.onex.host.api").requires("java.net.http")
                    .exports(Set.of(), "io.onex.client.sample", Set.of("io.onex.handler.vault", "io.onex.secrets"))
                    .build());

            assertPasses(rule, module);
        }

        @Test
        void ignoresOtherModules() {
            CompiledModule module = module("health", ModuleDescriptor.newModule("io.onex.health")
                    .requires("io.onex.wiring").exports("io.onex.health").build());

            assertPasses(rule, module);
        }
    }

    @Nested
    class HandlerAndBusModulesShouldExportOnlyToWiring {

        private final ModuleRule rule = ModuleRules.handlerAndBusModulesShouldExportOnlyToWiring;

        @Test
        void rejectsAPlainExportOfAHandlerPackage() {
            CompiledModule module = module("handler-sample", ModuleDescriptor.newModule("io.onex.handler.sample")
                    .exports("io.onex.handler.sample").build());

            assertViolation(rule, module, "Module <io.onex.handler.sample> exports <io.onex.handler.sample> to everyone");
        }

        @Test
        void rejectsAnExportToAnyModuleBesidesTheCompositions() {
            CompiledModule module = module("bus-sample", ModuleDescriptor.newModule("io.onex.bus.sample")
                    .exports(Set.of(), "io.onex.bus.sample", Set.of("io.onex.wiring", "io.onex.host.core")).build());

            assertViolation(rule, module,
                    "Module <io.onex.bus.sample> exports <io.onex.bus.sample> to io.onex.host.core, io.onex.wiring");
        }

        @Test
        void rejectsOpensAndOpenModules() {
            CompiledModule opens = module("handler-sample", ModuleDescriptor.newModule("io.onex.handler.sample")
                    .opens("io.onex.handler.sample").build());
            CompiledModule open = module("bus-sample", ModuleDescriptor.newOpenModule("io.onex.bus.sample")
                    .packages(Set.of("io.onex.bus.sample")).build());

            assertViolation(rule, List.of(opens, open), "Module <io.onex.handler.sample> opens <io.onex.handler.sample>",
                    "Module <io.onex.bus.sample> is an open module");
        }

        @Test
        void acceptsQualifiedExportsToTheCompositionsAndLeavesOtherModulesAlone() {
            CompiledModule handler = module("handler-sample", ModuleDescriptor.newModule("io.onex.handler.sample")
                    .exports(Set.of(), "io.onex.handler.sample",
                            Set.of("io.onex.wiring", "io.onex.distribution.http.kafka")).build());
            CompiledModule core = module("host-core", ModuleDescriptor.newModule("io.onex.host.core")
                    .exports("io.onex.host.core").build());

            assertPasses(rule, List.of(handler, core));
        }
    }

    @Nested
    class WiringShouldRequireEveryHandlerAndBusModule {

        private final ModuleRule rule = ModuleRules.wiringShouldRequireEveryHandlerAndBusModule(
                Set.of("io.onex.handler.db", "io.onex.bus.kafka"));

        @Test
        void rejectsAWiringThatLeavesAHandlerOutOrRequiresOneStatic() {
            CompiledModule wiring = module("wiring", ModuleDescriptor.newModule("io.onex.wiring")
                    .requires(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), "io.onex.bus.kafka")
                    .exports("io.onex.wiring").build());

            assertViolation(rule, wiring, "Module <io.onex.wiring> does not require <io.onex.handler.db>",
                    "Module <io.onex.wiring> requires static <io.onex.bus.kafka>");
        }

        @Test
        void acceptsPlainRequiresOfEveryOne() {
            CompiledModule wiring = module("wiring", ModuleDescriptor.newModule("io.onex.wiring")
                    .requires("io.onex.handler.db").requires("io.onex.bus.kafka").exports("io.onex.wiring").build());

            assertPasses(rule, wiring);
        }
    }

    @Nested
    class CoreShouldRequireNoHandlerOrBusModule {

        private final ModuleRule rule = ModuleRules.coreShouldRequireNoHandlerOrBusModule;

        @Test
        void rejectsACoreThatRequiresAHandlerABusOrTheFullHost() {
            CompiledModule core = module("wiring-core", ModuleDescriptor.newModule("io.onex.wiring.core")
                    .requires(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), "io.onex.handler.db")
                    .requires("io.onex.bus.kafka").requires("io.onex.wiring").build());

            assertViolation(rule, core, "Module <io.onex.wiring.core> requires <io.onex.bus.kafka>",
                    "Module <io.onex.wiring.core> requires <io.onex.handler.db>",
                    "Module <io.onex.wiring.core> requires <io.onex.wiring>");
        }

        @Test
        void acceptsACoreOfHealthAndSecretsAndLeavesWiringAlone() {
            CompiledModule core = module("wiring-core", ModuleDescriptor.newModule("io.onex.wiring.core")
                    .requires("io.onex.health").requires("io.onex.secrets").build());
            CompiledModule wiring = module("wiring", ModuleDescriptor.newModule("io.onex.wiring")
                    .requires("io.onex.handler.db").build());

            assertPasses(rule, List.of(core, wiring));
        }
    }

    @Nested
    class DistributionsShouldComposeOnTheCore {

        private final ModuleRule rule = ModuleRules.distributionsShouldComposeOnTheCore;

        @Test
        void rejectsADistributionOnTheFullHostWithAStaticHandlerAndAnExport() {
            CompiledModule distribution = module("distribution-sample",
                    ModuleDescriptor.newModule("io.onex.distribution.sample").requires("io.onex.wiring")
                            .requires(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), "io.onex.handler.http")
                            .exports("io.onex.distribution.sample").build());

            assertViolation(rule, distribution,
                    "Module <io.onex.distribution.sample> does not require <io.onex.wiring.core>",
                    "Module <io.onex.distribution.sample> requires <io.onex.wiring>",
                    "Module <io.onex.distribution.sample> requires static <io.onex.handler.http>",
                    "Module <io.onex.distribution.sample> exports <io.onex.distribution.sample>");
        }

        @Test
        void acceptsTheCoreAndPlainHandlerRequires() {
            CompiledModule distribution = module("distribution-sample",
                    ModuleDescriptor.newModule("io.onex.distribution.sample").requires("io.onex.wiring.core")
                            .requires("io.onex.handler.http").requires("io.onex.bus.kafka")
                            .packages(Set.of("io.onex.distribution.sample")).build());

            assertPasses(rule, distribution);
        }
    }

    @Nested
    class WiringShouldExportOnlyItsOwnPackage {

        private final ModuleRule rule = ModuleRules.wiringShouldExportOnlyItsOwnPackage;

        @Test
        void rejectsAnExportedInternalPackageAndAnOpenedOne() {
            CompiledModule wiring = module("wiring", ModuleDescriptor.newModule("io.onex.wiring")
                    .exports("io.onex.wiring").exports("io.onex.wiring.internal")
                    .opens("io.onex.wiring").build());

            assertViolation(rule, wiring, "Module <io.onex.wiring> exports <io.onex.wiring.internal>",
                    "Module <io.onex.wiring> opens <io.onex.wiring>");
        }

        @Test
        void rejectsAWiringThatExportsNothing() {
            CompiledModule wiring = module("wiring", ModuleDescriptor.newModule("io.onex.wiring")
                    .packages(Set.of("io.onex.wiring", "io.onex.wiring.internal")).build());

            assertViolation(rule, wiring, "Module <io.onex.wiring> does not export <io.onex.wiring>");
        }

        @Test
        void acceptsWiringExportingItsOwnPackageAndLeavesOtherModulesAlone() {
            CompiledModule wiring = module("wiring", ModuleDescriptor.newModule("io.onex.wiring")
                    .exports("io.onex.wiring").packages(Set.of("io.onex.wiring.internal")).build());
            CompiledModule core = module("host-core", ModuleDescriptor.newModule("io.onex.host.core")
                    .exports("io.onex.host.core.bus").build());

            assertPasses(rule, List.of(wiring, core));
        }
    }

    @Nested
    class PackagesHoldingHandlersOrBusesShouldBeExportedOnlyToWiring {

        private final ModuleRule rule =
                ModuleRules.packagesHoldingHandlersOrBusesShouldBeExportedOnlyToWiring(Set.of("io.onex.host.core.bus"));

        @Test
        void rejectsAPlainExportOfTheInMemoryBusPackage() {
            CompiledModule core = module("host-core", ModuleDescriptor.newModule("io.onex.host.core")
                    .exports("io.onex.host.core").exports("io.onex.host.core.bus").build());

            assertViolation(rule, core, "Module <io.onex.host.core> exports <io.onex.host.core.bus> to everyone");
        }

        @Test
        void rejectsTheBusPackageExportedToAModuleThatIsNeitherACompositionNorTheHarness() {
            CompiledModule core = module("host-core", ModuleDescriptor.newModule("io.onex.host.core")
                    .exports(Set.of(), "io.onex.host.core.bus", Set.of("io.onex.wiring.core", "io.onex.health")).build());

            assertViolation(rule, core,
                    "Module <io.onex.host.core> exports <io.onex.host.core.bus> to io.onex.health, io.onex.wiring.core");
        }

        @Test
        void acceptsTheBusPackageExportedToTheCoreAndTheBenchmarkHarness() {
            CompiledModule core = module("host-core", ModuleDescriptor.newModule("io.onex.host.core")
                    .exports(Set.of(), "io.onex.host.core.bus", Set.of("io.onex.wiring.core", "io.onex.perf")).build());

            assertPasses(rule, core);
        }

        @Test
        void acceptsTheBusPackageExportedOnlyToWiringBesidePlainExportsOfOtherPackages() {
            CompiledModule core = module("host-core", ModuleDescriptor.newModule("io.onex.host.core")
                    .exports("io.onex.host.core")
                    .exports(Set.of(), "io.onex.host.core.bus", Set.of("io.onex.wiring")).build());

            assertPasses(rule, core);
        }
    }

    @Nested
    class TheBenchmarkHarnessShouldSeeOnlyPublicApiAndThreeEnginePackages {

        private final ModuleRule rule = ModuleRules.theBenchmarkHarnessShouldSeeOnlyPublicApiAndThreeEnginePackages;

        @Test
        void rejectsAnEnginePackageBeyondTheListAndAnyOtherModulesExport() {
            CompiledModule core = module("host-core", ModuleDescriptor.newModule("io.onex.host.core")
                    .exports(Set.of(), "io.onex.host.core.runtime", Set.of("io.onex.wiring.core", "io.onex.perf"))
                    .exports(Set.of(), "io.onex.host.core.codec", Set.of("io.onex.perf")).build());
            CompiledModule wiringCore = module("wiring-core", ModuleDescriptor.newModule("io.onex.wiring.core")
                    .exports(Set.of(), "io.onex.wiring.core.internal", Set.of("io.onex.perf")).build());

            assertViolation(rule, List.of(core, wiringCore),
                    "Module <io.onex.host.core> exports <io.onex.host.core.runtime> to io.onex.perf",
                    "Module <io.onex.wiring.core> exports <io.onex.wiring.core.internal> to io.onex.perf");
        }

        @Test
        void acceptsTheCodecJsonAndBusOfHostCore() {
            CompiledModule core = module("host-core", ModuleDescriptor.newModule("io.onex.host.core")
                    .exports(Set.of(), "io.onex.host.core.codec", Set.of("io.onex.perf"))
                    .exports(Set.of(), "io.onex.host.core.json", Set.of("io.onex.perf", "io.onex.health"))
                    .exports(Set.of(), "io.onex.host.core.bus", Set.of("io.onex.perf")).build());

            assertPasses(rule, core);
        }
    }

    @Test
    void aRuleThatChecksNoModuleFails() {
        assertThatThrownBy(() -> ModuleRules.modulesShouldNotUseOrProvideServices.check(List.of()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("checked no module");
    }

    private static CompiledModule module(String folder, ModuleDescriptor descriptor) {
        return new CompiledModule(folder, descriptor);
    }

    private static void assertViolation(ModuleRule rule, CompiledModule module, String... mentions) {
        assertViolation(rule, List.of(module), mentions);
    }

    private static void assertViolation(ModuleRule rule, List<CompiledModule> modules, String... mentions) {
        assertThatThrownBy(() -> rule.check(modules))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Module rule '" + rule.text() + "' was violated")
                .hasMessageContainingAll(mentions);
    }

    private static void assertPasses(ModuleRule rule, CompiledModule module) {
        assertPasses(rule, List.of(module));
    }

    private static void assertPasses(ModuleRule rule, List<CompiledModule> modules) {
        assertThatCode(() -> rule.check(modules)).doesNotThrowAnyException();
    }
}
