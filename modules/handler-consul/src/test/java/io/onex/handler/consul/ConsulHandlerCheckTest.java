package io.onex.handler.consul;

import static io.onex.handler.consul.ConsulCalls.binding;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.HandlerHealth;
import io.onex.testkit.ConsulAgentServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The active check asks the Consul-API server for its leader, without any call: no leader or no
 * answer is unhealthy, and the binding is healthy again once the leader is back.
 */
class ConsulHandlerCheckTest {

    private final ConsulAgentServer consul = ConsulAgentServer.start();
    private final ConsulHandler handler = ConsulHandler.create(binding(Duration.ofSeconds(2),
            Map.of("address", consul.address())), ref -> "unused");

    @AfterEach
    void close() {
        handler.shutdown();
        consul.close();
    }

    @Test
    void theCheckFollowsTheLeader() {
        handler.initialize();
        HandlerHealth up = handler.check().orElseThrow();
        assertThat(up.healthy()).isTrue();
        assertThat(up.details()).containsEntry("probe", "GET /v1/status/leader").containsEntry("leader", true);

        consul.noLeader(true);
        HandlerHealth leaderless = handler.check().orElseThrow();
        assertThat(leaderless.healthy()).isFalse();
        assertThat(leaderless.details()).containsEntry("leader", false);

        consul.noLeader(false);
        assertThat(handler.check().orElseThrow().healthy()).isTrue();
    }

    @Test
    void anAgentThatIsGoneIsUnhealthy() {
        handler.initialize();
        consul.close();
        HandlerHealth away = handler.check().orElseThrow();
        assertThat(away.healthy()).isFalse();
        assertThat(away.details().get("error").toString()).isNotBlank();
    }
}
