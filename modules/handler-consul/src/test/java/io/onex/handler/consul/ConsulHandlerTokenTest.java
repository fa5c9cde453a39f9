package io.onex.handler.consul;

import static io.onex.handler.consul.ConsulCalls.TOKEN;
import static io.onex.handler.consul.ConsulCalls.call;
import static io.onex.handler.consul.ConsulCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.handler.consul.ConsulCalls.RotatingSecrets;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.testkit.ConsulAgentServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ACL token: sent on every call, refreshed once when refused, and never shown. */
class ConsulHandlerTokenTest {

    private static final String SECRET = "acl-t0ken-9f8e7d";

    private final ConsulAgentServer consul = ConsulAgentServer.start(SECRET);
    private final List<ConsulHandler> handlers = new ArrayList<>();

    @AfterEach
    void close() {
        handlers.forEach(ConsulHandler::shutdown);
        consul.close();
    }

    private ConsulHandler handler(RotatingSecrets secrets) {
        ConsulHandler handler = ConsulCalls.handler(Map.of("address", consul.address(), "token", TOKEN), secrets);
        handlers.add(handler);
        return handler;
    }

    private static OnexException failure(ConsulHandler handler, Invocation invocation) {
        List<OnexException> caught = new ArrayList<>();
        assertThatThrownBy(() -> handler.execute(invocation)).isInstanceOfSatisfying(OnexException.class, caught::add);
        return caught.getFirst();
    }

    @Test
    void theTokenIsSentOnEveryCall() {
        RotatingSecrets secrets = new RotatingSecrets(SECRET);
        ConsulHandler handler = handler(secrets);

        handler.execute(call("consul.register_service", payload("name", "web")));
        handler.execute(call("consul.get_service", payload("name", "web")));
        handler.execute(call("consul.deregister_service", payload("id", "web")));

        assertThat(consul.requests()).hasSize(3).allMatch(ConsulAgentServer.Request::tokenPresent);
        assertThat(secrets.refreshes).hasValue(0);
    }

    @Test
    void aRefusedTokenIsReadAgainFromItsSourceAndTheCallTriedOnce() {
        RotatingSecrets secrets = new RotatingSecrets("stale-token");
        secrets.rotate(SECRET);
        ConsulHandler handler = handler(secrets);

        Map<String, Object> answer = handler.execute(call("consul.list_services", payload()));

        assertThat(answer).containsKey("services");
        assertThat(secrets.refreshes).hasValue(1);
        assertThat(consul.requests()).hasSize(2);
        // The refreshed token is kept: the next call succeeds at once.
        handler.execute(call("consul.list_services", payload()));
        assertThat(secrets.refreshes).hasValue(1);
        assertThat(consul.requests()).hasSize(3);
    }

    @Test
    void aTokenStillRefusedAfterTheRefreshIsAnAuthenticationError() {
        RotatingSecrets secrets = new RotatingSecrets("wrong-token-1");
        secrets.rotate("wrong-token-2");

        OnexException e = failure(handler(secrets), call("consul.get_service", payload("name", "web")));

        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_ERROR);
        assertThat(e.retryable()).isFalse();
        assertThat(e.details()).containsEntry("consul_status", 403);
        assertThat(secrets.refreshes).hasValue(1);
        assertThat(consul.requests()).hasSize(2);
        assertThat(e.getMessage()).doesNotContain("wrong-token").contains("ACL token");
    }

    @Test
    void aBindingWithoutTokenIsRefusedWithAnAuthenticationErrorThatSaysSo() {
        ConsulHandler handler = ConsulCalls.handler(Map.of("address", consul.address()), ref -> "unused");
        handlers.add(handler);

        OnexException e = failure(handler, call("consul.list_services", payload()));

        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_ERROR);
        assertThat(e.getMessage()).contains("sets none");
        assertThat(consul.requests()).hasSize(1).noneMatch(ConsulAgentServer.Request::tokenPresent);
    }

    @Test
    void anUnresolvableTokenStopsTheBuildWithASecretResolutionError() {
        OnexException e = org.assertj.core.api.Assertions.catchThrowableOfType(OnexException.class,
                () -> ConsulCalls.handler(Map.of("address", consul.address(),
                        "token", new io.onex.host.api.contract.SecretRef("env:MISSING")), new RotatingSecrets(SECRET)));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_RESOLUTION_ERROR);
        assertThat(consul.requests()).isEmpty();
    }

    @Test
    void aTokenThatCannotBeAHeaderIsRefusedWithoutShowingIt() {
        OnexException e = failure(handler(new RotatingSecrets("bad\nt0ken")), call("consul.list_services", payload()));

        assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(e.getMessage()).doesNotContain("t0ken");
        assertThat(consul.requests()).isEmpty();
    }

    @Test
    void noMessageHealthOrDescriptionEverHoldsTheToken() {
        RotatingSecrets secrets = new RotatingSecrets(SECRET);
        ConsulHandler handler = handler(secrets);
        List<String> seen = new ArrayList<>();
        consul.noLeader(true);
        seen.add(failure(handler, call("consul.get_service", payload("name", "web"))).getMessage());
        consul.noLeader(false);
        consul.failNext(1, 400);
        seen.add(failure(handler, call("consul.register_service", payload("name", "web"))).toString());
        seen.add(failure(handler, call("consul.deregister_service", payload("id", "ghost"))).details().toString());
        RotatingSecrets refused = new RotatingSecrets("wrong");
        seen.add(failure(handler(refused), call("consul.list_services", payload())).getMessage());
        consul.resetConnections(true);
        seen.add(failure(handler, call("consul.list_services", payload())).getMessage());

        seen.add(handler.health().toString());
        seen.add(handler.toString());

        assertThat(seen).hasSize(7).allSatisfy(text -> assertThat(text).doesNotContain(SECRET).doesNotContain("wrong"));
        assertThat(handler.health().details()).containsEntry("acl_token", "configured");
        assertThat(consul.requests()).allSatisfy(r -> assertThat(r.toString()).doesNotContain(SECRET));
    }
}
