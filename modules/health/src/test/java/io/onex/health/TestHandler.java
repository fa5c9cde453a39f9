package io.onex.health;

import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.core.HandlerRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A handler whose behaviour, health and blocking each test scripts. */
final class TestHandler implements Handler {

    private final HandlerType type;
    volatile Function<Invocation, Map<String, Object>> behaviour = Invocation::payload;
    volatile boolean healthy = true;
    private volatile CountDownLatch gate;

    TestHandler(HandlerType type) {
        this.type = type;
    }

    /** Returns the registry of the types {@link TestHost} binds: local and db, described by name only. */
    static HandlerRegistry registry() {
        return HandlerRegistry.of(List.of(factory("local", "local.echo", "local.transform", "local.error"),
                factory("db", "db.query", "db.execute", "db.transaction")));
    }

    private static HandlerFactory factory(String type, String... operations) {
        return new HandlerFactory() {
            @Override
            public int spiVersion() {
                return SPI_VERSION;
            }

            @Override
            public String type() {
                return type;
            }

            @Override
            public String version() {
                return "test";
            }

            @Override
            public String summary() {
                return "the " + type + " type, by name only";
            }

            @Override
            public List<HandlerDescription.Operation> operations() {
                return Arrays.stream(operations)
                        .map(name -> new HandlerDescription.Operation(name, List.of(), List.of(), List.of())).toList();
            }

            @Override
            public ConfigSchema configSchema() {
                return ConfigSchema.empty();
            }

            @Override
            public Handler create(HandlerBinding binding, Secrets secrets) {
                return new TestHandler(HandlerType.of(type));
            }
        };
    }

    /** Makes every call wait until {@link #release()} (bounded by 30 s). */
    TestHandler holdCalls() {
        gate = new CountDownLatch(1);
        return this;
    }

    void release() {
        CountDownLatch current = gate;
        gate = null;
        if (current != null) {
            current.countDown();
        }
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        CountDownLatch current = gate;
        if (current != null) {
            try {
                current.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return behaviour.apply(invocation);
    }

    @Override
    public HandlerHealth health() {
        return healthy ? HandlerHealth.healthy(Map.of("pool", "open"))
                : HandlerHealth.unhealthy(Map.of("pool", "connection refused"));
    }
}
