package io.onex.health;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http1.Http1Config;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.EventBus;
import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.host.core.json.JsonLimits;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.status.HostStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's HTTP server: {@code GET /health/live}, {@code /health/ready} (of the host, or of one
 * node with {@code ?node=NAME}), {@code /health/handlers}, {@code /metrics}, and (when enabled)
 * {@code POST /v1/envelopes}.
 *
 * <p>With a bearer token ({@code runtime.health.auth_token}) the ingress and
 * {@code /health/handlers} (and {@code /metrics} when {@code auth_metrics} says so) answer 401
 * without it; the probes {@code /health/live} and {@code /health/ready} (with or without
 * {@code ?node=NAME}) always stay open for the kubelet. The contract's limits cap the connections
 * served at once, the size of a request head and how long a client may take to send a request
 * (see {@link HealthSpec.Limits}).
 *
 * <p>Built from the contract's {@code runtime.health} section, started after the host has
 * started and stopped after it has stopped, so readiness reports the whole drain as not ready.
 * Runs on the web server's own threads; none of its work is handler code.
 */
public final class HealthServer implements AutoCloseable {

    /** The largest request body the ingress takes: the envelope limit, as on every intake. */
    private static final long MAX_BODY_BYTES = JsonLimits.MAX_ENVELOPE_BYTES;
    /** The longest request line taken: no route here needs more. */
    private static final int MAX_PROLOGUE_BYTES = 4 * 1024;

    private final HostStatus status;
    private final EventBus bus;
    private final HostMetrics metrics;
    private final Probes probes;
    private final JsonLog log;
    private final String address;
    private final int requestedPort;
    private final boolean ingressEnabled;
    private final Duration ingressTimeout;
    private final HealthSpec.Limits limits;
    private final Optional<BearerAuth> auth;
    private final boolean authMetrics;
    /** When the last "auth_token cannot be read" warning was logged (System.nanoTime). */
    private final AtomicLong lastTokenWarning = new AtomicLong(System.nanoTime() - Duration.ofMinutes(1).toNanos());
    private ResponseCorrelator correlator;
    private ConnectionLimiter guard;
    private WebServer server;

    private HealthServer(Builder builder) {
        this.status = builder.status;
        this.bus = builder.bus;
        this.metrics = builder.metrics;
        this.log = builder.log;
        this.address = builder.address;
        this.requestedPort = builder.port;
        this.ingressEnabled = builder.ingress;
        this.ingressTimeout = builder.ingressTimeout;
        this.limits = builder.limits;
        this.auth = builder.auth.map(spec -> new BearerAuth(builder.secrets, spec.token()));
        this.authMetrics = builder.auth.map(HealthSpec.Auth::metrics).orElse(false);
        this.probes = new Probes(status, metrics,
                new Liveness(status::progress, builder.stallLimit, System::nanoTime));
    }

    /**
     * Returns a builder for the server of the host that {@code status} views, set up from its
     * contract's {@code runtime.health} section: address, port, bearer token, limits, and the
     * ingress (when the contract does not say, on in {@code dev} and off everywhere else), which
     * publishes on {@code bus}, the host's event bus. The server reads the host only through
     * {@code status}.
     */
    public static Builder builder(HostStatus status, EventBus bus, HostMetrics metrics) {
        return new Builder(status, bus, metrics);
    }

    /** Returns whether the contract turns the ingress on: as it says, else only in {@code dev}. */
    public static boolean ingressEnabled(RuntimeContract contract) {
        return contract.health().ingress().orElse(contract.environment() == Environment.DEV);
    }

    /**
     * Returns how long the host may leave waiting work unanswered before liveness calls it
     * stuck: the contract's {@code health.liveness_stall_seconds}, else a minute, or twice the
     * longest binding timeout if that is longer.
     */
    public static Duration defaultStallLimit(RuntimeContract contract) {
        if (contract.health().stallLimit().isPresent()) {
            return contract.health().stallLimit().get();
        }
        Duration limit = Duration.ofMinutes(1);
        for (HandlerBinding binding : contract.handlers()) {
            Duration twice = binding.timeout().map(t -> t.multipliedBy(2)).orElse(Duration.ZERO);
            if (twice.compareTo(limit) > 0) {
                limit = twice;
            }
        }
        return limit;
    }

    /**
     * Binds the metrics to the host and starts listening; logs the address and the port it got.
     *
     * @throws IllegalStateException when the server cannot listen (the port is taken, say) or
     *                               its bearer token cannot be read
     */
    public synchronized HealthServer start() {
        if (server != null) {
            throw new IllegalStateException("the health server was already started");
        }
        if (auth.isPresent()) {
            try {
                auth.get().resolveNow();
            } catch (SecretResolutionException e) {
                // The message names the reference and what each source said, never a value.
                throw new IllegalStateException("the health server's auth_token cannot be read: " + e.getMessage(), e);
            }
        }
        LogBridge.install(log);
        metrics.bind(status);
        HttpRouting.Builder routing = HttpRouting.builder()
                .get("/health/live", probes::live)
                .get("/health/ready", probes::ready)
                .get("/health/handlers", withToken(probes::handlers))
                .get("/metrics", authMetrics ? withToken(probes::metrics) : probes::metrics);
        if (ingressEnabled) {
            try {
                correlator = ResponseCorrelator.attach(bus, status.outputTopic(), EnvelopeCodec.forResponses(),
                        Math.max(status.maxInFlight() * 4, 1_024));
            } catch (IllegalArgumentException e) {
                // A broker bus delivers only the input topic to the host, so the ingress cannot see
                // responses there: it answers 503 and says why, and the rest of the server runs.
                log.warn("the HTTP ingress is not available on this event bus; POST /v1/envelopes answers 503",
                        "bus", status.contract().eventBus().kind().wireName(), "reason", e.getMessage());
                String reason = "the HTTP ingress is not available on the " + status.contract().eventBus().kind()
                        .wireName() + " event bus; publish to the input topic instead";
                routing.post("/v1/envelopes", withToken((req, res) -> Replies.send(res, 503, Replies.JSON,
                        Ingress.error(503, ErrorCode.SERVICE_UNAVAILABLE, reason).body())));
            }
        }
        if (correlator != null) {
            Ingress ingress = new Ingress(status, bus, correlator, EnvelopeCodec.standard(), ingressTimeout, log);
            routing.post("/v1/envelopes", withToken((req, res) -> {
                Optional<byte[]> body = readBody(req);
                Ingress.Reply reply = body.map(ingress::handle).orElseGet(() -> Ingress.error(413,
                        ErrorCode.ENVELOPE_VALIDATION_ERROR,
                        "the request body is larger than " + MAX_BODY_BYTES + " bytes"));
                Replies.send(res, reply.status(), Replies.JSON, reply.body());
            }));
        }
        WebServer started;
        guard = new ConnectionLimiter(limits.maxConnections(), limits.readTimeout(), ingressTimeout, log);
        try {
            started = WebServer.builder()
                    .host(address)
                    .port(requestedPort)
                    .maxPayloadSize(MAX_BODY_BYTES)
                    // The guard caps the connections (and with them the requests: one at a time
                    // on each) and closes one that is too slow to send its request or read its
                    // response; the server itself accepts without a limit, so the guard sees
                    // every connection.
                    .connectionOptions(guard)
                    .addProtocol(Http1Config.builder()
                            .maxPrologueLength(Math.min(MAX_PROLOGUE_BYTES, limits.maxHeaderBytes()))
                            .maxHeadersSize(limits.maxHeaderBytes())
                            .addReceiveListener(guard.requestListener())
                            .addSendListener(guard.responseListener())
                            .build())
                    .addRouting(routing)
                    .build()
                    .start();
        } catch (RuntimeException e) {
            throw cannotListen(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        // The server reports a port it cannot bind (taken, or an address not on this machine)
        // by logging it and coming back not running, not by throwing.
        if (!started.isRunning() || started.port() < 0) {
            started.stop();
            throw cannotListen("the address is in use or not available here", null);
        }
        server = started;
        log.info("health server listening", "address", address, "port", server.port(), "ingress", ingressEnabled,
                "auth", auth.isPresent() ? (authMetrics ? "bearer token (ingress, handlers, metrics)"
                        : "bearer token (ingress, handlers)") : "none",
                "max_connections", limits.maxConnections(), "read_timeout_ms", limits.readTimeout().toMillis(),
                "endpoints", ingressEnabled ? "/health/live /health/ready /health/handlers /metrics /v1/envelopes"
                        : "/health/live /health/ready /health/handlers /metrics");
        return this;
    }

    private IllegalStateException cannotListen(String why, Throwable cause) {
        guard.close();
        if (correlator != null) {
            correlator.close();
            correlator = null;
        }
        return new IllegalStateException("the health server cannot listen on " + address + ":" + requestedPort
                + " (" + why + ")", cause);
    }

    /** Returns the port the server listens on: the one it was given, or the one it got for port 0. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the health server is not started");
        }
        return server.port();
    }

    /** Stops listening. Idempotent. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop();
        guard.close();
        if (correlator != null) {
            correlator.close();
        }
        metrics.close();
        server = null;
        log.info("health server stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Wraps {@code handler} so it runs only for a request with the bearer token, when there is one. */
    private Handler withToken(Handler handler) {
        if (auth.isEmpty()) {
            return handler;
        }
        BearerAuth bearer = auth.get();
        return (req, res) -> {
            switch (bearer.check(req)) {
                case ALLOWED -> handler.handle(req, res);
                case REFUSED -> {
                    // No detail: neither whether a token was sent nor how it differs.
                    res.status(Status.UNAUTHORIZED_401);
                    res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"onex-host\"");
                    res.header(HeaderNames.CACHE_CONTROL, "no-store");
                    res.send();
                }
                case UNAVAILABLE -> {
                    long now = System.nanoTime();
                    long last = lastTokenWarning.get();
                    // At most one line a minute, however many requests are refused.
                    if (now - last >= Duration.ofMinutes(1).toNanos() && lastTokenWarning.compareAndSet(last, now)) {
                        log.warn("the health server's auth_token cannot be read; refusing requests",
                                "secret_ref", bearer.reference().reference(), "path", req.path().path());
                    }
                    Replies.json(res, 503, Map.of("error", Map.of("code", ErrorCode.SERVICE_UNAVAILABLE.name(),
                            "message", "the server cannot check tokens now; retry later")));
                }
            }
        };
    }

    private static Optional<byte[]> readBody(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? Optional.empty() : Optional.of(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Builds a {@link HealthServer}. */
    public static final class Builder {
        private final HostStatus status;
        private final EventBus bus;
        private final HostMetrics metrics;
        private String address;
        private int port;
        private boolean ingress;
        private Duration ingressTimeout = Duration.ofSeconds(30);
        private Duration stallLimit;
        private HealthSpec.Limits limits;
        private Optional<HealthSpec.Auth> auth;
        private Secrets secrets;
        private JsonLog log = JsonLog.toStandardError(JsonLog.Level.INFO);

        private Builder(HostStatus status, EventBus bus, HostMetrics metrics) {
            this.status = Objects.requireNonNull(status, "status");
            this.bus = Objects.requireNonNull(bus, "bus");
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            HealthSpec spec = status.contract().health();
            this.address = spec.host();
            this.port = spec.port();
            this.ingress = ingressEnabled(status.contract());
            this.stallLimit = defaultStallLimit(status.contract());
            this.limits = spec.limits();
            this.auth = spec.auth();
        }

        /** Sets the address to listen on. */
        public Builder address(String value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /** Sets the port to listen on; 0 picks a free one (ask {@link HealthServer#port()}). */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + value);
            }
            this.port = value;
            return this;
        }

        /** Turns {@code POST /v1/envelopes} on or off. */
        public Builder ingress(boolean value) {
            this.ingress = value;
            return this;
        }

        /** Sets how long the ingress waits for a response before answering 504. */
        public Builder ingressTimeout(Duration value) {
            this.ingressTimeout = positive(value, "ingressTimeout");
            return this;
        }

        /** Sets how long waiting work may go unanswered before liveness calls the host stuck. */
        public Builder stallLimit(Duration value) {
            this.stallLimit = positive(value, "stallLimit");
            return this;
        }

        /** Sets the caps on connections, request heads and slow clients. */
        public Builder limits(HealthSpec.Limits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Sets the bearer token that guards the ingress and {@code /health/handlers}; empty
         * leaves them open. The token is read through {@link #secrets(Secrets)}.
         */
        public Builder auth(Optional<HealthSpec.Auth> value) {
            this.auth = Objects.requireNonNull(value, "auth");
            return this;
        }

        /** Sets where the bearer token is read from: the host's secret resolver. */
        public Builder secrets(Secrets value) {
            this.secrets = Objects.requireNonNull(value, "secrets");
            return this;
        }

        /** Sets the log. */
        public Builder log(JsonLog value) {
            this.log = Objects.requireNonNull(value, "log");
            return this;
        }

        /**
         * Builds the server; it listens once {@link HealthServer#start()} is called.
         *
         * @throws IllegalStateException when there is a bearer token but no {@link #secrets(Secrets)}
         */
        public HealthServer build() {
            if (auth.isPresent() && secrets == null) {
                throw new IllegalStateException("the health server's auth_token needs a secret resolver");
            }
            return new HealthServer(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
