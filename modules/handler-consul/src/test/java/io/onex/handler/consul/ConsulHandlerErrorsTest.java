package io.onex.handler.consul;

import static io.onex.handler.consul.ConsulCalls.call;
import static io.onex.handler.consul.ConsulCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.testkit.ConsulAgentServer;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How every failure maps to a host error, provoked for real against the agent and real sockets. */
class ConsulHandlerErrorsTest {

    private final ConsulAgentServer consul = ConsulAgentServer.start();
    private final List<ConsulHandler> handlers = new ArrayList<>();

    @AfterEach
    void close() {
        handlers.forEach(ConsulHandler::shutdown);
        consul.close();
    }

    private ConsulHandler consul(Duration timeout, String address) {
        ConsulHandler handler = ConsulCalls.handler(timeout, Map.of("address", address), ref -> "unused");
        handlers.add(handler);
        return handler;
    }

    private ConsulHandler consul() {
        return consul(Duration.ofSeconds(5), consul.address());
    }

    private static OnexException failure(ConsulHandler handler, Invocation invocation) {
        List<OnexException> caught = new ArrayList<>();
        assertThatThrownBy(() -> handler.execute(invocation)).isInstanceOfSatisfying(OnexException.class, caught::add);
        return caught.getFirst();
    }

    private OnexException validation(String operation, Map<String, Object> payload) {
        int before = consul.requests().size();
        OnexException e = failure(consul(), call(operation, payload));
        assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(e.retryable()).isFalse();
        assertThat(consul.requests()).hasSize(before); // nothing was sent
        return e;
    }

    // --- payloads that cannot be sent ---

    @Test
    void aMissingNameIsAValidationErrorNamingTheField() {
        assertThat(validation("consul.get_service", payload()).getMessage())
                .contains("consul.get_service", "payload.name is required");
        assertThat(validation("consul.register_service", payload("port", 1)).getMessage()).contains("payload.name");
        assertThat(validation("consul.health_check_service", payload()).getMessage()).contains("payload.name");
        assertThat(validation("consul.deregister_service", payload()).getMessage()).contains("payload.id is required");
    }

    @Test
    void aNameThatIsNotAServiceNameIsRefused() {
        assertThat(validation("consul.get_service", payload("name", "../agent/self")).getMessage())
                .contains("payload.name must be a service name");
        validation("consul.get_service", payload("name", 42));
        validation("consul.deregister_service", payload("id", "a/b"));
    }

    @Test
    void badRegistrationFieldsAreRefusedNamingTheField() {
        assertThat(validation("consul.register_service", payload("name", "w", "port", 70000)).getMessage())
                .contains("payload.port must be a whole number from 0 to 65535");
        validation("consul.register_service", payload("name", "w", "port", 80.5));
        assertThat(validation("consul.register_service", payload("name", "w", "tags", List.of("a", 1))).getMessage())
                .contains("payload.tags[1]");
        assertThat(validation("consul.register_service", payload("name", "w", "meta", Map.of("k", 1))).getMessage())
                .contains("payload.meta.k");
        validation("consul.register_service", payload("name", "w", "meta", Map.of("bad key", "v")));
        validation("consul.register_service", payload("name", "w", "address", "a b"));
    }

    @Test
    void aCheckNeedsExactlyOneKindAndAnIntervalForHttpAndTcp() {
        assertThat(validation("consul.register_service", payload("name", "w", "check", Map.of("interval", "10s")))
                .getMessage()).contains("payload.check must have exactly one of http, tcp or ttl");
        assertThat(validation("consul.register_service", payload("name", "w", "check",
                Map.of("http", "http://h/health"))).getMessage()).contains("payload.check.interval is required");
        assertThat(validation("consul.register_service", payload("name", "w", "check",
                Map.of("tcp", "h:80", "interval", "soon"))).getMessage()).contains("payload.check.interval must be");
        assertThat(validation("consul.register_service", payload("name", "w", "check",
                Map.of("tcp", "nohost", "interval", "5s"))).getMessage()).contains("payload.check.tcp must be host:port");
        validation("consul.register_service", payload("name", "w", "check", Map.of("ttl", "30s", "script", "x")));
    }

    @Test
    void anUnknownFieldIsRefusedWithTheListOfFields() {
        assertThat(validation("consul.health_check_service", payload("name", "w", "passing", true)).getMessage())
                .contains("payload.passing is not a field", "[name, passing_only]");
        assertThat(validation("consul.health_check_service", payload("name", "w", "passing_only", "yes"))
                .getMessage()).contains("payload.passing_only must be true or false");
    }

    @Test
    void anUnknownOperationIsInvalid() {
        OnexException e = failure(consul(), call("consul.watch", payload()));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPERATION);
        assertThat(e.getMessage()).contains("consul.register_service");
    }

    // --- what Consul answers ---

    @Test
    void deregisteringAnUnknownIdIsANotFoundExecutionError() {
        OnexException e = failure(consul(), call("consul.deregister_service", payload("id", "ghost")));

        assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(e.retryable()).isFalse();
        assertThat(e.details()).containsEntry("not_found", true).containsEntry("consul_status", 404);
        assertThat(e.getMessage()).contains("no service with id 'ghost'");
    }

    @Test
    void aClusterWithoutLeaderIsRetryablyUnavailable() {
        consul.noLeader(true);

        OnexException e = failure(consul(), call("consul.get_service", payload("name", "web")));

        assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.details()).containsEntry("consul_status", 500);
        assertThat(e.getMessage()).contains("no leader");
    }

    @Test
    void anyServerErrorIsRetryablyUnavailableWithItsStatus() {
        consul.failNext(1, 503);

        OnexException e = failure(consul(), call("consul.list_services", payload()));

        assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.details()).containsEntry("consul_status", 503);
        assertThat(e.getMessage()).doesNotContain("injected"); // Consul's body is never copied
    }

    @Test
    void anUnknownDatacenterIsUnavailableAndSaysSo() {
        ConsulHandler handler = ConsulCalls.handler(Map.of("address", consul.address(), "datacenter", "mars"),
                ref -> "unused");
        handlers.add(handler);

        OnexException e = failure(handler, call("consul.list_services", payload()));

        assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(e.getMessage()).contains("no path to the datacenter");
    }

    @Test
    void aBadRequestIsAnExecutionError() {
        consul.failNext(1, 400);

        OnexException e = failure(consul(), call("consul.register_service", payload("name", "web")));

        assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(e.retryable()).isFalse();
        assertThat(e.details()).containsEntry("consul_status", 400);
    }

    @Test
    void anAnswerWithoutTheDocumentedShapeIsAnExecutionError() {
        // A proxy or a wrong address answering 200 with something else: only a plain server can do that.
        try (TestHttpServer other = TestHttpServer.start()) {
            other.answer("/v1/catalog/service/web", HttpReply.text(200, "<html>hello</html>"));
            other.answer("/v1/catalog/services", HttpReply.json(200, "[1, 2]"));
            ConsulHandler handler = consul(Duration.ofSeconds(5), other.url("").replaceAll("/$", ""));

            OnexException text = failure(handler, call("consul.get_service", payload("name", "web")));
            OnexException shape = failure(handler, call("consul.list_services", payload()));

            assertThat(text.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
            assertThat(text.getMessage()).contains("not JSON").doesNotContain("hello");
            assertThat(shape.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
            assertThat(shape.getMessage()).contains("not an object of service names");
        }
    }

    @Test
    void anAnswerLargerThanTheLimitIsAnExecutionErrorNotAnOutage() {
        try (TestHttpServer other = TestHttpServer.start()) {
            other.answer("/v1/catalog/services", HttpReply.sized(ConsulClient.MAX_RESPONSE_BYTES + 1));
            ConsulHandler handler = consul(Duration.ofSeconds(5), other.url("").replaceAll("/$", ""));

            OnexException e = failure(handler, call("consul.list_services", payload()));

            assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
            assertThat(e.getMessage()).contains("larger than");
        }
    }

    // --- transport failures ---

    @Test
    void aRefusedConnectionIsRetryablyUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        OnexException e = failure(consul(Duration.ofSeconds(5), "http://127.0.0.1:" + port),
                call("consul.get_service", payload("name", "web")));

        assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.details()).containsEntry("unreachable", true);
        assertThat(e.getMessage()).contains("Consul is unreachable");
    }

    @Test
    void aResetConnectionIsRetryablyUnavailable() {
        consul.resetConnections(true);

        OnexException e = failure(consul(), call("consul.get_service", payload("name", "web")));

        assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.details()).containsEntry("unreachable", true);
    }

    @Test
    void aSlowAgentTimesOutWithinTheBindingTimeout() {
        consul.slow(Duration.ofSeconds(30));
        long start = System.nanoTime();

        OnexException e = failure(consul(Duration.ofMillis(300), consul.address()),
                call("consul.health_check_service", payload("name", "web")));

        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theHandlerServesAgainOnceTheAgentRecovers() {
        ConsulHandler handler = consul();
        consul.resetConnections(true);
        failure(handler, call("consul.list_services", payload()));
        consul.resetConnections(false);

        assertThat(handler.execute(call("consul.list_services", payload()))).containsKey("services");
    }
}
