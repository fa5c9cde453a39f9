package io.onex.perf;

import io.onex.contract.ContractLoader;
import io.onex.contract.LoadOptions;
import io.onex.contract.ValueResolver;
import io.onex.host.api.Envelope;
import io.onex.host.api.Inbound;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.HandlerRegistry;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.runtime.HostObserver;
import io.onex.host.core.runtime.RuntimeHostProcess;
import io.onex.wiring.OnexHost;
import io.onex.wiring.core.internal.Wiring;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real runtime host in this process, assembled by {@link Wiring} from a contract on disk, with a
 * subscriber on its output topic that counts responses and hands single responses to callers.
 * One host runs per process: close it before starting the next.
 */
public final class HostDriver implements AutoCloseable {

    private final RuntimeHostProcess host;
    private final String input;
    private final Semaphore responses = new Semaphore(0);
    private final Map<UUID, CompletableFuture<Envelope>> awaited = new ConcurrentHashMap<>();

    private HostDriver(RuntimeHostProcess host) {
        this.host = host;
        this.input = host.contract().eventBus().topics().input();
    }

    /**
     * Loads {@code runtime} with {@code variables} for its placeholders, assembles the host in
     * {@code mode} with {@code observer}, and starts it. The host logs warnings and errors only,
     * and to nowhere: logging is not what is measured.
     */
    public static HostDriver start(Path runtime, Map<String, String> variables, Wiring.Mode mode, HostObserver observer) {
        // The handlers of the onex-host command: the built-in ones, as OnexHost composes them.
        HandlerRegistry handlers = HandlerRegistry.of(OnexHost.builder().build().handlers());
        RuntimeContract contract = ContractLoader.create(handlers, ValueResolver.of(variables), LoadOptions.strict())
                .load(runtime).contract();
        JsonLog log = JsonLog.to(new PrintStream(OutputStream.nullOutputStream()), JsonLog.Level.ERROR);
        HostDriver driver = new HostDriver(Wiring.of(handlers).assemble(contract, mode, log, observer));
        driver.host.bus().subscribe(contract.eventBus().topics().output(), (topic, message, settlement) -> {
            Envelope response = ((Inbound.Decoded) message).envelope();
            // A batch (publishAll) awaits no single response: no lookup then, as the bare relay makes none.
            CompletableFuture<Envelope> waiting = response.causationId() == null || driver.awaited.isEmpty() ? null
                    : driver.awaited.remove(response.causationId());
            if (waiting != null) {
                waiting.complete(response);
            }
            driver.responses.release();
            settlement.complete();
        });
        driver.host.start();
        return driver;
    }

    /** Returns the running host. */
    public RuntimeHostProcess host() {
        return host;
    }

    /** Publishes every request on the host's input topic without waiting for responses. */
    public void publishAll(List<Envelope> requests) {
        for (Envelope request : requests) {
            host.bus().publish(input, request);
        }
    }

    /** Waits until {@code count} more responses have arrived; returns false when {@code limit} ran out first. */
    public boolean awaitResponses(int count, Duration limit) {
        try {
            return responses.tryAcquire(count, limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Publishes {@code request} and returns its response.
     *
     * @throws IllegalStateException when no response arrives within {@code limit}
     */
    public Envelope call(Envelope request, Duration limit) {
        CompletableFuture<Envelope> response = new CompletableFuture<>();
        awaited.put(request.envelopeId(), response);
        host.bus().publish(input, request);
        try {
            Envelope answer = response.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            responses.acquireUninterruptibly();
            return answer;
        } catch (TimeoutException e) {
            throw new IllegalStateException("no response to " + request.operation() + " within " + limit, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a response", e);
        } finally {
            awaited.remove(request.envelopeId());
        }
    }

    @Override
    public void close() {
        host.shutdown();
    }
}
