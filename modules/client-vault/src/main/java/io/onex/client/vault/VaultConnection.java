package io.onex.client.vault;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.rest.RestException;
import io.onex.client.http.ClientLifecycle;
import io.onex.host.api.ProtocolConfigurationException;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection to Vault through the Vault Java driver: one JDK HTTP client (HTTP/1.1, its life
 * a {@link ClientLifecycle}) and the driver configured for the current token, replaced as a whole
 * when the token is renewed. The driver is always told the engine version (KV version 2), so it
 * never asks {@code sys/mounts}, which a read-only token may not be allowed, and it reads nothing
 * from the process environment: configuration comes from the contract. The caller maps the
 * driver's answers and exceptions to its own errors.
 */
public final class VaultConnection {

    /** One driver call with the session current when it is sent. */
    @FunctionalInterface
    public interface Call<T> {
        /** Sends the call through {@code session}. */
        T run(VaultSession session) throws VaultException, RestException;
    }

    /** Hands the driver nothing from the process environment. */
    private static final class NoEnvironment extends EnvironmentLoader {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
            return null;
        }
    }

    private final VaultEndpoint endpoint;
    private final ClientLifecycle client;
    private volatile Optional<VaultSession> session = Optional.empty();

    private VaultConnection(VaultEndpoint endpoint) {
        this.endpoint = endpoint;
        this.client = ClientLifecycle.http11(endpoint.openTimeout());
    }

    /** Returns a connection to {@code endpoint}, not started: nothing is built or sent yet. */
    public static VaultConnection to(VaultEndpoint endpoint) {
        return new VaultConnection(Objects.requireNonNull(endpoint, "endpoint"));
    }

    /**
     * Builds the HTTP client and the driver for {@code token}. No request goes to Vault yet.
     *
     * @throws ProtocolConfigurationException if the driver refuses the endpoint, naming the owner
     * @throws IllegalStateException          if it was started before
     */
    public synchronized void start(String token) {
        HttpClient http = client.start();
        try {
            session = Optional.of(session(token, http));
        } catch (RuntimeException e) {
            client.shutdown(); // a connection the driver refuses never runs
            throw e;
        }
    }

    /**
     * Switches to {@code token} if it differs from the one in use; returns whether it did, that
     * is whether a request refused with the old token is worth sending again.
     */
    public synchronized boolean renew(String token) {
        VaultSession current = session.orElseThrow(() -> new IllegalStateException("the connection is not started"));
        if (current.uses(token)) {
            return false;
        }
        session = Optional.of(session(token, client.running().orElseThrow(
                () -> new IllegalStateException("the connection is " + client.state().describe()))));
        return true;
    }

    /**
     * Sends {@code call} with the current session.
     *
     * @throws IllegalStateException if the connection is not started
     */
    public <T> T send(Call<T> call) throws VaultException, RestException {
        return call.run(session());
    }

    /**
     * Returns the session in use now: a caller that must know which token a request went with
     * (to tell, after a refusal, whether the token has changed since) sends through it directly.
     *
     * @throws IllegalStateException if the connection is not started
     */
    public VaultSession session() {
        return session.orElseThrow(() -> new IllegalStateException("the connection is not started"));
    }

    /** Returns where the connection is in its life (that of its HTTP client). */
    public ClientLifecycle.State state() {
        return client.state();
    }

    /** Returns the HTTP client while the connection runs, for requests the driver does not make (health checks). */
    public Optional<HttpClient> http() {
        return client.running();
    }

    /** Closes the HTTP client; requests in flight are aborted. Safe to call more than once. */
    public void close() {
        client.shutdown();
    }

    private VaultSession session(String token, HttpClient http) {
        try {
            VaultConfig config = new VaultConfig()
                    .environmentLoader(new NoEnvironment())
                    .address(endpoint.address())
                    .token(token)
                    .engineVersion(2)
                    .prefixPathDepth(endpoint.mountDepth())
                    .openTimeout(endpoint.openTimeoutSeconds())
                    .readTimeout(endpoint.readTimeoutSeconds())
                    .httpClient(http);
            if (endpoint.namespace().isPresent()) {
                config.nameSpace(endpoint.namespace().get());
            }
            return new VaultSession(token, config.build(), endpoint, http);
        } catch (VaultException e) {
            throw new ProtocolConfigurationException(endpoint.owner() + ": the Vault driver refuses the configuration ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "VaultConnection[" + endpoint.owner() + ", " + endpoint.address() + "]";
    }
}
