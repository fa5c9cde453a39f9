package io.onex.handler.compliant;

import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A handler that follows every rule while doing what real handlers do: it hands work to a
 * client library's executor that io.onex.wiring built and passed in, blocks on the result with a
 * timeout from its configuration, and builds itself through a static factory and a builder.
 */
public final class WellBehavedHandler implements Handler {

    private final Executor clientExecutor;
    private final Duration timeout;

    private WellBehavedHandler(Executor clientExecutor, Duration timeout) {
        this.clientExecutor = Objects.requireNonNull(clientExecutor, "clientExecutor");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Returns a handler that runs client calls on {@code clientExecutor}. */
    public static WellBehavedHandler create(Executor clientExecutor, Duration timeout) {
        return new WellBehavedHandler(clientExecutor, timeout);
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        CompletableFuture<Map<String, Object>> call = CompletableFuture
                .supplyAsync(invocation::payload, clientExecutor)
                .thenApplyAsync(payload -> Map.<String, Object>of("echo", payload), clientExecutor);
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnexTimeoutException("interrupted while waiting for the client", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new OnexTimeoutException("the client did not answer in time", e);
        }
    }

    @Override
    public HandlerHealth health() {
        return HandlerHealth.healthy(Map.of("timeout_ms", timeout.toMillis()));
    }

    /** Builds the handler step by step; nested in it, so it may call its constructor. */
    public static final class Builder {
        private Executor clientExecutor = Runnable::run;
        private Duration timeout = Duration.ofSeconds(1);

        /** Sets the executor the client library runs on. */
        public Builder clientExecutor(Executor value) {
            this.clientExecutor = value;
            return this;
        }

        /** Sets how long execute waits for the client. */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** Returns the handler. */
        public WellBehavedHandler build() {
            return new WellBehavedHandler(clientExecutor, timeout);
        }
    }
}
