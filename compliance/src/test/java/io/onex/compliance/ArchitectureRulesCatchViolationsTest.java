package io.onex.compliance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.onex.compliance.violations.PumpingHandler;
import io.onex.compliance.violations.RogueAssembler;
import io.onex.handler.compliant.WellBehavedHandler;
import io.onex.handler.compliant.WellBehavedHandlerFactory;
import io.onex.handler.violations.construction.ConstructibleBus;
import io.onex.handler.violations.construction.ConstructibleHandler;
import io.onex.handler.violations.construction.DecoratedHandler;
import io.onex.handler.violations.environment.EnvironmentReadingHandler;
import io.onex.handler.violations.factory.LooseHandlerFactory;
import io.onex.handler.violations.environment.PropertyReadingHandler;
import io.onex.handler.violations.sleep.HomeMadeBackoff;
import io.onex.handler.violations.sleep.SleepingHandler;
import io.onex.handler.violations.threads.CommonPoolHandler;
import io.onex.handler.violations.threads.PoolMakingHandler;
import io.onex.handler.violations.threads.ThreadStartingHandler;
import io.onex.handler.violations.threads.TimerHandler;
import io.onex.handler.violations.threads.VirtualThreads;
import io.onex.handler.violations.type.ResponseMapper;
import io.onex.health.samples.StatusReadingReport;
import io.onex.health.violations.EngineReadingReport;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.violations.CoreDependent;
import io.onex.host.api.violations.HttpAwareEnvelope;
import io.onex.host.api.violations.JavaBaseOnly;
import io.onex.host.api.violations.SqlTimestamped;
import io.onex.host.core.log.SampleLogWriter;
import io.onex.host.core.runtime.RouterSample;
import io.onex.host.core.runtime.StdioSampleBridge;
import io.onex.host.core.violations.loading.YamlReadingRouter;
import io.onex.host.core.violations.naming.BuiltInAwareRouter;
import io.onex.host.core.violations.output.ConsoleReporter;
import io.onex.host.core.violations.output.StackTracePrinter;
import io.onex.host.core.violations.transport.HttpCallingRouter;
import io.onex.secrets.samples.SampleEnvironment;
import io.onex.wiring.samples.SampleWiring;
import io.onex.wiring.violations.DiscoveringWiring;
import io.onex.wiring.violations.PortFromEnvironment;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Feeds every architecture rule classes that break it on purpose, and asserts that the rule fails
 * with its own text (including the because) and names each violating class; and feeds it classes
 * that comply, to show it does not overreach. The samples live in compliance's test sources under
 * the packages the rules cover; as test classes they are never part of the production check.
 */
class ArchitectureRulesCatchViolationsTest {

    @Nested
    class HostApiShouldDependOnNothingButJavaBase {

        private final ArchRule rule = ArchitectureRules.hostApiShouldDependOnNothingButJavaBase;

        @Test
        void rejectsAnApiTypeThatUsesAJavaModuleOtherThanJavaBase() {
            assertViolation(rule, classes(SqlTimestamped.class), SqlTimestamped.class.getName(), "java.sql.Timestamp");
        }

        @Test
        void rejectsAnApiTypeThatUsesHostCore() {
            assertViolation(rule, classes(CoreDependent.class), CoreDependent.class.getName(),
                    "io.onex.host.core.HandlerRegistry");
        }

        @Test
        void acceptsJavaBaseTypesArraysPrimitivesAndHostApiTypes() {
            assertPasses(rule, classes(JavaBaseOnly.class));
        }
    }

    @Nested
    class HostApiAndCoreShouldNotImportTransportLibraries {

        private final ArchRule rule = ArchitectureRules.hostApiAndCoreShouldNotImportTransportLibraries;

        @Test
        void rejectsCoreCodeThatTalksHttp() {
            assertViolation(rule, classes(HttpCallingRouter.class), HttpCallingRouter.class.getName(),
                    "java.net.http.HttpClient");
        }

        @Test
        void rejectsApiCodeThatCarriesHttpTypes() {
            assertViolation(rule, classes(HttpAwareEnvelope.class), HttpAwareEnvelope.class.getName(),
                    "java.net.http.HttpHeaders");
        }

        @Test
        void acceptsApiCodeOnJavaBase() {
            assertPasses(rule, classes(JavaBaseOnly.class));
        }
    }

    @Nested
    class HealthShouldReadTheHostOnlyThroughItsStatusView {

        private final ArchRule rule = ArchitectureRules.healthShouldReadTheHostOnlyThroughItsStatusView;

        @Test
        void rejectsAReportThatReadsTheEngine() {
            assertViolation(rule, classes(EngineReadingReport.class), EngineReadingReport.class.getName(),
                    "io.onex.host.core.runtime.RuntimeHostProcess");
        }

        @Test
        void acceptsAReportOnTheStatusViewThatHoldsTheObserverHook() {
            assertPasses(rule, classes(StatusReadingReport.class));
        }
    }

    @Nested
    class TheEngineShouldNotDependOnContractLoading {

        private final ArchRule rule = ArchitectureRules.theEngineShouldNotDependOnContractLoading;

        @Test
        void rejectsEngineCodeThatHoldsTheContractLoader() {
            assertViolation(rule, classes(YamlReadingRouter.class), YamlReadingRouter.class.getName(),
                    "io.onex.contract.ContractLoader");
        }

        @Test
        void acceptsEngineCodeOnHostApiContracts() {
            assertPasses(rule, classes(BuiltInAwareRouter.class));
        }
    }

    @Nested
    class HandlersShouldNotCreateThreadsOrExecutors {

        private final ArchRule rule = ArchitectureRules.handlersShouldNotCreateThreadsOrExecutors;

        @Test
        void rejectsAHandlerThatStartsAThread() {
            assertViolation(rule, classes(ThreadStartingHandler.class), ThreadStartingHandler.class.getName(),
                    "java.lang.Thread.<init>", "java.lang.Thread.start()");
        }

        @Test
        void rejectsThreadBuildersFactoriesAndConstructorReferencesAnywhereInHandlerPackages() {
            assertViolation(rule, classes(VirtualThreads.class),
                    VirtualThreads.class.getName() + ".viaBuilder", "java.lang.Thread.ofVirtual()",
                    VirtualThreads.class.getName() + ".viaConstructorReference",
                    VirtualThreads.class.getName() + ".viaFactory", "java.util.concurrent.ThreadFactory.newThread");
        }

        @Test
        void rejectsAHandlerThatBuildsExecutors() {
            assertViolation(rule, classes(PoolMakingHandler.class), PoolMakingHandler.class.getName(),
                    "java.util.concurrent.Executors.newFixedThreadPool", "java.util.concurrent.ForkJoinPool.<init>");
        }

        @Test
        void rejectsAHandlerThatOwnsATimer() {
            assertViolation(rule, classes(TimerHandler.class), TimerHandler.class.getName(), "java.util.Timer.<init>");
        }

        @Test
        void rejectsAHandlerThatRunsWorkOnTheCommonPoolOrArmsAJdkTimer() {
            assertViolation(rule, classes(CommonPoolHandler.class), CommonPoolHandler.class.getName(),
                    "CompletableFuture.supplyAsync", "CompletableFuture.orTimeout");
        }

        @Test
        void rejectsThreadsStartedByClassesNestedInAHandlerOutsideTheHandlerPackages() {
            assertViolation(rule, classes(PumpingHandler.class),
                    PumpingHandler.class.getName() + "$1.run()", PumpingHandler.class.getName() + "$Pump.start()");
        }

        @Test
        void acceptsAHandlerThatBlocksOnAClientRunningOnAnExecutorItWasGiven() {
            assertPasses(rule, classes(WellBehavedHandler.class));
        }
    }

    @Nested
    class HandlersShouldNeverSleep {

        private final ArchRule rule = ArchitectureRules.handlersShouldNeverSleep;

        @Test
        void rejectsAHandlerThatSleeps() {
            assertViolation(rule, classes(SleepingHandler.class), SleepingHandler.class.getName(),
                    "java.lang.Thread.sleep");
        }

        @Test
        void rejectsAHelperThatSleepsThroughTimeUnitOrParks() {
            assertViolation(rule, classes(HomeMadeBackoff.class), HomeMadeBackoff.class.getName(),
                    "java.util.concurrent.TimeUnit.sleep", "java.util.concurrent.locks.LockSupport.parkNanos");
        }

        @Test
        void acceptsAHandlerThatWaitsForAResultWithATimeout() {
            assertPasses(rule, classes(WellBehavedHandler.class));
        }
    }

    @Nested
    class HandlersShouldNotReadTheEnvironment {

        private final ArchRule rule = ArchitectureRules.handlersShouldNotReadTheEnvironment;

        @Test
        void rejectsAHandlerThatReadsAnEnvironmentVariable() {
            assertViolation(rule, classes(EnvironmentReadingHandler.class), EnvironmentReadingHandler.class.getName(),
                    "java.lang.System.getenv");
        }

        @Test
        void rejectsAHandlerThatReadsSystemPropertiesInAnyForm() {
            assertViolation(rule, classes(PropertyReadingHandler.class), PropertyReadingHandler.class.getName(),
                    "java.lang.System.getProperty(", "java.lang.System.getProperties()",
                    "java.lang.Integer.getInteger", "java.lang.Long.getLong", "java.lang.Boolean.getBoolean");
        }

        @Test
        void acceptsAHandlerConfiguredThroughItsConstructor() {
            assertPasses(rule, classes(WellBehavedHandler.class));
        }
    }

    @Nested
    class OnlyTheSecretsModuleShouldReadTheEnvironment {

        private final ArchRule rule = ArchitectureRules.onlyTheSecretsModuleShouldReadTheEnvironment;

        @Test
        void rejectsCodeOutsideTheSecretsModuleThatReadsTheEnvironmentOrAProperty() {
            assertViolation(rule, classes(PortFromEnvironment.class), PortFromEnvironment.class.getName(),
                    "java.lang.System.getenv", "java.lang.Integer.getInteger");
        }

        @Test
        void acceptsTheSecretsModuleAndCodeThatTakesItsSettingsFromIt() {
            assertPasses(rule, classes(SampleEnvironment.class, SampleWiring.class));
        }
    }

    @Nested
    class OnlyWiringShouldConstructHandlers {

        private final ArchRule rule = ArchitectureRules.onlyWiringShouldConstructHandlers;

        @Test
        void rejectsHandlersBuiltOutsideWiringByConstructorFactoryOrReference() {
            assertViolation(rule, classes(RogueAssembler.class, ConstructibleHandler.class),
                    RogueAssembler.class.getName() + ".handlers()",
                    "calls constructor <" + ConstructibleHandler.class.getName() + ".<init>()>",
                    "calls method <" + ConstructibleHandler.class.getName() + ".create()>",
                    "references constructor <" + ConstructibleHandler.class.getName() + ".<init>()>");
        }

        @Test
        void rejectsAHandlerBuiltOutsideWiringThroughItsNestedBuilder() {
            assertViolation(rule, classes(RogueAssembler.class, WellBehavedHandler.class),
                    RogueAssembler.class.getName() + ".built()",
                    "calls method <" + WellBehavedHandler.Builder.class.getName() + ".build()>");
        }

        @Test
        void acceptsHandlersBuiltByWiringByTheirOwnFactoriesAndBySubclasses() {
            assertPasses(rule, classes(SampleWiring.class, ConstructibleHandler.class, DecoratedHandler.class,
                    WellBehavedHandler.class, WellBehavedHandler.Builder.class));
        }
    }

    @Nested
    class OnlyWiringShouldConstructBuses {

        private final ArchRule rule = ArchitectureRules.onlyWiringShouldConstructBuses;

        @Test
        void rejectsBusesBuiltOutsideWiringByConstructorOrFactory() {
            assertViolation(rule, classes(RogueAssembler.class, ConstructibleBus.class),
                    RogueAssembler.class.getName() + ".buses()",
                    "calls constructor <" + ConstructibleBus.class.getName() + ".<init>()>",
                    "calls method <" + ConstructibleBus.class.getName() + ".inMemory()>");
        }

        @Test
        void acceptsBusesBuiltByWiringOrByTheirOwnFactories() {
            assertPasses(rule, classes(SampleWiring.class, ConstructibleBus.class));
        }
    }

    @Nested
    class NoCodeShouldDiscoverOrReflectivelyBuildClasses {

        private final ArchRule rule = ArchitectureRules.noCodeShouldDiscoverOrReflectivelyBuildClasses;

        @Test
        void rejectsServiceLoadingAndReflectiveConstruction() {
            assertViolation(rule, classes(DiscoveringWiring.class), DiscoveringWiring.class.getName() + ".loaded()",
                    "java.util.ServiceLoader.load(", DiscoveringWiring.class.getName() + ".named(",
                    "java.lang.Class.forName(", "java.lang.reflect.Constructor.newInstance(");
        }

        @Test
        void acceptsFactoriesRegisteredInCode() {
            assertPasses(rule, classes(SampleWiring.class, WellBehavedHandlerFactory.class));
        }
    }

    @Nested
    class OnlyWiringShouldInvokeHandlerFactories {

        private final ArchRule rule = ArchitectureRules.onlyWiringShouldInvokeHandlerFactories;

        @Test
        void rejectsAFactoryInvokedOutsideWiring() {
            assertViolation(rule, classes(RogueAssembler.class), RogueAssembler.class.getName() + ".fromFactory(",
                    "HandlerFactory.create(");
        }

        @Test
        void acceptsWiringInvokingTheRegisteredFactories() {
            assertPasses(rule, classes(SampleWiring.class, WellBehavedHandlerFactory.class));
        }
    }

    @Nested
    class HostApiAndCoreShouldNotNameAConcreteHandler {

        private final ArchRule rule = ArchitectureRules.hostApiAndCoreShouldNotNameAConcreteHandler;

        @Test
        void rejectsCoreCodeThatKnowsAHandlerClass() {
            assertViolation(rule, classes(BuiltInAwareRouter.class), BuiltInAwareRouter.class.getName(),
                    WellBehavedHandler.class.getName());
        }

        @Test
        void acceptsCoreAndApiCodeThatKnowsHandlersThroughTheSpi() {
            assertPasses(rule, classes(RouterSample.class, JavaBaseOnly.class));
        }
    }

    @Nested
    class HandlerFactoriesShouldBePublicFinalHandlerFactories {

        private final ArchRule rule = ArchitectureRules.handlerFactoriesShouldBePublicFinalHandlerFactories;

        @Test
        void rejectsAClassNamedLikeAFactoryThatIsNoHandlerFactoryAndNotFinal() {
            assertViolation(rule, classes(LooseHandlerFactory.class), LooseHandlerFactory.class.getName(),
                    "does not implement " + HandlerFactory.class.getName(), "does not have modifier FINAL");
        }

        @Test
        void acceptsAPublicFinalHandlerFactory() {
            assertPasses(rule, classes(WellBehavedHandlerFactory.class, ResponseMapper.class));
        }
    }

    @Nested
    class LibraryModulesShouldNotPrintStackTracesOrWriteToSystemOut {

        private final ArchRule rule = ArchitectureRules.libraryModulesShouldNotPrintStackTracesOrWriteToSystemOut;

        @Test
        void rejectsPrintedStackTraces() {
            assertViolation(rule, classes(StackTracePrinter.class), StackTracePrinter.class.getName(),
                    "java.lang.RuntimeException.printStackTrace()", "java.lang.Thread.dumpStack()");
        }

        @Test
        void rejectsWritesToStandardOutputAndStandardError() {
            assertViolation(rule, classes(ConsoleReporter.class), ConsoleReporter.class.getName() + ".report",
                    "java.lang.System.out", ConsoleReporter.class.getName() + ".complain", "java.lang.System.err");
        }

        @Test
        void rejectsRuntimeClassesOtherThanTheStdioBridge() {
            assertViolation(rule, classes(RouterSample.class), RouterSample.class.getName());
        }

        @Test
        void allowsTheCommandLineTheLogWriterAndTheStdioBridge() {
            // ResponseMapper keeps the rule from checking nothing once the exempt classes are set aside.
            assertPasses(rule, classes(SampleWiring.class, SampleLogWriter.class, StdioSampleBridge.class,
                    ResponseMapper.class));
        }
    }

    /**
     * Returns the given samples and the classes nested in them, taken from one import of every
     * sample: resolving the JDK types they use once, instead of once per test, keeps the suite fast.
     */
    private static JavaClasses classes(Class<?>... classes) {
        Set<String> names = Arrays.stream(classes).map(Class::getName).collect(Collectors.toSet());
        return Samples.ALL.that(DescribedPredicate.describe("are " + names, javaClass -> isOrIsNestedIn(javaClass, names)));
    }

    private static boolean isOrIsNestedIn(JavaClass javaClass, Set<String> names) {
        for (Optional<JavaClass> current = Optional.of(javaClass); current.isPresent();
                current = current.get().getEnclosingClass()) {
            if (names.contains(current.get().getName())) {
                return true;
            }
        }
        return false;
    }

    private static final class Samples {
        private static final JavaClasses ALL = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.onex.compliance.violations", "io.onex.handler", "io.onex.host.api.violations",
                        "io.onex.host.core.violations", "io.onex.host.core.runtime", "io.onex.host.core.log",
                        "io.onex.wiring.samples", "io.onex.wiring.violations", "io.onex.secrets.samples",
                        "io.onex.health.samples", "io.onex.health.violations");
    }

    private static void assertViolation(ArchRule rule, JavaClasses classes, String... mentions) {
        assertThatThrownBy(() -> rule.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Rule '" + rule.getDescription() + "' was violated")
                .hasMessageContainingAll(mentions);
    }

    private static void assertPasses(ArchRule rule, JavaClasses classes) {
        assertThatCode(() -> rule.check(classes)).doesNotThrowAnyException();
    }
}
