package io.onex.health;

import io.onex.host.api.Envelope;
import io.onex.host.api.EventBus;
import io.onex.host.api.Inbound;
import io.onex.host.api.Settlement;
import io.onex.host.api.Subscription;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Matches responses on the output topic to requests sent by a caller who waits for them: the
 * response to a request is the envelope whose {@code causation_id} is the request's
 * {@code envelope_id}.
 *
 * <p>Subscribes once to the output topic; every waiting request is one entry in a bounded map,
 * removed when its response arrives or its wait runs out. Responses nobody waits for are passed
 * over (other subscribers of the topic get them as usual).
 */
final class ResponseCorrelator implements AutoCloseable {

    private final Map<UUID, CompletableFuture<Envelope>> waiting = new ConcurrentHashMap<>();
    private final EnvelopeCodec codec;
    private final int maxWaiting;
    private final Subscription subscription;

    private ResponseCorrelator(EventBus bus, String outputTopic, EnvelopeCodec codec, int maxWaiting) {
        this.codec = codec;
        this.maxWaiting = maxWaiting;
        this.subscription = bus.subscribe(outputTopic, this::onDelivery);
    }

    /**
     * Subscribes to {@code outputTopic} of {@code bus} and returns a correlator that lets at most
     * {@code maxWaiting} requests wait at once.
     */
    public static ResponseCorrelator attach(EventBus bus, String outputTopic, EnvelopeCodec codec, int maxWaiting) {
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(outputTopic, "outputTopic");
        Objects.requireNonNull(codec, "codec");
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("maxWaiting must be at least 1: " + maxWaiting);
        }
        return new ResponseCorrelator(bus, outputTopic, codec, maxWaiting);
    }

    /** What registering a request to wait for came to. */
    public enum Registration {
        /** The request is registered; publish it, then {@link #await} its response. */
        REGISTERED,
        /** Another request with the same envelope id is already waiting. */
        DUPLICATE,
        /** As many requests as allowed are waiting already. */
        FULL
    }

    /** Registers {@code requestId} before its request is published, so its response cannot be missed. */
    public Registration expect(UUID requestId) {
        if (waiting.size() >= maxWaiting) {
            return Registration.FULL;
        }
        return waiting.putIfAbsent(requestId, new CompletableFuture<>()) == null
                ? Registration.REGISTERED : Registration.DUPLICATE;
    }

    /**
     * Waits at most {@code limit} for the response to the registered request {@code requestId}
     * and forgets the request either way. Returns empty when the wait ran out.
     */
    public Optional<Envelope> await(UUID requestId, Duration limit) {
        CompletableFuture<Envelope> future = waiting.get(requestId);
        if (future == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(future.get(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } finally {
            waiting.remove(requestId, future);
        }
    }

    /** Forgets a registered request whose publishing failed. */
    public void forget(UUID requestId) {
        waiting.remove(requestId);
    }

    /** Returns how many requests are waiting now. */
    public int waitingCount() {
        return waiting.size();
    }

    private void onDelivery(String topic, Inbound message, Settlement settlement) {
        try {
            if (waiting.isEmpty()) {
                return;
            }
            Envelope response = switch (message) {
                case Inbound.Decoded decoded -> decoded.envelope();
                case Inbound.Encoded encoded -> switch (codec.decode(encoded.json())) {
                    case DecodeResult.Decoded ok -> ok.envelope();
                    case DecodeResult.Rejected rejected -> null;
                };
            };
            if (response != null && response.causationId() != null) {
                CompletableFuture<Envelope> future = waiting.get(response.causationId());
                if (future != null) {
                    future.complete(response);
                }
            }
        } finally {
            settlement.complete();
        }
    }

    /** Stops listening; requests still waiting run out their waits. */
    @Override
    public void close() {
        subscription.close();
    }
}
