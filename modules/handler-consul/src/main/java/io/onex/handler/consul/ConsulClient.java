package io.onex.handler.consul;

import io.onex.host.api.OnexException;
import io.onex.host.api.Secrets;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.core.json.Json;
import io.onex.host.core.json.JsonLimits;
import io.onex.host.core.json.JsonSyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends calls to the Consul agent within one deadline, the binding's timeout, with the ACL token
 * when the binding has one. A 403 with a token makes it read the token again from its source
 * ({@link Secrets#refresh}) and try once more, so a rotated token is picked up without a restart.
 */
final class ConsulClient {

    /** The largest answer read; a catalog of thousands of services stays far below it. */
    static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    private static final JsonLimits LIMITS = JsonLimits.of(64, (int) MAX_RESPONSE_BYTES);

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
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw ConsulFailures.timeout(call, settings.timeout(), null);
        }
        CompletableFuture<HttpResponse<byte[]>> future;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(call.uri(settings.address()))
                    .timeout(Duration.ofNanos(left))
                    .header("Accept", "application/json")
                    .method(call.method(), call.body().map(HttpRequest.BodyPublishers::ofByteArray)
                            .orElseGet(HttpRequest.BodyPublishers::noBody));
            call.body().ifPresent(body -> request.header("Content-Type", "application/json"));
            token.ifPresent(value -> request.header("X-Consul-Token", value));
            future = client.sendAsync(request.build(), ConsulClient::bounded);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The JDK's message may quote a header value, the token: it is named by class only.
            throw ConsulFailures.of(e, call, settings.timeout());
        }
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true); // aborts the exchange and releases its connection
            throw ConsulFailures.timeout(call, settings.timeout(), e);
        } catch (ExecutionException e) {
            throw ConsulFailures.of(e.getCause() == null ? e : e.getCause(), call, settings.timeout());
        } catch (CancellationException e) {
            throw new ServiceUnavailableException(call.describe() + ": the exchange was cancelled as the handler"
                    + " shut down", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(call.describe() + ": interrupted while waiting for Consul", e);
        }
    }

    /** Reads a body into memory, but never more than {@link #MAX_RESPONSE_BYTES}. */
    private static HttpResponse.BodySubscriber<byte[]> bounded(HttpResponse.ResponseInfo info) {
        long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
        return HttpResponse.BodySubscribers.limiting(HttpResponse.BodySubscribers.ofByteArray(),
                declared > MAX_RESPONSE_BYTES ? 0 : MAX_RESPONSE_BYTES);
    }
}
