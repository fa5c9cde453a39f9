package io.onex.handler.consul;

import io.onex.host.api.AuthenticationException;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.core.Causes;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Maps Consul's answers and the JDK client's failures to the host's errors. Messages name the
 * operation, the API path and the status, never a token and never a response body: Consul's
 * error texts may echo request data, so only a few fixed phrases are looked for in them, to pick
 * the message. Library exceptions are named by class only and kept as the cause, for logs.
 */
final class ConsulFailures {

    /** How deep a cause chain is searched; the JDK wraps a failure a few levels at most. */

    /** How the JDK's limiting body subscriber fails an answer over its limit (a plain IOException). */
    private static final String OVERFLOW = "body exceeds capacity";

    private ConsulFailures() {
    }

    /** Returns the TIMEOUT error of a call that had no complete answer within {@code timeout}. */
    static OnexException timeout(ConsulCall call, Duration timeout, Throwable cause) {
        return new OnexTimeoutException(call.describe() + ": Consul did not answer within the binding's timeout of "
                + timeout.toMillis() + " ms", cause);
    }

    /** Returns the AUTHENTICATION_ERROR of a call Consul refused with 403. */
    static OnexException refused(ConsulCall call, boolean tokenConfigured) {
        String why = tokenConfigured
                ? "Consul refused the ACL token (403), also after reading it again from its source; check that the"
                        + " token exists and that its policy allows this operation"
                : "Consul requires an ACL token (403) and the binding sets none; set config.token to a secret_ref";
        return new AuthenticationException(call.describe() + ": " + why).withDetail("consul_status", 403);
    }

    /** Returns the error for a non-2xx, non-403 answer with status {@code status} and body {@code body}. */
    static OnexException status(ConsulCall call, int status, byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (status == 404 && call.notFound().isPresent()) {
            return new HandlerExecutionException(call.describe() + ": not found: " + call.notFound().get())
                    .withDetail("not_found", true).withDetail("consul_status", 404);
        }
        if (status >= 500) {
            String why;
            if (text.contains("no cluster leader")) {
                why = "the Consul cluster has no leader";
            } else if (text.contains("no path to datacenter")) {
                why = "Consul has no path to the datacenter (unknown, or its servers are unreachable)";
            } else {
                why = "Consul failed with " + status;
            }
            return new ServiceUnavailableException(call.describe() + ": " + why + " (status " + status + ")")
                    .withDetail("consul_status", status);
        }
        if (status == 429) {
            return new ServiceUnavailableException(call.describe() + ": Consul is rate-limiting requests (429)")
                    .withDetail("consul_status", status);
        }
        String why = status == 400 ? "Consul refused the request as invalid (400)"
                : "Consul answered with an unexpected status " + status;
        return new HandlerExecutionException(call.describe() + ": " + why).withDetail("consul_status", status);
    }

    /** Returns the error for a JSON answer that does not have the shape Consul documents. */
    static OnexException malformed(ConsulCall call, String what) {
        return new HandlerExecutionException(call.describe() + ": Consul's answer is not what its API documents ("
                + what + ")");
    }

    /** Returns the host error for {@code error}, raised while sending {@code call}. */
    static OnexException of(Throwable error, ConsulCall call, Duration timeout) {
        for (Throwable cause : Causes.chain(error)) {
            if (cause instanceof HttpTimeoutException) {
                return timeout(call, timeout, error);
            }
            if (cause.getClass() == IOException.class && cause.getMessage() != null
                    && cause.getMessage().startsWith(OVERFLOW)) {
                return new HandlerExecutionException(call.describe() + ": Consul's answer is larger than "
                        + ConsulClient.MAX_RESPONSE_BYTES + " bytes; the download was stopped", error);
            }
            if (cause instanceof UnresolvedAddressException) {
                return unreachable(call, error, "the host name cannot be resolved");
            }
        }
        if (hasIoCause(error)) {
            return unreachable(call, error, "connection refused, reset or closed: "
                    + innermostIo(error).getClass().getSimpleName());
        }
        if (error instanceof IllegalArgumentException) {
            // The JDK refuses a header value with a line break. The value may be the token, so neither it nor
            // the JDK's exception, whose message might quote it, is kept.
            return new HandlerExecutionException(call.describe() + ": the JDK client refuses the request (the ACL"
                    + " token holds a character a header cannot carry?)");
        }
        return new HandlerExecutionException(call.describe() + ": the request failed unexpectedly ("
                + error.getClass().getSimpleName() + ")", error);
    }

    private static OnexException unreachable(ConsulCall call, Throwable error, String why) {
        return new ServiceUnavailableException(call.describe() + ": Consul is unreachable (" + why + ")", error)
                .withDetail("unreachable", true);
    }

    private static boolean hasIoCause(Throwable error) {
        return Causes.innermost(error, IOException.class).isPresent();
    }

    private static Throwable innermostIo(Throwable error) {
        return Causes.innermost(error, IOException.class).orElseThrow();
    }
}
