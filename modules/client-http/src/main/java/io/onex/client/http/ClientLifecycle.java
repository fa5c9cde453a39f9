package io.onex.client.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One JDK HTTP client through the life of its owner, a handler binding or a secret source: built
 * by {@link #start()}, never following redirects (a credential must not travel to another origin;
 * a handler that follows redirects does it hop by hop itself), and shut down by
 * {@link #shutdown()}, which aborts what is still in flight and waits a bounded time for the
 * client's threads. The client runs its own selector thread, not its owner.
 */
public final class ClientLifecycle {

    /** Where the client is in its life. */
    public enum State {
        /** Not built yet. */
        NOT_STARTED("not initialised"),
        /** Built and taking requests. */
        RUNNING("running"),
        /** Shut down; it takes no more requests. */
        SHUT_DOWN("shut down");

        private final String text;

        State(String text) {
            this.text = text;
        }

        /** Returns the state as health reports and error messages word it, e.g. {@code "not initialised"}. */
        public String describe() {
            return text;
        }
    }

    /** The longest {@link #shutdown()} waits for the client's threads to end. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private final Duration connectTimeout;
    private final Optional<HttpClient.Version> version;
    private volatile HttpClient client;
    private volatile boolean shutDown;

    private ClientLifecycle(Duration connectTimeout, Optional<HttpClient.Version> version) {
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.version = version;
    }

    /** Returns the lifecycle of a client that speaks the JDK's default HTTP version (HTTP/2, falling back to 1.1). */
    public static ClientLifecycle of(Duration connectTimeout) {
        return new ClientLifecycle(connectTimeout, Optional.empty());
    }

    /** Returns the lifecycle of a client that speaks HTTP/1.1 only, as the Vault driver expects. */
    public static ClientLifecycle http11(Duration connectTimeout) {
        return new ClientLifecycle(connectTimeout, Optional.of(HttpClient.Version.HTTP_1_1));
    }

    /**
     * Builds the client and returns it.
     *
     * @throws IllegalStateException if it was started or shut down before
     */
    public synchronized HttpClient start() {
        if (client != null || shutDown) {
            throw new IllegalStateException("the HTTP client is " + state().describe() + "; it starts only once");
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        version.ifPresent(builder::version);
        HttpClient built = builder.build();
        this.client = built;
        return built;
    }

    /** Returns the client while it is running: empty before {@link #start()} and after {@link #shutdown()}. */
    public Optional<HttpClient> running() {
        HttpClient built = client;
        return built == null || shutDown ? Optional.empty() : Optional.of(built);
    }

    /** Returns where the client is in its life. */
    public State state() {
        if (shutDown) {
            return State.SHUT_DOWN;
        }
        return client == null ? State.NOT_STARTED : State.RUNNING;
    }

    /**
     * Shuts the client down: requests still in flight are aborted (their callers see a
     * cancellation), and the call waits at most {@link #SHUTDOWN_WAIT} for the client's threads.
     * Safe to call more than once and before {@link #start()}.
     */
    public void shutdown() {
        shutDown = true;
        HttpClient built = client;
        if (built == null) {
            return;
        }
        built.shutdownNow();
        try {
            built.awaitTermination(SHUTDOWN_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
