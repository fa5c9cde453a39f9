package io.onex.host.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.OverloadedException;
import io.onex.host.api.RateLimitedException;
import io.onex.host.api.contract.HostedNode;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeGuardTest {

    private final AtomicLong now = new AtomicLong(3_000_000_000L);

    private NodeGuard guard(OptionalInt maxConcurrent, OptionalDouble rate) {
        return NodeGuard.of("orders", new HostedNode.Limits(maxConcurrent, rate), now::get);
    }

    @Test
    void anEnvelopeBeyondMaxConcurrentIsAnsweredOverloaded() {
        NodeGuard guard = guard(OptionalInt.of(2), OptionalDouble.empty());
        guard.enter();
        guard.enter();
        assertThatThrownBy(guard::enter).isInstanceOf(OverloadedException.class)
                .hasMessageContaining("orders").hasMessageContaining("limits.max_concurrent");
        assertThat(guard.inFlight()).isEqualTo(2);
        guard.exit();
        guard.enter();
        assertThat(guard.snapshot().overloadedRejections()).isEqualTo(1);
    }

    @Test
    void anEnvelopeBeyondTheRateIsAnsweredRateLimitedAndHoldsNoSlot() {
        NodeGuard guard = guard(OptionalInt.of(5), OptionalDouble.of(1));
        guard.enter();
        assertThatThrownBy(guard::enter).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("limits.rate_per_second");
        assertThat(guard.inFlight()).isEqualTo(1);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        guard.enter();
        assertThat(guard.snapshot().rateLimitedRejections()).isEqualTo(1);
    }

    @Test
    void aNodeWithoutLimitsAdmitsEverythingAndStillCountsItsInFlightEnvelopes() {
        NodeGuard guard = guard(OptionalInt.empty(), OptionalDouble.empty());
        for (int i = 0; i < 1_000; i++) {
            guard.enter();
        }
        assertThat(guard.snapshot().inFlight()).isEqualTo(1_000);
        assertThat(guard.snapshot().maxConcurrent()).isEmpty();
    }
}
