package io.onex.handler.consul;

import io.onex.client.http.BoundedBody;
import io.onex.client.http.DeadlineExchange;
import io.onex.host.api.OnexException;
import io.onex.host.api.Secrets;
import io.onex.host.core.json.Json;
import io.onex.host.core.json.JsonLimits;
import io.onex.host.core.json.JsonSyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends calls to the Consul agent within one deadline, the binding's timeout
 * ({@link DeadlineExchange}), with the ACL token
 * when the binding has one. A 403 with a token makes it read the token again from its source
 * ({@link Secrets#refresh}) and try once more, so a rotated token is picked up without a restart.
 */
final class ConsulClient {

    /** The largest answer read; a catalog of thousands of services stays far below it. */
    static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    private static final JsonLimits LIMITS = JsonLimits.of(64, (int) MAX_RESPONSE_BYTES);
    private static final HttpResponse.BodyHandler<byte[]> BODIES = BoundedBody.handler(MAX_RESPONSE_BYTES);

    private final HttpClient client;
    private final ConsulSettings settings;
    private final Secrets secrets;

    ConsulClient(HttpClient client, ConsulSettings settings, Secrets secrets) {
        this.client = client;
        this.settings = settings;
        this.secrets = secrets;
    }

    /**
     * Sends {@code call} and returns Consul's JSON answer ({@code null} for an empty body).
     *
     * @throws OnexException for every failure and every answer that is not 2xx
     */
    Object send(ConsulCall call) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        Optional<String> token = settings.token().map(secrets);
        HttpResponse<byte[]> response = exchange(call, token, deadline);
        if (response.statusCode() == 403 && settings.token().isPresent()) {
            token = settings.token().map(secrets::refresh);
            response = exchange(call, token, deadline);
        }
        int status = response.statusCode();
        if (status == 403) {
            throw ConsulFailures.refused(call, settings.token().isPresent());
        }
        if (status < 200 || status > 299) {
            throw ConsulFailures.status(call, status, response.body());
        }
        byte[] body = response.body();
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.read(body, LIMITS);
        } catch (JsonSyntaxException e) {
            throw ConsulFailures.malformed(call, "not JSON");
        }
    }

    private HttpResponse<byte[]> exchange(ConsulCall call, Optional<String> token, long deadline) {
        return DeadlineExchange.send(client, left -> request(call, token, left), BODIES, deadline,
                new DeadlineExchange.Failures() {
                    @Override
                    public String describe() {
                        return call.describe();
                    }

                    @Override
                    public String awaited() {
                        return "Consul";
                    }

                    @Override
                    public OnexException timeout(Throwable cause) {
                        return ConsulFailures.timeout(call, settings.timeout(), cause);
                    }

                    @Override
                    public OnexException failure(Throwable error) {
                        return ConsulFailures.of(error, call, settings.timeout());
                    }
                });
    }

    private HttpRequest request(ConsulCall call, Optional<String> token, Duration left) {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri(settings.address()))
                .timeout(left)
                .header("Accept", "application/json")
                .method(call.method(), call.body().map(HttpRequest.BodyPublishers::ofByteArray)
                        .orElseGet(HttpRequest.BodyPublishers::noBody));
        call.body().ifPresent(body -> request.header("Content-Type", "application/json"));
        token.ifPresent(value -> request.header("X-Consul-Token", value));
        return request.build();
    }
}
