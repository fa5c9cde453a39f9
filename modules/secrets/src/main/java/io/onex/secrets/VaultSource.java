package io.onex.secrets;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.onex.host.api.contract.SecretRef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the latest version of a KV version 2 secret through the Vault client, and turns every
 * answer into a {@link Lookup} whose reason names the path and what went wrong, never a value or
 * the token (the client's own messages can quote response bodies, so they are not copied).
 *
 * <p>When Vault refuses the token (403), the token is read again from its reference; if it has
 * changed, the client is rebuilt with it and the read is retried once.
 */
final class VaultSource implements AutoCloseable {

    /** The driver's environment loader reads the process environment; this one reads nothing. */
    private static final class NoEnvironment extends EnvironmentLoader {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
            return null;
        }
    }

    private record Client(Vault vault, String token) {
        @Override
        public String toString() {
            return "Client[<redacted>]";
        }
    }

    private final VaultSettings settings;
    private final Environment environment;
    private final HttpClient http;
    private final Object lock = new Object();
    // Guarded by lock; empty until Vault is first asked.
    private Optional<Client> client = Optional.empty();

    VaultSource(VaultSettings settings, Environment environment) {
        this.settings = settings;
        this.environment = environment;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Reads field {@code ref.key()} of the latest version of {@code <mount>/<ref.path()>}. */
    Lookup read(BareReference ref) {
        Client current;
        synchronized (lock) {
            if (client.isEmpty()) {
                Lookup token = readToken();
                if (!(token instanceof Lookup.Found found)) {
                    return tokenUnavailable((Lookup.Absent) token);
                }
                client = Optional.of(build(found.value()));
            }
            current = client.get();
        }
        Attempt first = attempt(current, ref);
        if (first.status() != 403) {
            return first.lookup();
        }
        Client renewed;
        synchronized (lock) {
            Lookup token = readToken();
            if (!(token instanceof Lookup.Found found)) {
                return new Lookup.Absent(first.reason() + "; the token could not be read again ("
                        + ((Lookup.Absent) token).reason() + ")");
            }
            if (found.value().equals(current.token())) {
                return new Lookup.Absent(first.reason() + "; the token from " + settings.token().reference()
                        + " was read again and has not changed");
            }
            renewed = build(found.value());
            client = Optional.of(renewed);
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

    private Attempt attempt(Client current, BareReference ref) {
        String where = location(ref);
        try {
            LogicalResponse response = current.vault().logical().read(where);
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
            case VAULT -> throw new IllegalStateException("VaultSettings refuses a Vault reference for the token");
        };
    }

    private Lookup tokenUnavailable(Lookup.Absent why) {
        return new Lookup.Absent("vault: the token " + settings.token() + " cannot be read (" + why.reason() + ")");
    }

    private Client build(String token) {
        String address = settings.address().toString();
        while (address.endsWith("/")) {
            address = address.substring(0, address.length() - 1);
        }
        int readSeconds = (int) Math.max(1, (settings.timeout().toMillis() + 999) / 1000);
        try {
            VaultConfig config = new VaultConfig()
                    .environmentLoader(new NoEnvironment())
                    .address(address)
                    .token(token)
                    .engineVersion(2)
                    .prefixPathDepth(settings.mountDepth())
                    .openTimeout(readSeconds)
                    .readTimeout(readSeconds)
                    .httpClient(http);
            if (settings.namespace().isPresent()) {
                config.nameSpace(settings.namespace().get());
            }
            // One engine version for every path: no sys/mounts discovery, which a read-only token may not be allowed.
            return new Client(Vault.create(config.build()), token);
        } catch (VaultException e) {
            // build() only fails on settings VaultSettings already checked.
            throw new IllegalStateException("the Vault client refused its settings (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            client = Optional.empty();
        }
        http.shutdownNow();
    }

    @Override
    public String toString() {
        return "VaultSource[" + settings + "]";
    }
}
