package io.onex.handler.consul;

import static io.onex.handler.consul.ConsulCalls.call;
import static io.onex.handler.consul.ConsulCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.testkit.ConsulAgentServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every operation against a Consul-API-compatible agent, over real HTTP. */
@SuppressWarnings("unchecked")
class ConsulHandlerTest {

    private final ConsulAgentServer consul = ConsulAgentServer.start();
    private final ConsulHandler handler = ConsulCalls.handler(Map.of("address", consul.address()), ref -> "unused");

    @AfterEach
    void close() {
        handler.shutdown();
        consul.close();
    }

    private Map<String, Object> run(String operation, Map<String, Object> payload) {
        return handler.execute(call(operation, payload));
    }

    private void registerWeb(String id, int port) {
        run("consul.register_service", payload("name", "web", "id", id, "address", "10.0.0.5", "port", port,
                "tags", List.of("v1"), "meta", Map.of("zone", "a"),
                "check", Map.of("http", "http://10.0.0.5:" + port + "/health", "interval", "10s")));
    }

    @Test
    void registerServiceRegistersOnTheAgentAndAnswersTheId() {
        Map<String, Object> answer = run("consul.register_service", payload("name", "web", "id", "web-1",
                "address", "10.0.0.5", "port", 8080, "tags", List.of("v1", "primary"), "meta", Map.of("zone", "a"),
                "check", Map.of("tcp", "10.0.0.5:8080", "interval", "5s")));

        assertThat(answer).isEqualTo(Map.of("id", "web-1", "registered", true));
        assertThat(consul.serviceIds()).contains("web-1");
        assertThat(consul.requests().getLast().method()).isEqualTo("PUT");
        assertThat(consul.requests().getLast().path()).isEqualTo("/v1/agent/service/register");
    }

    @Test
    void registerServiceWithOnlyANameUsesTheNameAsId() {
        assertThat(run("consul.register_service", payload("name", "api"))).isEqualTo(Map.of("id", "api",
                "registered", true));
        assertThat(consul.serviceIds()).contains("api");
    }

    @Test
    void getServiceAnswersEveryInstanceWithItsFields() {
        registerWeb("web-1", 8080);

        Map<String, Object> answer = run("consul.get_service", payload("name", "web"));

        assertThat(answer).containsEntry("name", "web");
        assertThat((List<Object>) answer.get("instances")).containsExactly(Map.of("id", "web-1", "address", "10.0.0.5",
                "port", 8080, "tags", List.of("v1"), "meta", Map.of("zone", "a"), "node", consul.node()));
    }

    @Test
    void getServiceUsesTheNodeAddressWhenTheServiceHasNone() {
        run("consul.register_service", payload("name", "cache", "port", 6379));

        List<Object> instances = (List<Object>) run("consul.get_service", payload("name", "cache")).get("instances");

        assertThat(instances).singleElement().satisfies(i -> assertThat((Map<String, Object>) i)
                .containsEntry("address", "127.0.0.1").containsEntry("port", 6379));
    }

    @Test
    void getServiceOfAnUnknownNameAnswersNoInstances() {
        assertThat(run("consul.get_service", payload("name", "nothing")))
                .isEqualTo(Map.of("name", "nothing", "instances", List.of()));
    }

    @Test
    void listServicesAnswersEveryNameWithItsTags() {
        registerWeb("web-1", 8080);
        run("consul.register_service", payload("name", "db", "tags", List.of("primary")));

        assertThat(run("consul.list_services", payload())).isEqualTo(Map.of("services",
                Map.of("consul", List.of(), "web", List.of("v1"), "db", List.of("primary"))));
    }

    @Test
    void healthCheckServiceReportsEachInstanceAndHowManyPass() {
        registerWeb("web-1", 8080);
        registerWeb("web-2", 8081);
        registerWeb("web-3", 8082);
        consul.setCheckStatus("web-1", "passing").setCheckStatus("web-2", "warning");

        Map<String, Object> answer = run("consul.health_check_service", payload("name", "web"));

        assertThat(answer).containsEntry("name", "web").containsEntry("passing", 1).containsEntry("total", 3);
        assertThat((List<Object>) answer.get("instances")).containsExactly(
                Map.of("id", "web-1", "address", "10.0.0.5", "port", 8080, "status", "passing"),
                Map.of("id", "web-2", "address", "10.0.0.5", "port", 8081, "status", "warning"),
                Map.of("id", "web-3", "address", "10.0.0.5", "port", 8082, "status", "critical"));
    }

    @Test
    void healthCheckServiceWithPassingOnlyAsksConsulForPassingInstances() {
        registerWeb("web-1", 8080);
        registerWeb("web-2", 8081);
        consul.setCheckStatus("web-2", "passing");

        Map<String, Object> answer = run("consul.health_check_service", payload("name", "web", "passing_only", true));

        assertThat(answer).containsEntry("passing", 1).containsEntry("total", 1);
        assertThat(consul.requests().getLast().query()).isEqualTo("passing=true");
    }

    @Test
    void deregisterServiceRemovesTheService() {
        registerWeb("web-1", 8080);

        assertThat(run("consul.deregister_service", payload("id", "web-1")))
                .isEqualTo(Map.of("id", "web-1", "deregistered", true));

        assertThat(consul.serviceIds()).doesNotContain("web-1");
        assertThat(run("consul.get_service", payload("name", "web"))).containsEntry("instances", List.of());
    }

    @Test
    void aDatacenterIsSentOnEveryCatalogAndHealthRead() {
        consul.addDatacenter("dc2");
        ConsulHandler remote = ConsulCalls.handler(Map.of("address", consul.address(), "datacenter", "dc2"),
                ref -> "unused");
        try {
            registerWeb("web-1", 8080);
            assertThat(remote.execute(call("consul.get_service", payload("name", "web"))))
                    .containsEntry("instances", List.of());
            remote.execute(call("consul.list_services", payload()));
            remote.execute(call("consul.health_check_service", payload("name", "web", "passing_only", true)));

            assertThat(consul.requests()).filteredOn(r -> r.method().equals("GET"))
                    .extracting(ConsulAgentServer.Request::query)
                    .containsExactly("dc=dc2", "dc=dc2", "dc=dc2&passing=true");
        } finally {
            remote.shutdown();
        }
    }
}
