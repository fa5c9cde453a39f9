package io.onex.handler.consul;

import static io.onex.handler.consul.ConsulCalls.binding;
import static io.onex.handler.consul.ConsulCalls.call;
import static io.onex.handler.consul.ConsulCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerType;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.testkit.ConsulAgentServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Building from config, initialising, reporting health and description, and shutting down. */
class ConsulHandlerLifecycleTest {

    private final ConsulAgentServer consul = ConsulAgentServer.start();

    @AfterEach
    void close() {
        consul.close();
    }

    private static OnexException configProblem(Map<String, Object> config) {
        try {
            ConsulHandler.create(binding(Duration.ofSeconds(1), config), ref -> "unused");
        } catch (OnexException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_CONFIGURATION_ERROR);
            return e;
        }
        throw new AssertionError("the config was accepted: " + config.keySet());
    }

    @Test
    void aBadAddressIsAConfigurationError() {
        assertThat(configProblem(Map.of()).getMessage()).contains("config.address is required");
        assertThat(configProblem(Map.of("address", "consul:8500")).getMessage()).contains("http:// or https://");
        assertThat(configProblem(Map.of("address", "http://user:pw@consul:8500")).getMessage())
                .contains("credentials").doesNotContain("pw");
        configProblem(Map.of("address", "http://consul:8500?x=1"));
    }

    @Test
    void aLiteralTokenOrABadDatacenterIsAConfigurationErrorThatNeverEchoesTheValue() {
        assertThat(configProblem(Map.of("address", "http://consul:8500", "token", "lit3ral")).getMessage())
                .contains("token must be a secret reference").doesNotContain("lit3ral");
        configProblem(Map.of("address", "http://consul:8500", "datacenter", "dc 1"));
    }

    @Test
    void aNonPositiveTimeoutIsAConfigurationError() {
        assertThatThrownBy(() -> ConsulHandler.create(binding(Duration.ZERO, Map.of("address", "http://c:8500")),
                ref -> "unused")).isInstanceOfSatisfying(OnexException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_CONFIGURATION_ERROR));
    }

    @Test
    void theTimeoutDefaultsToFiveSeconds() {
        HandlerBinding noTimeout = HandlerBinding.of(HandlerType.of("consul"), Map.of("address", consul.address()));
        ConsulHandler handler = ConsulHandler.create(noTimeout, ref -> "unused");
        assertThat(handler.health().details()).containsEntry("timeout_ms", 5000L);
    }

    @Test
    void buildingResolvesTheTokenOnceAndSendsNothing() {
        Map<String, Object> config = new HashMap<>(Map.of("address", consul.address() + "/"));
        config.put("token", ConsulCalls.TOKEN);
        java.util.concurrent.atomic.AtomicInteger resolved = new java.util.concurrent.atomic.AtomicInteger();
        ConsulHandler handler = ConsulHandler.create(binding(Duration.ofSeconds(1), config), ref -> {
            resolved.incrementAndGet();
            return "t0ken";
        });
        assertThat(resolved).hasValue(1);
        handler.initialize();
        handler.health();
        handler.shutdown();
        assertThat(consul.requests()).isEmpty();
    }

    @Test
    void healthIsUnhealthyBeforeInitialiseAndAfterShutdownAndShowsSettingsWithoutIo() {
        ConsulHandler handler = ConsulHandler.create(binding(Duration.ofSeconds(2),
                Map.of("address", consul.address() + "/", "datacenter", "dc1")), ref -> "unused");
        assertThat(handler.health().healthy()).isFalse();
        assertThat(handler.health().details()).containsEntry("state", "not initialised");

        handler.initialize();
        assertThat(handler.health().healthy()).isTrue();
        assertThat(handler.health().details()).containsEntry("address", consul.address())
                .containsEntry("datacenter", "dc1").containsEntry("acl_token", "none").containsEntry("timeout_ms", 2000L);

        handler.execute(call("consul.list_services", payload()));
        assertThat(handler.health().details()).containsEntry("calls", 1L).containsEntry("failures", 0L);

        handler.shutdown();
        assertThat(handler.health().healthy()).isFalse();
        assertThat(handler.health().details()).containsEntry("state", "shut down");
        assertThat(consul.requests()).hasSize(1);
    }

    @Test
    void aCallBeforeInitialiseOrAfterShutdownIsUnavailable() {
        ConsulHandler handler = ConsulHandler.create(binding(Duration.ofSeconds(2), Map.of("address",
                consul.address())), ref -> "unused");
        assertThatThrownBy(() -> handler.execute(call("consul.list_services", payload())))
                .isInstanceOfSatisfying(OnexException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
        handler.initialize();
        handler.shutdown();
        assertThatThrownBy(() -> handler.execute(call("consul.list_services", payload())))
                .isInstanceOfSatisfying(OnexException.class, e -> assertThat(e.getMessage()).contains("shut down"));
        assertThat(handler.health().details()).containsEntry("failures", 2L);
    }

    @Test
    void describeListsEveryOperationWithItsFields() {
        ConsulHandlerFactory description = new ConsulHandlerFactory();

        assertThat(description.type()).isEqualTo("consul");
        assertThat(description.version()).isNotBlank();
        assertThat(description.operations()).extracting(HandlerDescription.Operation::name).containsExactly(
                "consul.register_service", "consul.deregister_service", "consul.get_service",
                "consul.list_services", "consul.health_check_service");
        assertThat(description.operations().getFirst().requiredFields()).containsExactly("name");
        assertThat(description.operations().getLast().responseFields())
                .containsExactly("name", "instances", "passing", "total");
    }
}
