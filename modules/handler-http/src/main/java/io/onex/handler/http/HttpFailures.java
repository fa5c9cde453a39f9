package io.onex.handler.http;

import io.onex.client.http.BoundedBody;
import io.onex.host.api.ConnectionException;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.core.Causes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;

/**
 * Maps what the JDK client throws to the host's errors. Messages name the operation and the URL
 * without user info or query, and the library exception only by its class: its message may hold
 * anything. The exception itself is kept as the cause, for logs.
 */
final class HttpFailures {

    /** How deep a cause chain is searched; the JDK wraps a failure a few levels at most. */

    private HttpFailures() {
    }

    /** Returns the TIMEOUT error of a call that had no complete answer within {@code timeout}. */
    static OnexException timeout(OutboundRequest request, Duration timeout, Throwable cause) {
        return new OnexTimeoutException(request.operation() + " " + SafeUrl.describe(request.uri())
                + ": no complete response within the binding's timeout of " + timeout.toMillis() + " ms", cause);
    }

    /** Returns the host error for {@code error}, raised while sending {@code request}. */
    static OnexException of(Throwable error, OutboundRequest request, HttpSettings settings) {
        String call = request.operation() + " " + SafeUrl.describe(request.uri());
        for (Throwable cause : Causes.chain(error)) {
            if (BoundedBody.isOverflow(cause)) {
                return new HandlerExecutionException(call + ": response larger than " + settings.maxResponseBytes()
                        + " bytes (the binding's max_response_bytes); the download was stopped", error)
                        .withDetail("max_response_bytes", settings.maxResponseBytes());
            }
            switch (cause) {
                case HttpConnectTimeoutException connect -> {
                    return new OnexTimeoutException(call + ": could not connect within the binding's connect timeout"
                            + " of " + settings.connectTimeout().toMillis() + " ms", error);
                }
                case HttpTimeoutException timeout -> {
                    return timeout(request, settings.timeout(), error);
                }
                case ConnectException connect -> {
                    return new ConnectionException(call + ": cannot connect (connection refused or host unreachable)",
                            error);
                }
                case UnresolvedAddressException unresolved -> {
                    return unknownHost(call, error);
                }
                case UnknownHostException unknown -> {
                    return unknownHost(call, error);
                }
                case SSLHandshakeException handshake -> {
                    // A certificate or protocol mismatch does not go away by trying again.
                    return new ConnectionException(call + ": the TLS handshake failed (" + name(handshake) + ")",
                            error).withRetryable(false);
                }
                default -> {
                    // keep looking down the chain
                }
            }
        }
        if (error instanceof IllegalArgumentException) {
            return new EnvelopeValidationException(call + ": the JDK client refuses this request ("
                    + name(error) + ")");
        }
        if (hasIoCause(error)) {
            return new ConnectionException(call + ": the connection failed before a complete response arrived ("
                    + name(innermostIo(error)) + "; reset or closed by the peer or the network)", error);
        }
        return new HandlerExecutionException(call + ": the request failed unexpectedly (" + name(error) + ")", error);
    }

    private static OnexException unknownHost(String call, Throwable error) {
        return new ConnectionException(call + ": the host name cannot be resolved", error);
    }

    private static boolean hasIoCause(Throwable error) {
        return Causes.innermost(error, IOException.class).isPresent();
    }

    private static Throwable innermostIo(Throwable error) {
        return Causes.innermost(error, IOException.class).orElse(null);
    }

    private static String name(Throwable error) {
        return error.getClass().getSimpleName();
    }
}
