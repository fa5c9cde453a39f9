package io.onex.handler.http;

import io.onex.client.http.BoundedBody;
import io.onex.client.http.DeadlineExchange;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Sends a request and follows its redirects within one deadline, the binding's timeout.
 *
 * <p>The JDK client is built never to follow redirects: the handler follows them itself, so that
 * every hop is checked against the node's targets and the redirect policy, and credentials are
 * not carried to another origin. Each hop is one {@link DeadlineExchange} against the same
 * deadline.
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
     * @throws OnexException on any failure, mapped by {@link HttpFailures}
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
        return DeadlineExchange.send(client, request::toHttpRequest, bodies, deadline, new DeadlineExchange.Failures() {
            @Override
            public String describe() {
                return request.operation() + " " + SafeUrl.describe(request.uri());
            }

            @Override
            public String awaited() {
                return "the response";
            }

            @Override
            public OnexException timeout(Throwable cause) {
                return HttpFailures.timeout(request, settings.timeout(), cause);
            }

            @Override
            public OnexException failure(Throwable error) {
                return HttpFailures.of(error, request, settings);
            }
        });
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
