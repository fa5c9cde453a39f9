package io.onex.secrets;

import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.onex.client.http.ClientLifecycle;
import io.onex.client.vault.VaultConnection;
import io.onex.client.vault.VaultSession;
import io.onex.host.api.contract.SecretRef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the latest version of a KV version 2 secret through the host's one Vault client
 * ({@link VaultConnection}, shared with the Vault handler), and turns every
 * answer into a {@link Lookup} whose reason names the path and what went wrong, never a value or
 * the token (the client's own messages can quote response bodies, so they are not copied).
 *
 * <p>When Vault refuses the token (403), the token is read again from its reference; if it has
 * changed, the connection is renewed with it and the read is retried once.
 */
final class VaultSource implements AutoCloseable {

    private final VaultSourceSettings settings;
    private final EnvironmentVariables environment;
    private final VaultConnection vault;
    private final Object lock = new Object();

    VaultSource(VaultSourceSettings settings, EnvironmentVariables environment) {
        this.settings = settings;
        this.environment = environment;
        this.vault = VaultConnection.to(settings.endpoint());
    }

    /** Reads field {@code ref.key()} of the latest version of {@code <mount>/<ref.path()>}. */
    Lookup read(BareReference ref) {
        VaultSession used;
        synchronized (lock) {
            // The connection opens when Vault is first asked, with the token read then.
            if (vault.state() == ClientLifecycle.State.NOT_STARTED) {
                Lookup token = readToken();
                if (!(token instanceof Lookup.Found found)) {
                    return tokenUnavailable((Lookup.Absent) token);
                }
                vault.start(found.value());
            }
            used = vault.session();
        }
        Attempt first = attempt(used, ref);
        if (first.status() != 403) {
            return first.lookup();
        }
        VaultSession renewed;
        synchronized (lock) {
            Lookup token = readToken();
            if (!(token instanceof Lookup.Found found)) {
                return new Lookup.Absent(first.reason() + "; the token could not be read again ("
                        + ((Lookup.Absent) token).reason() + ")");
            }
            vault.renew(found.value());
            renewed = vault.session();
            // Another read may have renewed the connection meanwhile: what counts is the token this one used.
            if (renewed == used) {
                return new Lookup.Absent(first.reason() + "; the token from " + settings.token().reference()
                        + " was read again and has not changed");
            }
        }
        Attempt second = attempt(renewed, ref);
        return second.status() == 403
                ? new Lookup.Absent(second.reason() + ", also with the token read again from "
                        + settings.token().reference())
                : second.lookup();
    }

    /** Where {@code ref} lives in Vault, for messages: {@code <mount>/<path>}. */
    String location(BareReference ref) {
        return settings.mount() + "/" + ref.path();
    }

    private record Attempt(int status, Lookup lookup) {
        String reason() {
            return ((Lookup.Absent) lookup).reason();
        }
    }

    private Attempt attempt(VaultSession session, BareReference ref) {
        String where = location(ref);
        try {
            LogicalResponse response = session.logical().read(where);
            int status = response.getRestResponse().getStatus();
            if (status == 404) {
                return new Attempt(404, new Lookup.Absent("vault: no secret at " + where + " (404)"));
            }
            if (status != 200) {
                return failure(status, where);
            }
            Map<String, String> data = response.getData();
            String value = data.get(ref.key());
            return value == null
                    ? new Attempt(200, new Lookup.Absent("vault: the secret at " + where + " has no key '" + ref.key() + "'"))
                    : new Attempt(200, new Lookup.Found(value));
        } catch (VaultException e) {
            return e.getHttpStatusCode() > 0 ? failure(e.getHttpStatusCode(), where) : transport(e, where);
        } catch (RuntimeException e) {
            // The client parses the answer itself; an answer it cannot parse surfaces as an unchecked exception.
            return new Attempt(0, new Lookup.Absent("vault: the answer for " + where + " could not be read ("
                    + e.getClass().getSimpleName() + ")"));
        }
    }

    private Attempt failure(int status, String where) {
        String reason = switch (status) {
            case 403 -> "vault: permission denied reading " + where + " (403)";
            case 404 -> "vault: no secret at " + where + " (404)";
            case 503 -> "vault: " + settings.address() + " is sealed or unavailable (503)";
            default -> "vault: reading " + where + " failed with HTTP status " + status;
        };
        return new Attempt(status, new Lookup.Absent(reason));
    }

    private Attempt transport(VaultException e, String where) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return new Attempt(0, new Lookup.Absent("vault: interrupted while reading " + where));
            }
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                return new Attempt(0, new Lookup.Absent("vault: timed out after " + settings.timeout()
                        + " reading " + where + " from " + settings.address()));
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof IOException) {
                return new Attempt(0, new Lookup.Absent("vault: " + settings.address() + " is unreachable ("
                        + cause.getClass().getSimpleName() + ")"));
            }
        }
        return new Attempt(0, new Lookup.Absent("vault: reading " + where + " failed ("
                + e.getClass().getSimpleName() + ")"));
    }

    // Reads the token from its own reference every time: the token is never cached by the resolver.
    private Lookup readToken() {
        SecretRef ref = settings.token();
        String reference = ref.reference();
        return switch (ref.source()) {
            case ENV -> LocalSources.variable(environment, reference.substring("env:".length()));
            case FILE -> LocalSources.file(Path.of(reference.substring("file:".length())));
            case VAULT -> throw new IllegalStateException("VaultSourceSettings refuses a Vault reference for the token");
        };
    }

    private Lookup tokenUnavailable(Lookup.Absent why) {
        return new Lookup.Absent("vault: the token " + settings.token() + " cannot be read (" + why.reason() + ")");
    }

    @Override
    public void close() {
        vault.close();
    }

    @Override
    public String toString() {
        return "VaultSource[" + settings + "]";
    }
}
