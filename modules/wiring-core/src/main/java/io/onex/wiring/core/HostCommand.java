package io.onex.wiring.core;

import io.onex.contract.HandlerConfigResolver;
import io.onex.contract.LoadedContract;
import io.onex.health.HealthServer;
import io.onex.health.HostMetrics;
import io.onex.host.api.ContractValidationException;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.HandlerRegistry;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.host.core.log.JsonLog;
import io.onex.host.api.HostObserver;
import io.onex.host.core.runtime.RuntimeHostProcess;
import io.onex.host.core.runtime.StdioBridge;
import io.onex.host.core.status.HostStatus;
import io.onex.secrets.EnvironmentVariables;
import io.onex.secrets.SecretResolver;
import io.onex.wiring.core.internal.Wiring;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * {@code onex-host run} and {@code onex-host dev}: load the contract, build the host through
 * {@link Wiring}, start it, and stop it cleanly on SIGTERM, SIGINT or (with {@code --stdio}) the
 * end of standard input — draining in-flight work and exiting 0.
 */
final class HostCommand {

    private static final Duration WAIT_STEP = Duration.ofMillis(200);

    private HostCommand() {
    }

    static int run(Wiring wiring, Arguments arguments, PrintStream err) {
        HandlerRegistry handlers = wiring.handlers();
        boolean dev = arguments.command() == Arguments.Command.DEV;
        JsonLog log = JsonLog.to(err, arguments.logLevel());
        String file = arguments.contracts().getFirst();
        EnvironmentVariables environment = EnvironmentVariables.system();
        if (dev && environment.lookup("ENVIRONMENT")
                .map(v -> v.trim().toLowerCase(Locale.ROOT)).filter("prod"::equals).isPresent()) {
            err.println("onex-host: dev refuses to run where ENVIRONMENT=prod; use `onex-host run` in production");
            return HostCli.INVALID;
        }
        RuntimeContract contract;
        try {
            LoadedContract loaded = HostCli.load(handlers, file, arguments.lenient(), false);
            HostCli.printWarnings(loaded.warnings(), err);
            // The documented ONEX_BINDING_* / ONEX_NODE_* overrides, read once, here.
            HandlerConfigResolver.Resolved resolved = HandlerConfigResolver.create(environment)
                    .resolve(loaded.contract());
            contract = resolved.contract();
            if (!resolved.overrides().isEmpty()) {
                log.info("environment overrides applied", "variables", String.join(", ", resolved.overrides()));
            }
        } catch (ContractValidationException e) {
            HostCli.printProblems(e.problems(), err);
            return HostCli.INVALID;
        }
        boolean serve = contract.health().enabled();
        HostMetrics metrics = serve ? HostMetrics.create() : null;
        RuntimeHostProcess host;
        try {
            host = wiring.assemble(contract, dev ? Wiring.Mode.DEV : Wiring.Mode.RUN, log,
                    serve ? metrics : HostObserver.NONE, environment);
        } catch (OnexException e) {
            err.println("onex-host: " + e.getMessage());
            return HostCli.INVALID;
        }
        if (arguments.stdio() && contract.eventBus().kind() != BusKind.INMEMORY) {
            err.println("onex-host: --stdio needs the in-memory bus; with a " + contract.eventBus().kind().wireName()
                    + " bus, write requests to the input topic and read responses from the output topic instead");
            return HostCli.INVALID;
        }
        StdioBridge bridge = null;
        if (arguments.stdio()) {
            bridge = new StdioBridge(host.bus(), contract.eventBus().topics().input(),
                    contract.eventBus().topics().output(), EnvelopeCodec.standard(), log,
                    new FileOutputStream(FileDescriptor.out), StdioBridge.DEFAULT_MAX_LINE_BYTES);
            bridge.attach();
        }
        try {
            host.start();
        } catch (OnexException e) {
            log.error("start-up failed", "code", e.code().name(), "reason", e.getMessage());
            err.println("onex-host: start-up failed: " + HostCli.describeFailure(e));
            return HostCli.INVALID;
        } catch (IllegalStateException e) {
            err.println("onex-host: start-up failed: " + e.getMessage());
            return HostCli.INVALID;
        }
        HealthServer server = null;
        // The health server's bearer token is read through a resolver of its own, built from the
        // same runtime.secrets section as the handlers' one, so it outlives the host's drain.
        SecretResolver serverSecrets = serve && contract.health().auth().isPresent()
                ? wiring.secretSources().resolver(contract.secrets(), environment) : null;
        if (serve) {
            try {
                HealthServer.Builder builder = HealthServer.builder(HostStatus.of(host), host.bus(), metrics).log(log);
                if (serverSecrets != null) {
                    builder.secrets(serverSecrets);
                }
                server = builder.build().start();
            } catch (RuntimeException e) {
                log.error("the health server could not start; stopping", "reason", e.getMessage());
                err.println("onex-host: start-up failed: " + e.getMessage());
                host.shutdown();
                if (serverSecrets != null) {
                    serverSecrets.close();
                }
                return HostCli.INVALID;
            }
        }
        if (dev) {
            log.warn("dev mode: the local handler is allowed and nothing is hardened for production;"
                    + " never use `onex-host dev` in production");
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        handleSignals(stopRequested, log);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(host::shutdown));
        if (bridge != null) {
            bridge.startReading(System.in);
        }
        boolean endOfInput = waitForStop(stopRequested, bridge);
        if (endOfInput) {
            Duration stall = contract.shutdown().grace().compareTo(Duration.ofSeconds(1)) < 0
                    ? Duration.ofSeconds(1) : contract.shutdown().grace();
            if (!bridge.awaitAnswers(stall)) {
                log.warn("end of input: some envelopes are still unanswered; draining",
                        "published", bridge.publishedCount(), "answered", bridge.writtenCount());
            }
        } else if (bridge != null) {
            bridge.stopReading();
        }
        host.shutdown();
        // The server outlives the drain, so probes see the host not ready the whole time.
        if (server != null) {
            server.stop();
        }
        if (serverSecrets != null) {
            serverSecrets.close();
        }
        if (bridge != null) {
            bridge.detach();
        }
        return HostCli.OK;
    }

    /** Waits for a stop signal or, with a bridge, the end of input; returns whether input ended. */
    private static boolean waitForStop(CountDownLatch stopRequested, StdioBridge bridge) {
        while (true) {
            try {
                if (bridge != null && bridge.awaitEndOfInput(WAIT_STEP)) {
                    return true;
                }
                if (stopRequested.await(bridge == null ? 1_000 : 1, TimeUnit.MILLISECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static void handleSignals(CountDownLatch stopRequested, JsonLog log) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    log.info("signal received; stopping", "signal", "SIG" + signal.getName());
                    stopRequested.countDown();
                });
            } catch (IllegalArgumentException e) {
                // The platform does not let us handle this signal; the shutdown hook still drains.
                log.warn("cannot handle signal", "signal", "SIG" + name);
            }
        }
    }
}
