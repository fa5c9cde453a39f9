package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.api.contract.ShutdownSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class HealthServerSettingsTest extends TestHostFixture {

    private static RuntimeContract contract(Environment environment, Optional<Boolean> ingress,
            Optional<Duration>... timeouts) {
        List<HandlerBinding> bindings = new java.util.ArrayList<>();
        for (int i = 0; i < timeouts.length; i++) {
            bindings.add(new HandlerBinding(HandlerType.of("local"), "b" + i, true, true, timeouts[i], Optional.empty(),
                    OptionalDouble.empty(), Optional.empty(), Optional.empty(), Map.of()));
        }
        EventBusSpec bus = new EventBusSpec(BusKind.INMEMORY, new EventBusSpec.Topics("onex.t.x.cmd.v1",
                "onex.t.x.evt.v1", "onex.t.x.error.v1"), new EventBusSpec.Backpressure(8, 8), Map.of());
        return new RuntimeContract(Path.of("runtime.yaml"), "1.0.0", "t", "1.0.0", environment, bus, bindings,
                List.of(), new HealthSpec(true, "127.0.0.1", 0, ingress), new ShutdownSpec(Duration.ofSeconds(1)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theIngressFollowsTheContractElseIsOnOnlyInDev() {
        assertThat(HealthServer.ingressEnabled(contract(Environment.DEV, Optional.empty()))).isTrue();
        assertThat(HealthServer.ingressEnabled(contract(Environment.STAGING, Optional.empty()))).isFalse();
        assertThat(HealthServer.ingressEnabled(contract(Environment.STAGING, Optional.of(true)))).isTrue();
        assertThat(HealthServer.ingressEnabled(contract(Environment.PROD, Optional.empty()))).isFalse();
        assertThat(HealthServer.ingressEnabled(contract(Environment.PROD, Optional.of(true)))).isTrue();
        assertThat(HealthServer.ingressEnabled(contract(Environment.DEV, Optional.of(false)))).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStallLimitIsAMinuteOrTwiceTheLongestBindingTimeout() {
        assertThat(HealthServer.defaultStallLimit(contract(Environment.DEV, Optional.empty(), Optional.empty(),
                Optional.of(Duration.ofSeconds(5))))).isEqualTo(Duration.ofMinutes(1));
        assertThat(HealthServer.defaultStallLimit(contract(Environment.DEV, Optional.empty(),
                Optional.of(Duration.ofSeconds(45)), Optional.of(Duration.ofSeconds(5)))))
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theContractsStallLimitWinsOverTheDefault() {
        RuntimeContract base = contract(Environment.DEV, Optional.empty(), Optional.of(Duration.ofSeconds(45)));
        RuntimeContract withLimit = new RuntimeContract(base.source(), base.schemaVersion(), base.name(),
                base.version(), base.environment(), base.eventBus(), base.handlers(), base.nodes(),
                new HealthSpec(true, "127.0.0.1", 0, Optional.empty(), Optional.of(Duration.ofSeconds(20))),
                base.shutdown());

        assertThat(HealthServer.defaultStallLimit(withLimit)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aPortThatIsTakenFailsTheStartWithTheAddressInTheMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestHost.start(b -> b.port(taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aBodyLargerThanTheLimitIsRefused() throws Exception {
        test = TestHost.start();
        String huge = "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"x\":\""
                + "a".repeat(5 * 1024 * 1024) + "\"}}";

        // The client asks before sending the body, so the refusal never races the upload.
        java.net.http.HttpResponse<String> response = test.client.send(java.net.http.HttpRequest.newBuilder(
                        test.uri("/v1/envelopes")).expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(huge)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }
}
