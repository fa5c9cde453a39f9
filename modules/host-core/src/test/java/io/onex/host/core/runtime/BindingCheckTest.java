package io.onex.host.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.api.contract.HandlerBinding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The host checks a binding actively while it is up: the latest result joins the handler's own
 * health, checks are spaced by the interval with at most one in flight, a check that hangs counts
 * as failed, and nothing is checked after shutdown.
 */
class BindingCheckTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    /** A handler whose own health is always good and whose active check the test scripts. */
    private static final class CheckedHandler implements io.onex.host.api.Handler {
        final AtomicInteger checks = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile boolean up = true;
        volatile boolean hang;
        volatile boolean nothingToCheck;

        @Override
        public Map<String, Object> execute(Invocation invocation) {
            return Map.of();
        }

        @Override
        public HandlerHealth health() {
            return HandlerHealth.healthy(Map.of("own", "report"));
        }

        @Override
        public Optional<HandlerHealth> check() {
            if (nothingToCheck) {
                checks.incrementAndGet();
                return Optional.empty();
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                checks.incrementAndGet();
                // A hung check that even ignores interrupts, for at most 30 s.
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (hang && System.nanoTime() < end) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ignored) {
                        // keeps hanging
                    }
                }
                return Optional.of(up ? HandlerHealth.healthy(Map.of("probe", "ok"))
                        : HandlerHealth.unhealthy(Map.of("error", "down")));
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static ManagedHandler managed(CheckedHandler handler) {
        return new ManagedHandler(HandlerBinding.of(HandlerType.of("local"), Map.of()), handler, INTERVAL);
    }

    @Test
    void theLatestCheckDecidesHealthAndItFollowsTheDependencyBothWays() {
        CheckedHandler handler = new CheckedHandler();
        ManagedHandler binding = managed(handler);
        binding.initialize();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> binding.health().details().containsKey("check"));
            assertThat(binding.health().healthy()).isTrue();
            assertThat(binding.health().details()).containsEntry("own", "report");

            handler.up = false;
            await().atMost(Duration.ofSeconds(10)).until(() -> !binding.health().healthy());
            @SuppressWarnings("unchecked")
            Map<String, Object> check = (Map<String, Object>) binding.health().details().get("check");
            assertThat(check).containsEntry("healthy", false).containsEntry("error", "down").containsKey("checked_at");

            handler.up = true;
            await().atMost(Duration.ofSeconds(10)).until(() -> binding.health().healthy());
        } finally {
            binding.shutdown();
        }
    }

    @Test
    void checksAreSpacedByTheIntervalAndStopAtShutdown() throws InterruptedException {
        CheckedHandler handler = new CheckedHandler();
        ManagedHandler binding = managed(handler);
        binding.initialize();
        Thread.sleep(INTERVAL.multipliedBy(10).toMillis());
        binding.shutdown();
        int checked = handler.checks.get();
        // At most one per interval (plus the first at once), yet the host does keep checking.
        assertThat(checked).isBetween(2, 11);
        Thread.sleep(INTERVAL.multipliedBy(4).toMillis());
        assertThat(handler.checks.get()).isEqualTo(checked);
    }

    @Test
    void aCheckThatHangsCountsAsFailedAndNoSecondOneStartsBesideIt() {
        CheckedHandler handler = new CheckedHandler();
        handler.hang = true;
        ManagedHandler binding = managed(handler);
        binding.initialize();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> binding.health().details().containsKey("check"));
            assertThat(binding.health().healthy()).isFalse();
            assertThat(binding.health().details().get("check").toString()).contains("did not answer within");
            await().atMost(Duration.ofSeconds(10)).until(() -> binding.health().details().get("check").toString()
                    .contains("it still runs, so no other check starts"));
            assertThat(handler.maxInFlight.get()).isEqualTo(1);

            handler.hang = false;
            await().atMost(Duration.ofSeconds(10)).until(() -> binding.health().healthy());
            assertThat(handler.maxInFlight.get()).isEqualTo(1);
        } finally {
            binding.shutdown();
        }
    }

    @Test
    void aHandlerWithNothingToCheckIsAskedOnceAndItsOwnHealthDecides() throws InterruptedException {
        CheckedHandler handler = new CheckedHandler();
        handler.nothingToCheck = true;
        ManagedHandler binding = managed(handler);
        binding.initialize();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.checks.get() == 1);
            Thread.sleep(INTERVAL.multipliedBy(4).toMillis());
            assertThat(handler.checks.get()).isEqualTo(1);
            assertThat(binding.health()).isEqualTo(HandlerHealth.healthy(Map.of("own", "report")));
        } finally {
            binding.shutdown();
        }
    }
}
