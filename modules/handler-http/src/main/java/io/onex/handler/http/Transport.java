package io.onex.handler.http;

import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import io.onex.host.api.ServiceUnavailableException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a request and follows its redirects within one deadline, the binding's timeout.
 *
 * <p>The JDK client is built never to follow redirects: the handler follows them itself, so that
 * every hop is checked against the node's targets and the redirect policy, and credentials are
 * not carried to another origin. The JDK's own request timeout stops waiting for the response
 * head only; the wait on the whole exchange, body included, is bounded here.
 */
final class Transport {

    private final HttpClient client;
    private final HttpSettings settings;
    private final HttpResponse.BodyHandler<byte[]> bodies;

    Transport(HttpClient client, HttpSettings settings) {
        this.client = client;
        this.settings = settings;
        this.bodies = BoundedBody.handler(settings.maxResponseBytes());
    }

    /**
     * Returns the final response to {@code first}, redirects followed as the policy allows.
     *
     * @throws OnexException on any failure, mapped by {@link Failures}
     */
    HttpResponse<byte[]> send(OutboundRequest first, Targets targets, String node) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        OutboundRequest request = first;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<byte[]> response = exchange(request, deadline);
            Optional<URI> next = redirectTarget(request, response);
            if (next.isEmpty()) {
                return response;
            }
            if (redirects == RedirectPolicy.MAX_REDIRECTS) {
                throw new HandlerExecutionException(request.operation() + " " + SafeUrl.describe(first.uri())
                        + ": more than " + RedirectPolicy.MAX_REDIRECTS + " redirects")
                        .withDetail("status_code", response.statusCode());
            }
            targets.check(next.get(), request.operation(), node);
            request = request.redirectedTo(next.get(), response.statusCode());
        }
    }

    private HttpResponse<byte[]> exchange(OutboundRequest request, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw Failures.timeout(request, settings.timeout(), null);
        }
        CompletableFuture<HttpResponse<byte[]>> future;
        try {
            future = client.sendAsync(request.toHttpRequest(Duration.ofNanos(left)), bodies);
        } catch (OnexException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw Failures.of(e, request, settings);
        }
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true); // aborts the exchange and releases its connection
            throw Failures.timeout(request, settings.timeout(), e);
        } catch (ExecutionException e) {
            throw Failures.of(e.getCause() == null ? e : e.getCause(), request, settings);
        } catch (CancellationException e) {
            throw new ServiceUnavailableException(request.operation() + " " + SafeUrl.describe(request.uri())
                    + ": the exchange was cancelled as the handler shut down", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(request.operation() + " " + SafeUrl.describe(request.uri())
                    + ": interrupted while waiting for the response", e);
        }
    }

    /** Returns where to go next, if {@code response} is a redirect the policy follows. */
    private Optional<URI> redirectTarget(OutboundRequest request, HttpResponse<byte[]> response) {
        if (settings.redirects() == RedirectPolicy.NEVER || !RedirectPolicy.isFollowable(response.statusCode())) {
            return Optional.empty();
        }
        Optional<String> location = response.headers().firstValue("location");
        if (location.isEmpty()) {
            return Optional.empty();
        }
        URI target;
        try {
            target = request.uri().resolve(new URI(location.get())).normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new HandlerExecutionException(request.operation() + " " + SafeUrl.describe(request.uri())
                    + ": the server redirected to an invalid Location", e)
                    .withDetail("status_code", response.statusCode());
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null
                || target.getRawUserInfo() != null) {
            throw new HandlerExecutionException(request.operation() + " " + SafeUrl.describe(request.uri())
                    + ": the server redirected to " + SafeUrl.describe(target)
                    + ", which is not an http or https URL without credentials")
                    .withDetail("status_code", response.statusCode());
        }
        return settings.redirects().follows(request.uri(), target) ? Optional.of(target) : Optional.empty();
    }
}
