package io.onex.handler.consul;

import static io.onex.handler.consul.ConsulCalls.call;
import static io.onex.handler.consul.ConsulCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import io.onex.testkit.ConsulAgentServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's targets: the Consul service names it may use. */
class ConsulHandlerTargetsTest {

    private static final List<String> WEB_ONLY = List.of("web", "payments-*");

    private final ConsulAgentServer consul = ConsulAgentServer.start();
    private final ConsulHandler handler = ConsulCalls.handler(Map.of("address", consul.address()), ref -> "unused");

    @BeforeEach
    void register() {
        handler.execute(call("consul.register_service", payload("name", "web", "id", "web-1")));
        handler.execute(call("consul.register_service", payload("name", "db", "id", "db-1")));
        handler.execute(call("consul.register_service", payload("name", "payments-api")));
        consul.clearRequests();
    }

    @AfterEach
    void close() {
        handler.shutdown();
        consul.close();
    }

    private void assertNotAllowed(String operation, Map<String, Object> payload) {
        int before = consul.requests().size();
        assertThatThrownBy(() -> handler.execute(call(operation, payload, WEB_ONLY)))
                .isInstanceOfSatisfying(OnexException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
                    assertThat(e.getMessage()).contains("discovery_effect", "'db'", "web");
                });
        if (!operation.equals("consul.deregister_service")) {
            assertThat(consul.requests()).hasSize(before);
        }
    }

    @Test
    void aNamedOrPrefixedServiceIsAllowed() {
        assertThat(handler.execute(call("consul.get_service", payload("name", "web"), WEB_ONLY)))
                .containsEntry("name", "web");
        assertThat(handler.execute(call("consul.health_check_service", payload("name", "payments-api"), WEB_ONLY)))
                .containsEntry("total", 1);
    }

    @Test
    void anyOtherServiceIsNotAllowedForEveryOperation() {
        assertNotAllowed("consul.get_service", payload("name", "db"));
        assertNotAllowed("consul.health_check_service", payload("name", "db"));
        assertNotAllowed("consul.register_service", payload("name", "db", "id", "db-2"));
        assertNotAllowed("consul.deregister_service", payload("id", "db-1"));
        assertThat(consul.serviceIds()).contains("db-1").doesNotContain("db-2");
    }

    @Test
    void deregisteringLooksUpTheNameOfTheIdBeforeRemovingAnAllowedService() {
        assertThat(handler.execute(call("consul.deregister_service", payload("id", "web-1"), WEB_ONLY)))
                .containsEntry("deregistered", true);
        assertThat(consul.requests()).extracting(ConsulAgentServer.Request::path)
                .containsExactly("/v1/agent/service/web-1", "/v1/agent/service/deregister/web-1");
    }

    @Test
    void deregisteringAnUnknownIdWithTargetsIsStillNotFound() {
        assertThatThrownBy(() -> handler.execute(call("consul.deregister_service", payload("id", "ghost"), WEB_ONLY)))
                .isInstanceOfSatisfying(OnexException.class, e -> assertThat(e.details())
                        .containsEntry("not_found", true).containsEntry("consul_status", 404));
    }

    @Test
    void listServicesShowsOnlyTheAllowedNames() {
        assertThat(handler.execute(call("consul.list_services", payload(), WEB_ONLY)))
                .isEqualTo(Map.of("services", Map.of("web", List.of(), "payments-api", List.of())));
    }

    @Test
    void noTargetsOrAStarAllowEverything() {
        assertThat(handler.execute(call("consul.get_service", payload("name", "db"))))
                .containsEntry("name", "db");
        handler.execute(call("consul.deregister_service", payload("id", "db-1"), List.of("*")));
        assertThat(consul.requests().getLast().path()).isEqualTo("/v1/agent/service/deregister/db-1");
        assertThat(consul.requests()).hasSize(2); // no lookup was needed
    }

    @Test
    void aTargetThatIsNotAServiceNameIsAConfigurationError() {
        assertThatThrownBy(() -> handler.execute(call("consul.get_service", payload("name", "web"),
                List.of("https://consul.example.com"))))
                .isInstanceOfSatisfying(OnexException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.PROTOCOL_CONFIGURATION_ERROR));
    }
}
