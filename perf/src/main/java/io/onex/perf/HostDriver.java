package io.onex.perf;

import io.onex.host.api.Envelope;
import io.onex.wiring.OnexHost;
import io.onex.wiring.RunningHost;
import io.onex.wiring.StartOptions;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real runtime host in this process, started from a contract on disk as an application embeds
 * one ({@link OnexHost#start}), with a subscriber on its output topic that counts responses and
 * hands single responses to callers. One host runs per process: close it before starting the next.
 */
public final class HostDriver implements AutoCloseable {

    private final RunningHost host;
    private final Arrivals responses = new Arrivals();
    private final Map<UUID, CompletableFuture<Envelope>> awaited = new ConcurrentHashMap<>();

    private HostDriver(RunningHost host) {
        this.host = host;
    }

    /**
     * Starts the host of {@code runtime} with {@code variables} for its placeholders and
     * {@code options} (the built-in handlers, as the onex-host command composes them). The host
     * logs nothing: logging is not what is measured.
     */
    public static HostDriver start(Path runtime, Map<String, String> variables, StartOptions options) {
        HostDriver driver = new HostDriver(OnexHost.builder().build().start(runtime, variables,
                options.log(OutputStream.nullOutputStream(), System.Logger.Level.OFF)));
        driver.host.subscribe(response -> {
            // A batch (publishAll) awaits no single response: no lookup then, as the bare relay makes none.
            CompletableFuture<Envelope> waiting = response.causationId() == null || driver.awaited.isEmpty() ? null
                    : driver.awaited.remove(response.causationId());
            if (waiting != null) {
                waiting.complete(response);
            }
            driver.responses.arrive();
        });
        return driver;
    }

    /** Returns the running host. */
    public RunningHost host() {
        return host;
    }

    /** Publishes every request on the host's input topic without waiting for responses. */
    public void publishAll(List<Envelope> requests) {
        for (Envelope request : requests) {
            host.publish(request);
        }
    }

    /** Waits until {@code count} more responses have arrived; returns false when {@code limit} ran out first. */
    public boolean awaitResponses(int count, Duration limit) {
        return responses.await(count, limit);
    }

    /**
     * Publishes {@code request} and returns its response.
     *
     * @throws IllegalStateException when no response arrives within {@code limit}
     */
    public Envelope call(Envelope request, Duration limit) {
        CompletableFuture<Envelope> response = new CompletableFuture<>();
        awaited.put(request.envelopeId(), response);
        host.publish(request);
        try {
            Envelope answer = response.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            // The subscriber counts the response just after handing it over.
            if (!responses.await(1, limit)) {
                throw new IllegalStateException("the response to " + request.operation() + " was not counted within "
                        + limit);
            }
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
        host.close();
    }
}
