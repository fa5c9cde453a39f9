package io.onex.handler.vault;

import io.onex.host.api.AuthenticationException;
import io.onex.host.api.ConnectionException;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.core.Causes;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.OptionalInt;
import javax.net.ssl.SSLException;

/**
 * Maps Vault's statuses and the driver's failures to the host's errors. Messages name the
 * operation and {@code <mount>/<path>}, never the token, a secret value or Vault's response
 * body (which may echo data); a library exception is named only by its class and kept as the
 * cause, for logs.
 */
final class VaultFailures {

    /** How deep a cause chain is searched; the driver wraps a failure two or three levels deep. */

    private VaultFailures() {
    }

    /** Returns the error of a request Vault refused for its token, after any renewal was tried. */
    static OnexException denied(String operation, String target, int status) {
        return new AuthenticationException("Vault denied permission for " + operation + " on " + target)
                .withDetail("vault_status", status);
    }

    /** Returns the error of a {@code vault.get_secret} that found nothing. */
    static OnexException notFound(String target, OptionalInt version) {
        String which = version.isPresent() ? " version " + version.getAsInt() : "";
        return new HandlerExecutionException("no secret at " + target + which)
                .withDetail("not_found", true).withDetail("vault_status", 404);
    }

    /** Returns the error of an answer with an unexpected {@code status}. */
    static OnexException status(String operation, String target, int status) {
        String call = operation + " on " + target;
        if (status == 400) {
            return new HandlerExecutionException(call + ": Vault refused the request as invalid (HTTP 400)"
                    + (operation.equals("vault.set_secret") ? "; with cas, the secret's current version differs" : ""))
                    .withDetail("vault_status", status);
        }
        if (status == 503) {
            return new ServiceUnavailableException(call + ": Vault is unavailable (HTTP 503: sealed, in standby or"
                    + " in maintenance)").withDetail("vault_status", status);
        }
        if (status == 429 || status >= 500) {
            return new ServiceUnavailableException(call + ": Vault answered HTTP " + status)
                    .withDetail("vault_status", status);
        }
        return new HandlerExecutionException(call + ": Vault answered HTTP " + status)
                .withDetail("vault_status", status);
    }

    /** Returns the error of an answer whose body is not what Vault sends. */
    static OnexException unreadable(String operation, String target, Throwable cause) {
        return new HandlerExecutionException(operation + " on " + target
                + ": Vault's answer is not the expected KV version 2 JSON", cause);
    }

    /** Returns the host error for {@code error}, raised by the driver before any answer arrived. */
    static OnexException transport(String operation, String target, VaultBindingSettings settings, Throwable error) {
        String call = operation + " on " + target;
        for (Throwable cause : Causes.chain(error)) {
            switch (cause) {
                case HttpConnectTimeoutException connect -> {
                    return new OnexTimeoutException(call + ": could not connect to Vault within the binding's timeout"
                            + " of " + settings.timeout().toMillis() + " ms", error);
                }
                case HttpTimeoutException timeout -> {
                    return new OnexTimeoutException(call + ": no answer from Vault within the binding's timeout of "
                            + settings.readTimeoutSeconds() + " s (read_timeout_ms rounded up to whole seconds)", error);
                }
                case InterruptedException interrupted -> {
                    Thread.currentThread().interrupt();
                    return new ServiceUnavailableException(call + ": interrupted while waiting for Vault", error);
                }
                case SSLException tls -> {
                    // A certificate or protocol mismatch does not go away by trying again.
                    return new ConnectionException(call + ": the TLS connection to Vault failed (" + name(tls) + ")",
                            error).withRetryable(false);
                }
                default -> {
                    // keep looking down the chain
                }
            }
        }
        if (innermostIo(error) != null || has(error, UnresolvedAddressException.class)) {
            Throwable io = innermostIo(error);
            return new ServiceUnavailableException(call + ": Vault is unreachable (" + name(io == null ? error : io)
                    + ": connection refused, reset or closed, or the host cannot be reached)", error)
                    .withDetail("unreachable", true);
        }
        return new HandlerExecutionException(call + ": the Vault driver failed unexpectedly ("
                + name(innermost(error)) + ")", error);
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        return Causes.first(error, type).isPresent();
    }

    private static Throwable innermostIo(Throwable error) {
        return Causes.innermost(error, IOException.class).orElse(null);
    }

    private static Throwable innermost(Throwable error) {
        return Causes.root(error);
    }

    private static String name(Throwable error) {
        return error.getClass().getSimpleName();
    }
}
