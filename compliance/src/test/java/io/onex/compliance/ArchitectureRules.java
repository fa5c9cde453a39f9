package io.onex.compliance;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.onex.compliance.HostPredicates.anyCallTo;
import static io.onex.compliance.HostPredicates.asyncCallWithoutExecutor;
import static io.onex.compliance.HostPredicates.buildsFromOutside;
import static io.onex.compliance.HostPredicates.callTo;
import static io.onex.compliance.HostPredicates.concrete;
import static io.onex.compliance.HostPredicates.constructionOf;
import static io.onex.compliance.HostPredicates.exportedByJavaBase;
import static io.onex.compliance.HostPredicates.handlerCode;
import static io.onex.compliance.HostPredicates.outsideTheStdioBridge;
import static io.onex.compliance.HostPredicates.standardStreamAccess;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.onex.host.api.EventBus;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.OnexException;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The architecture rules of the ONEX Runtime Host, checked against the compiled classes of every
 * module by {@code ArchitectureRulesTest}. Each rule is named as the sentence it enforces, and its
 * {@code because} says why it holds and what to do instead, so the failure message is enough to
 * fix a violation.
 *
 * <p>Rules are written on package patterns ({@code io.onex.handler..}, {@code io.onex.host.core..})
 * and on the {@link Handler} and {@link EventBus} types rather than on a list of classes, so a new
 * module (handler-http, handler-db, bus-kafka, secrets, health, testkit) is covered the day it
 * appears. The module-level invariants (exports, module names, descriptor snapshots) are in
 * {@link ModuleRules} and {@code ModuleDescriptorSnapshotTest}.
 */
public final class ArchitectureRules {

    /** host-api is the one module everyone compiles against: nothing but java.base and itself. */
    public static final ArchRule hostApiShouldDependOnNothingButJavaBase = classes()
            .that().resideInAPackage("io.onex.host.api..")
            .should().onlyDependOnClassesThat(exportedByJavaBase().or(resideInAPackage("io.onex.host.api..")))
            .because("io.onex.host.api is what every node and handler author compiles against and what every "
                    + "runtime image contains, so its dependencies become everyone's dependencies. Use only "
                    + "types from java.base (not java.sql, java.net.http, java.logging, nor any library or other "
                    + "io.onex module) there; put code that needs more into host-core or the module that needs "
                    + "it, and expose it through a host-api interface or record");

    /** The API and the core run without any broker, database, HTTP, secrets or metrics library. */
    public static final ArchRule hostApiAndCoreShouldNotImportTransportLibraries = noClasses()
            .that().resideInAnyPackage("io.onex.host.api..", "io.onex.host.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.kafka..",        // bus-kafka
                    "io.r2dbc..",                // handler-db
                    "org.postgresql..",          // handler-db
                    "reactor..",                 // r2dbc's reactive runtime
                    "io.netty..",                // the network layer under r2dbc and reactor
                    "io.github.jopenlibs..",     // the Vault driver, secrets
                    "io.helidon..",              // health
                    "java.net.http..",           // handler-http
                    "io.micrometer..",           // metrics, health
                    "io.opentelemetry..")        // tracing (io.onex.tracing, behind host-core's EnvelopeTracer)
            // Not listed: io.smallrye.. (SmallRye Fault Tolerance). It is no transport library
            // and needs no service to run; DESIGN.md puts the resilience guard in host-core.
            .because("host-api and host-core must load and run with no broker, database, network, secrets or "
                    + "metrics library present: the quickstart, the in-memory bus and every other module build "
                    + "on them. Put transport code in its own module "
                    + "(handler-http, handler-db, bus-kafka, secrets, health) behind the Handler or EventBus "
                    + "interface and register it in io.onex.wiring; if the core needs a service from a library, "
                    + "declare a small interface in the core and implement it in that module");

    /** The host owns concurrency: handler code starts no thread, pool or timer of its own. */
    public static final ArchRule handlersShouldNotCreateThreadsOrExecutors = noClasses()
            .that(handlerCode())
            .should().accessTargetWhere(or(
                    constructionOf("new Thread(...)", Thread.class),
                    callTo("Thread.start/startVirtualThread/ofVirtual/ofPlatform", Thread.class,
                            "start", "startVirtualThread", "ofVirtual", "ofPlatform"),
                    anyCallTo("Thread.Builder", Thread.Builder.class),
                    callTo("ThreadFactory.newThread", ThreadFactory.class, "newThread"),
                    anyCallTo("Executors.*", Executors.class),
                    constructionOf("new <any ExecutorService> (ThreadPoolExecutor, ForkJoinPool, ...)",
                            ExecutorService.class),
                    callTo("ForkJoinPool.commonPool()", ForkJoinPool.class, "commonPool"),
                    constructionOf("new java.util.Timer(...)", Timer.class),
                    asyncCallWithoutExecutor(),
                    // These arm a timer on a JDK-owned scheduler thread; timeouts are the binding's policy.
                    callTo("CompletableFuture.delayedExecutor/orTimeout/completeOnTimeout", CompletableFuture.class,
                            "delayedExecutor", "orTimeout", "completeOnTimeout"))
                    .as("target starts a thread, a pool or a timer"))
            .because("the host owns concurrency: every execute() already runs on a "
                    + "host-owned virtual thread, bounded by the host's in-flight limit and the binding's "
                    + "bulkhead and drained on shutdown, while a thread, pool or timer a handler starts escapes "
                    + "those limits, outlives shutdown and hides work from the drain. Block inside execute() "
                    + "instead (blocking is cheap on a virtual thread; block on a reactive client's result), "
                    + "leave timeouts and retries to the binding's resilience policy, and if a client library "
                    + "needs an Executor, build it in io.onex.wiring and pass it to the handler's constructor");

    /** Handler code never pauses for a fixed time. */
    public static final ArchRule handlersShouldNeverSleep = noClasses()
            .that(handlerCode())
            .should().accessTargetWhere(or(
                    callTo("Thread.sleep", Thread.class, "sleep"),
                    callTo("TimeUnit.sleep", TimeUnit.class, "sleep"),
                    callTo("LockSupport.parkNanos/parkUntil", LockSupport.class, "parkNanos", "parkUntil"))
                    .as("target sleeps or parks for a fixed time"))
            .because("a sleeping handler holds a host thread and a bulkhead slot doing nothing, delays the "
                    + "drain on shutdown and makes tests slow and flaky. To retry, throw a "
                    + "retryable OnexException (for example ServiceUnavailableException) and let the binding's "
                    + "retry policy back off; to wait for I/O, block on the I/O call itself with its timeout");

    /** Handler configuration comes from the contract, never from the process environment. */
    public static final ArchRule handlersShouldNotReadTheEnvironment = noClasses()
            .that(handlerCode())
            .should().accessTargetWhere(readsTheEnvironment())
            .because("a handler's configuration is its contract binding, handed to it when io.onex.wiring "
                    + "builds it, and every secret or environment value after start-up goes through "
                    + "SecretResolver, so it is validated, redacted from logs and the same "
                    + "in tests as in production. Add the setting to the binding's config (or a secret_ref) "
                    + "and take it as a constructor parameter instead");

    /**
     * After start-up, the secret resolver is the one reader of environment variables and system
     * properties: the {@code io.onex.secrets} module (its {@code EnvironmentVariables} also answers the
     * contract loader's {@code ${VAR}} placeholders and the start-up overrides). The testkit runs
     * test services and is never part of a host.
     */
    public static final ArchRule onlyTheSecretsModuleShouldReadTheEnvironment = noClasses()
            .that().resideOutsideOfPackages("io.onex.secrets..", "io.onex.testkit..")
            .should().accessTargetWhere(readsTheEnvironment())
            .because("every secret or environment value goes through SecretResolver (module io.onex.secrets), "
                    + "so it is read in one place, validated, cached by the contract's rules and never "
                    + "logged. Take the value from the contract (a ${VAR} placeholder or a secret_ref), or "
                    + "from io.onex.secrets.EnvironmentVariables handed to you by io.onex.wiring");

    /**
     * The wiring module is the only place where handlers are built, through their factories; a
     * handler module's own {@code HandlerFactory} is where its handler's constructor is called
     * (issue #14).
     */
    public static final ArchRule onlyWiringShouldConstructHandlers = noClasses()
            .that().resideOutsideOfPackage("io.onex.wiring..")
            .and().areNotAssignableTo(HandlerFactory.class)
            .should().accessTargetWhere(buildsFromOutside(Handler.class))
            .because("io.onex.wiring is the composition root: it builds one handler per binding through the "
                    + "binding type's registered HandlerFactory, and the host then owns that handler's "
                    + "lifecycle (initialize once, execute, shutdown exactly once) and its bulkhead. A handler "
                    + "built elsewhere escapes both. Handler modules export their packages only to "
                    + "io.onex.wiring, so the compiler refuses this across modules; this rule also covers code "
                    + "inside the same module. Build the handler in your module's HandlerFactory.create, "
                    + "register the factory with OnexHost, and receive the handler as a Handler instead");

    /**
     * The health server reads the host only through its read-only status view
     * ({@code io.onex.host.core.status}); the observer hooks it implements are host-api's
     * ({@code HostObserver}, {@code EnvelopeMeter}), so it needs nothing of the engine's package (issue #17).
     */
    public static final ArchRule healthShouldReadTheHostOnlyThroughItsStatusView = noClasses()
            .that().resideInAPackage("io.onex.health..")
            .should().dependOnClassesThat().resideInAPackage("io.onex.host.core.runtime..")
            .because("a health server that holds the engine's classes (RuntimeHostProcess, ManagedHandler, "
                    + "NodeStats) can change what it only reports on, and ties the engine's shape to the "
                    + "health module. Read the host through io.onex.host.core.status.HostStatus (add a "
                    + "read-only accessor or record there) and record metrics through host-api's HostObserver and EnvelopeMeter");

    /** The engine never needs contract loading: contracts reach it already loaded. */
    public static final ArchRule theEngineShouldNotDependOnContractLoading = noClasses()
            .that().resideInAPackage("io.onex.host.core..")
            .should().dependOnClassesThat(resideInAPackage("io.onex.contract.."))
            .because("io.onex.contract (YAML readers, the loader, schema generators) sits above host-core in "
                    + "the dependency rule: the engine runs a RuntimeContract (host-api), however it was "
                    + "made. Take the host-api contract records instead");

    /**
     * The composition modules are the only place where event buses are built: the core (the
     * in-memory bus), the full host and the distributions (the buses they register).
     */
    public static final ArchRule onlyWiringShouldConstructBuses = noClasses()
            .that().resideOutsideOfPackages("io.onex.wiring..", "io.onex.distribution..")
            .should().accessTargetWhere(buildsFromOutside(EventBus.class))
            .because("io.onex.wiring builds the one event bus of a host from the bus kinds its composition "
                    + "registers (io.onex.wiring, a distribution's io.onex.distribution.* module) and hands "
                    + "it to the host, which starts it, subscribes and stops it exactly once. "
                    + "A bus built elsewhere is never drained or stopped. Bus "
                    + "packages are exported only to io.onex.wiring; register the bus in io.onex.wiring's "
                    + "table and receive it as an EventBus instead");

    /**
     * Only the composition root calls a handler factory's {@code create}: a handler built
     * anywhere else escapes the host's lifecycle and guards (DESIGN.md, "The SPI is open, the
     * wiring is static"; issue #14).
     */
    public static final ArchRule onlyWiringShouldInvokeHandlerFactories = noClasses()
            .that().resideOutsideOfPackage("io.onex.wiring..")
            .should().accessTargetWhere(callTo("target is HandlerFactory.create", HandlerFactory.class, "create"))
            .because("a handler factory is the handle a handler module exposes, and io.onex.wiring is the one "
                    + "place that turns a binding into a live handler with it (OnexHost registers factories, "
                    + "Wiring builds one handler per enabled binding and hands it to the host, which owns its "
                    + "lifecycle and guards). Register the factory with OnexHost.builder().handler(...) and "
                    + "receive the handler as a Handler instead");

    /**
     * Handlers and buses are registered in code, never discovered: no service loading and no
     * construction by reflection anywhere in the project's code (DESIGN.md, "The SPI is open, the
     * wiring is static"). {@code uses}/{@code provides} are refused by
     * {@code ModuleRules.modulesShouldNotUseOrProvideServices}.
     */
    public static final ArchRule noCodeShouldDiscoverOrReflectivelyBuildClasses = noClasses()
            .that().resideInAPackage("io.onex..")
            .should().accessTargetWhere(or(
                    anyCallTo("target is a ServiceLoader method", java.util.ServiceLoader.class),
                    callTo("target is Class.forName or a reflective constructor lookup", Class.class,
                            "forName", "getConstructor", "getDeclaredConstructor", "getConstructors",
                            "getDeclaredConstructors", "newInstance"),
                    callTo("target is a reflective construction or call", java.lang.reflect.Constructor.class,
                            "newInstance"),
                    callTo("target is a reflective method call", java.lang.reflect.Method.class, "invoke")))
            .because("what a host can run is fixed when the program is linked: factories are registered with "
                    + "OnexHost.builder().handler(...) and buses come from wiring's table. Discovery and "
                    + "reflection hide that from the compiler, from jlink and from review. Register the "
                    + "factory in your application's main instead");

    /**
     * host-api and host-core know handlers only through the SPI: handler types are open names, and
     * each handler module describes itself (issue #14).
     */
    public static final ArchRule hostApiAndCoreShouldNotNameAConcreteHandler = noClasses()
            .that().resideInAnyPackage("io.onex.host.api..", "io.onex.host.core..")
            .should().dependOnClassesThat().resideInAPackage("io.onex.handler..")
            .because("host-api and host-core are the platform every handler, built in or a third party's, "
                    + "plugs into: they learn a handler's type, operations and config schema from its "
                    + "HandlerFactory, registered by io.onex.wiring. Move what is specific to one handler into "
                    + "its module, behind its factory (a contract rule goes into HandlerFactory.check)");

    /**
     * A handler module exposes a factory handle and nothing else: each class named
     * {@code *HandlerFactory} in {@code io.onex.handler..} is a public final {@link HandlerFactory}.
     */
    public static final ArchRule handlerFactoriesShouldBePublicFinalHandlerFactories = classes()
            .that().resideInAPackage("io.onex.handler..").and().haveSimpleNameEndingWith("HandlerFactory")
            .should().implement(HandlerFactory.class).andShould().bePublic()
            .andShould().haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
            .because("the factory is the one handle io.onex.wiring (and an application's OnexHost) registers: "
                    + "it must be an io.onex.host.api.HandlerFactory that wiring can construct and that no one "
                    + "can subclass to change what the host was told. Implement HandlerFactory in a public "
                    + "final class with a public no-argument constructor, or rename a class that is not one");

    /**
     * Library code writes nothing to the standard streams. The exceptions, each resting on the
     * specification:
     * <ul>
     *   <li>{@code io.onex.wiring}: the onex-host command line talks to its user on standard
     *       output and standard error by design (SPEC.md section 11: usage, validate and describe
     *       output, start-up errors).</li>
     *   <li>{@code io.onex.host.core.log}: the log writer is where the JSON-lines log goes to
     *       standard error (SPEC.md sections 7 and 11).</li>
     *   <li>{@code io.onex.host.core.runtime.Stdio*}: the stdio bridge of {@code --stdio} mode
     *       writes each response envelope as one JSON line to standard output (SPEC.md section
     *       11).</li>
     * </ul>
     */
    public static final ArchRule libraryModulesShouldNotPrintStackTracesOrWriteToSystemOut = noClasses()
            .that().resideInAPackage("io.onex..")
            .and().resideOutsideOfPackages("io.onex.wiring..", "io.onex.host.core.log..")
            .and(outsideTheStdioBridge())
            .should().accessTargetWhere(or(
                    callTo("Throwable.printStackTrace", Throwable.class, "printStackTrace"),
                    callTo("Thread.dumpStack", Thread.class, "dumpStack"))
                    .as("target prints a stack trace"))
            .orShould().accessFieldWhere(standardStreamAccess())
            .because("standard output carries the response envelopes of --stdio mode, one JSON line each, and "
                    + "standard error carries the JSON-lines log: a stray line or "
                    + "stack trace corrupts both and may leak a secret. Log through the structured logger in "
                    + "io.onex.host.core.log with the exception as the cause, or map the failure to an "
                    + "OnexException; only the command line (io.onex.wiring), the log writer "
                    + "(io.onex.host.core.log) and the stdio bridge (io.onex.host.core.runtime.Stdio*) write "
                    + "to the standard streams");

    /**
     * A handler's public surface speaks only the host's error types: no public method or
     * constructor of a public class of handler code declares, takes or returns a library
     * exception. (Package-private helpers may implement library callbacks such as
     * {@code Flow.Subscriber.onError(Throwable)}; they are not part of any signature others see.)
     */
    public static final ArchRule handlersShouldNotExposeLibraryExceptions = codeUnits()
            .that().areDeclaredInClassesThat(handlerCode())
            .and().areDeclaredInClassesThat().arePublic()
            .and().arePublic()
            .should(new ArchCondition<JavaCodeUnit>("declare, take and return no exception type but the host's "
                    + "OnexException family") {
                @Override
                public void check(JavaCodeUnit codeUnit, ConditionEvents events) {
                    List<JavaClass> exposed = new ArrayList<>(codeUnit.getThrowsClause().getTypes());
                    exposed.add(codeUnit.getRawReturnType());
                    exposed.addAll(codeUnit.getRawParameterTypes());
                    for (JavaClass type : exposed) {
                        if (type.isAssignableTo(Throwable.class) && !type.isAssignableTo(OnexException.class)) {
                            events.add(SimpleConditionEvent.violated(codeUnit, codeUnit.getFullName()
                                    + " exposes " + type.getName() + " in " + codeUnit.getSourceCodeLocation()));
                        }
                    }
                }
            })
            .because("the router and the bus only understand OnexException and its error codes; a library "
                    + "exception in a handler's public signature leaks the transport into every caller and "
                    + "bypasses the error mapping. Catch the library exception inside the handler and throw the "
                    + "matching OnexException subclass (ConnectionException, OnexTimeoutException, "
                    + "ServiceUnavailableException, HandlerExecutionException, ...) instead");

    private ArchitectureRules() {
    }

    private static com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaAccess<?>>
            readsTheEnvironment() {
        return or(
                callTo("System.getenv/getProperty/getProperties", System.class, "getenv", "getProperty",
                        "getProperties"),
                callTo("Integer.getInteger", Integer.class, "getInteger"),
                callTo("Long.getLong", Long.class, "getLong"),
                callTo("Boolean.getBoolean", Boolean.class, "getBoolean"))
                .as("target reads an environment variable or a system property");
    }
}
