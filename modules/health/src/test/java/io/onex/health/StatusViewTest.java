package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.core.status.HostStatus;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The status view hands out one view per binding and node, for as long as it lives: Micrometer
 * holds what a gauge reads only weakly, so a view made afresh on each call would be collected and
 * its gauges would read NaN.
 */
class StatusViewTest extends TestHostFixture {

    @Test
    void eachBindingAndNodeHasOneViewThatTheMetersKeepReadingAfterACollection() {
        test = TestHost.start();
        HostStatus status = HostStatus.of(test.host);

        assertThat(status.bindings()).isNotEmpty();
        for (int i = 0; i < status.bindings().size(); i++) {
            assertThat(status.bindings().get(i)).isSameAs(status.bindings().get(i));
        }
        assertThat(status.nodeActivity()).isNotEmpty();
        assertThat(status.nodeActivity().getFirst()).isSameAs(status.nodeActivity().getFirst());
        assertThat(status.unrouted()).isSameAs(status.unrouted());

        System.gc();
        List<String> hostMeters = Arrays.stream(test.get("/metrics").body().split("\n"))
                .filter(line -> line.startsWith("onex_breaker_state{") || line.startsWith("onex_binding_up{")
                        || line.startsWith("onex_envelopes_in_flight{"))
                .toList();
        assertThat(hostMeters).isNotEmpty().noneMatch(line -> line.endsWith(" NaN"));
    }
}
