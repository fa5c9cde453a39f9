package io.onex.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsulAgentServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String WEB = """
            {"ID":"web-1","Name":"web","Tags":["v1","primary"],"Address":"10.0.0.5","Port":8080,
             "Meta":{"zone":"a"},"Check":{"HTTP":"http://10.0.0.5:8080/health","Interval":"10s"}}""";

    private final ConsulAgentServer consul = ConsulAgentServer.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        client.close();
        consul.close();
    }

    private HttpResponse<String> call(ConsulAgentServer server, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.address() + path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Consul-Token", token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return call(consul, method, path, null, body);
    }

    @SuppressWarnings("unchecked")
    private static <T> T json(HttpResponse<String> response) {
        return (T) VaultJson.parse(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void listensOnLoopbackInDatacenterDc1() {
        assertThat(consul.address()).isEqualTo("http://127.0.0.1:" + consul.port());
        assertThat(consul.datacenter()).isEqualTo("dc1");
        assertThat(consul.serviceIds()).containsExactly("consul");
    }

    @Test
    void aRegisteredServiceIsListedInTheCatalogWithItsFields() throws Exception {
        assertThat(call("PUT", "/v1/agent/service/register", WEB).statusCode()).isEqualTo(200);

        Map<String, Object> names = json(call("GET", "/v1/catalog/services", null));
        assertThat(names).containsEntry("web", List.of("v1", "primary")).containsEntry("consul", List.of());
        HttpResponse<String> response = call("GET", "/v1/catalog/service/web", null);
        assertThat(response.headers().firstValue("X-Consul-Index")).isPresent();
        List<Object> instances = json(response);
        assertThat(instances).hasSize(1);
        Map<String, Object> web = map(instances.getFirst());
        assertThat(web).containsEntry("ServiceID", "web-1").containsEntry("ServiceName", "web")
                .containsEntry("ServiceAddress", "10.0.0.5").containsEntry("ServiceTags", List.of("v1", "primary"))
                .containsEntry("ServiceMeta", Map.of("zone", "a")).containsEntry("Node", consul.node())
                .containsEntry("Datacenter", "dc1");
        assertThat(web.get("ServicePort").toString()).isEqualTo("8080");
    }

    @Test
    void theAgentReturnsTheDefinitionOfAServiceById() throws Exception {
        call("PUT", "/v1/agent/service/register", WEB);
        Map<String, Object> definition = json(call("GET", "/v1/agent/service/web-1", null));
        assertThat(definition).containsEntry("ID", "web-1").containsEntry("Service", "web");
        assertThat(call("GET", "/v1/agent/service/nope", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownServiceHasNoInstances() throws Exception {
        HttpResponse<String> response = call("GET", "/v1/catalog/service/nothing", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
    }

    @Test
    void theIdDefaultsToTheName() throws Exception {
        call("PUT", "/v1/agent/service/register", "{\"Name\":\"api\"}");
        assertThat(consul.serviceIds()).contains("api");
    }

    @Test
    void aRegistrationWithoutNameOrWithABadCheckIsRefusedWith400() throws Exception {
        HttpResponse<String> noName = call("PUT", "/v1/agent/service/register", "{\"Port\":1}");
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noName.body()).contains("Missing service name");
        HttpResponse<String> noInterval = call("PUT", "/v1/agent/service/register",
                "{\"Name\":\"a\",\"Check\":{\"TCP\":\"127.0.0.1:1\"}}");
        assertThat(noInterval.statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/v1/agent/service/register", "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void deregisteringRemovesTheServiceAndAnUnknownIdIs404() throws Exception {
        call("PUT", "/v1/agent/service/register", WEB);
        assertThat(call("PUT", "/v1/agent/service/deregister/web-1", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/catalog/service/web", null).body()).isEqualTo("[]");

        HttpResponse<String> again = call("PUT", "/v1/agent/service/deregister/web-1", null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("Unknown service ID");
    }

    @Test
    void healthListsChecksAndPassingFiltersOutFailingInstances() throws Exception {
        call("PUT", "/v1/agent/service/register", WEB);
        call("PUT", "/v1/agent/service/register", "{\"ID\":\"web-2\",\"Name\":\"web\",\"Port\":8081}");
        consul.setCheckStatus("web-1", "critical");

        List<Object> all = json(call("GET", "/v1/health/service/web", null));
        assertThat(all).hasSize(2);
        Map<String, Object> first = map(all.getFirst());
        assertThat(map(first.get("Service"))).containsEntry("ID", "web-1");
        assertThat(map(first.get("Node"))).containsEntry("Node", consul.node());
        assertThat((List<Object>) first.get("Checks")).extracting(c -> map(c).get("Status"))
                .containsExactly("passing", "critical");

        List<Object> passing = json(call("GET", "/v1/health/service/web?passing=true", null));
        assertThat(passing).extracting(e -> map(map(e).get("Service")).get("ID")).containsExactly("web-2");

        consul.setCheckStatus("web-1", "passing");
        assertThat((List<Object>) json(call("GET", "/v1/health/service/web?passing=true", null))).hasSize(2);
        assertThatThrownBy(() -> consul.setCheckStatus("web-1", "fine")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> consul.setCheckStatus("nope", "passing")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewHttpCheckStartsCriticalUnlessItsStatusIsGiven() throws Exception {
        call("PUT", "/v1/agent/service/register", WEB);
        call("PUT", "/v1/agent/service/register",
                "{\"ID\":\"web-3\",\"Name\":\"web\",\"Check\":{\"TTL\":\"30s\",\"Status\":\"passing\"}}");
        List<Object> passing = json(call("GET", "/v1/health/service/web?passing=true", null));
        assertThat(passing).extracting(e -> map(map(e).get("Service")).get("ID")).containsExactly("web-3");
    }

    @Test
    void theLeaderIsReportedUntilTheClusterLosesIt() throws Exception {
        assertThat(call("GET", "/v1/status/leader", null).body()).isEqualTo("\"127.0.0.1:8300\"");
        consul.noLeader(true);
        assertThat(call("GET", "/v1/status/leader", null).body()).isEqualTo("\"\"");
        HttpResponse<String> read = call("GET", "/v1/catalog/services", null);
        assertThat(read.statusCode()).isEqualTo(500);
        assertThat(read.body()).isEqualTo("No cluster leader");
        consul.noLeader(false);
        assertThat(call("GET", "/v1/catalog/services", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theDatacenterParameterSelectsAKnownDatacenterAndRefusesAnUnknownOne() throws Exception {
        call("PUT", "/v1/agent/service/register", WEB);
        assertThat((List<Object>) json(call("GET", "/v1/catalog/service/web?dc=dc1", null))).hasSize(1);
        consul.addDatacenter("dc2");
        assertThat(call("GET", "/v1/catalog/service/web?dc=dc2", null).body()).isEqualTo("[]");
        HttpResponse<String> unknown = call("GET", "/v1/catalog/services?dc=mars", null);
        assertThat(unknown.statusCode()).isEqualTo(500);
        assertThat(unknown.body()).isEqualTo("No path to datacenter");
    }

    @Test
    void withAclsEveryRequestNeedsTheToken() throws Exception {
        try (ConsulAgentServer secured = ConsulAgentServer.start("acl-s3cret")) {
            HttpResponse<String> none = call(secured, "GET", "/v1/catalog/services", null, null);
            assertThat(none.statusCode()).isEqualTo(403);
            assertThat(none.body()).contains("Permission denied");
            HttpResponse<String> wrong = call(secured, "GET", "/v1/catalog/services", "other", null);
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.body()).isEqualTo("ACL not found");
            assertThat(call(secured, "GET", "/v1/catalog/services", "acl-s3cret", null).statusCode()).isEqualTo(200);
            HttpResponse<String> bearer = client.send(HttpRequest.newBuilder(
                    URI.create(secured.address() + "/v1/catalog/services?token=acl-s3cret")).timeout(TIMEOUT)
                    .header("Authorization", "Bearer acl-s3cret").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bearer.statusCode()).isEqualTo(200);

            assertThat(secured.requests()).hasSize(4).allSatisfy(r -> assertThat(r.toString()).doesNotContain("s3cret"));
            assertThat(secured.requests()).extracting(ConsulAgentServer.Request::tokenPresent)
                    .containsExactly(false, true, true, true);
            assertThat(secured.toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void failNextAnswersThatManyRequestsWithTheStatus() throws Exception {
        consul.failNext(2, 503);
        assertThat(call("GET", "/v1/catalog/services", null).statusCode()).isEqualTo(503);
        assertThat(call("GET", "/v1/catalog/services", null).statusCode()).isEqualTo(503);
        assertThat(call("GET", "/v1/catalog/services", null).statusCode()).isEqualTo(200);
    }

    @Test
    void slowDelaysEveryAnswer() throws Exception {
        consul.slow(Duration.ofMillis(300));
        long start = System.nanoTime();
        call("GET", "/v1/status/leader", null);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        consul.slow(Duration.ZERO);
    }

    @Test
    void resetConnectionsFailsRequestsUntilTurnedOff() throws Exception {
        consul.resetConnections(true);
        assertThatThrownBy(() -> call("GET", "/v1/catalog/services", null)).isInstanceOf(IOException.class);
        consul.resetConnections(false);
        assertThat(call("GET", "/v1/catalog/services", null).statusCode()).isEqualTo(200);
    }

    @Test
    void closingReleasesADelayedRequest() throws Exception {
        consul.slow(Duration.ofMinutes(5));
        var pending = client.sendAsync(HttpRequest.newBuilder(URI.create(consul.address() + "/v1/status/leader"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        long start = System.nanoTime();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !consul.requests().isEmpty());
        consul.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
        assertThat(pending).failsWithin(TIMEOUT);
    }

    @Test
    void theRequestLogKeepsMethodPathAndQueryWithoutTheTokenParameter() throws Exception {
        call("GET", "/v1/health/service/web?passing=true&token=abc&dc=dc1", null);
        ConsulAgentServer.Request request = consul.requests().getFirst();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/v1/health/service/web");
        assertThat(request.query()).isEqualTo("passing=true&dc=dc1");
        consul.clearRequests();
        assertThat(consul.requests()).isEmpty();
    }
}
