package io.onex.wiring;

import io.onex.host.api.Envelope;
import io.onex.host.api.EventBus;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.wiring.core.EmbeddedHost;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A runtime host running in this process, started by {@link OnexHost#start}. It runs exactly as
 * {@code onex-host run} (or {@code dev}) runs the same contract, without the command line, signal
 * handling or health server; {@link #close()} stops it as SIGTERM would.
 *
 * <p>On the in-memory bus ({@code event_bus.kind: inmemory}) an application talks to it directly:
 * {@link #publish} puts a request on the input topic, {@link #subscribe} hears every response on
 * the output topic, and {@link #call} does both for one request. Envelopes travel as objects,
 * never as JSON. With the Kafka bus, requests and responses go through the broker's topics.
 *
 * <p>One runtime host runs per process: close one before starting the next.
 */
public final class RunningHost implements AutoCloseable {

    private final EmbeddedHost host;
    private final Map<UUID, CompletableFuture<Envelope>> awaited = new ConcurrentHashMap<>();

    RunningHost(EmbeddedHost host) {
        this.host = host;
        if (host.contract().eventBus().kind() == BusKind.INMEMORY) {
            host.subscribe(this::answered);
        }
    }

    /**
     * Publishes {@code request} on the input topic; its response (or error envelope) comes out on
     * the output topic, to the listeners of {@link #subscribe}.
     *
     * @throws IllegalStateException when the host's bus is not the in-memory bus
     */
    public void publish(Envelope request) {
        host.publish(request);
    }

    /**
     * Hands {@code listener} every envelope published on the output topic from now on: exactly
     * one response per request, whose {@code causation_id} is the request's {@code envelope_id}.
     * It runs on the bus's delivering thread, which it holds up: keep it short.
     *
     * @throws IllegalStateException when the host's bus is not the in-memory bus
     */
    public void subscribe(Consumer<Envelope> listener) {
        host.subscribe(listener);
    }

    /**
     * Publishes {@code request} and returns its response, the success or the error envelope,
     * waiting at most {@code limit}.
     *
     * @throws IllegalStateException when no response came within {@code limit}, or the host's bus
     *                               is not the in-memory bus
     */
    public Envelope call(Envelope request, Duration limit) {
        CompletableFuture<Envelope> response = new CompletableFuture<>();
        awaited.put(request.envelopeId(), response);
        try {
            host.publish(request);
            return response.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no response to " + request.operation() + " (envelope "
                    + request.envelopeId() + ") within " + limit);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a response", e);
        } finally {
            awaited.remove(request.envelopeId());
        }
    }

    /** Returns the contract the host runs, as loaded: variables resolved, {@code ONEX_*} overrides applied. */
    public RuntimeContract contract() {
        return host.contract();
    }

    /**
     * Returns the host's bus, e.g. to publish on or subscribe to topics of its own; the host
     * starts and stops it.
     */
    public EventBus bus() {
        return host.bus();
    }

    /** Returns the host's lifecycle state: {@code running}, then {@code draining} and {@code stopped}. */
    public String state() {
        return host.state();
    }

    /**
     * Returns the host's status as the health server's {@code /health/handlers} serves it, read
     * now: {@code state}, {@code readiness}, {@code bindings} (each binding's {@code name},
     * {@code healthy}, {@code health} details, {@code breaker}, {@code calls}, {@code failures},
     * {@code retries}, {@code rejections}...), {@code nodes} (each node's counts and readiness),
     * {@code unrouted} and {@code bus} (see docs/OPERATIONS.md). {@code latency} is null: it comes
     * from the health server's metrics. Nothing in it is secret.
     */
    public Map<String, Object> status() {
        return host.status();
    }

    /**
     * Stops the host as {@code onex-host} stops on SIGTERM: stops taking input, drains what it
     * accepted within {@code shutdown.grace_seconds} (answering what is left with
     * SERVICE_UNAVAILABLE), stops the bus, shuts every handler down once and closes the secret
     * resolver. Returns once the host has stopped; calling it again does nothing.
     */
    @Override
    public void close() {
        host.close();
    }

    private void answered(Envelope response) {
        // Most responses are awaited by no call: no lookup then.
        if (!awaited.isEmpty() && response.causationId() != null) {
            CompletableFuture<Envelope> waiting = awaited.remove(response.causationId());
            if (waiting != null) {
                waiting.complete(response);
            }
        }
    }
}
