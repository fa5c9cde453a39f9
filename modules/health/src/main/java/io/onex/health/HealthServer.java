package io.onex.health;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.host.core.json.Json;
import io.onex.host.core.json.JsonLimits;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.runtime.ResponseCorrelator;
import io.onex.host.core.runtime.RuntimeHostProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's HTTP server: {@code GET /health/live}, {@code /health/ready}, {@code /health/handlers},
 * {@code /metrics}, and (when enabled) {@code POST /v1/envelopes}.
 *
 * <p>Built from the contract's {@code runtime.health} section, started after the host has
 * started and stopped after it has stopped, so readiness reports the whole drain as not ready.
 * Runs on the web server's own threads; none of its work is handler code.
 */
public final class HealthServer implements AutoCloseable {

    /** The content type of Prometheus text format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";
    /** The largest request body the ingress takes: the envelope limit, as on every intake. */
    private static final long MAX_BODY_BYTES = JsonLimits.MAX_ENVELOPE_BYTES;

    private final RuntimeHostProcess host;
    private final HostMetrics metrics;
    private final Liveness liveness;
    private final JsonLog log;
    private final String address;
    private final int requestedPort;
    private final boolean ingressEnabled;
    private final Duration ingressTimeout;
    private ResponseCorrelator correlator;
    private WebServer server;

    private HealthServer(Builder builder) {
        this.host = builder.host;
        this.metrics = builder.metrics;
        this.log = builder.log;
        this.address = builder.address;
        this.requestedPort = builder.port;
        this.ingressEnabled = builder.ingress;
        this.ingressTimeout = builder.ingressTimeout;
        this.liveness = new Liveness(host::progress, builder.stallLimit, System::nanoTime);
    }

    /**
     * Returns a builder for the server of {@code host}, set up from its contract's
     * {@code runtime.health} section: address, port, and the ingress (when the contract does not
     * say, on outside {@code prod} and off in it).
     */
    public static Builder builder(RuntimeHostProcess host, HostMetrics metrics) {
        return new Builder(host, metrics);
    }

    /** Returns whether the contract turns the ingress on: as it says, else on outside {@code prod}. */
    public static boolean ingressEnabled(RuntimeContract contract) {
        return contract.health().ingress().orElse(contract.environment() != Environment.PROD);
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
     * @throws IllegalStateException when the server cannot listen (the port is taken, say)
     */
    public synchronized HealthServer start() {
        if (server != null) {
            throw new IllegalStateException("the health server was already started");
        }
        LogBridge.install(log);
        metrics.bind(host);
        HttpRouting.Builder routing = HttpRouting.builder()
                .get("/health/live", this::live)
                .get("/health/ready", this::ready)
                .get("/health/handlers", this::handlers)
                .get("/metrics", this::metrics);
        if (ingressEnabled) {
            try {
                correlator = ResponseCorrelator.attach(host.bus(), host.outputTopic(), EnvelopeCodec.forResponses(),
                        Math.max(host.maxInFlight() * 4, 1_024));
            } catch (IllegalArgumentException e) {
                // A broker bus delivers only the input topic to the host, so the ingress cannot see
                // responses there: it answers 503 and says why, and the rest of the server runs.
                log.warn("the HTTP ingress is not available on this event bus; POST /v1/envelopes answers 503",
                        "bus", host.contract().eventBus().kind().wireName(), "reason", e.getMessage());
                String reason = "the HTTP ingress is not available on the "
                        + host.contract().eventBus().kind().wireName() + " event bus; publish to the input topic instead";
                routing.post("/v1/envelopes", (req, res) -> send(res, 503, JSON, Ingress.error(503,
                        io.onex.host.api.ErrorCode.SERVICE_UNAVAILABLE, reason).body()));
            }
        }
        if (correlator != null) {
            Ingress ingress = new Ingress(host, correlator, EnvelopeCodec.standard(), ingressTimeout, log);
            routing.post("/v1/envelopes", (req, res) -> {
                Optional<byte[]> body = readBody(req);
                Ingress.Reply reply = body.map(ingress::handle).orElseGet(() -> Ingress.error(413,
                        io.onex.host.api.ErrorCode.ENVELOPE_VALIDATION_ERROR,
                        "the request body is larger than " + MAX_BODY_BYTES + " bytes"));
                send(res, reply.status(), JSON, reply.body());
            });
        }
        WebServer started;
        try {
            started = WebServer.builder()
                    .host(address)
                    .port(requestedPort)
                    .maxPayloadSize(MAX_BODY_BYTES)
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
                "endpoints", ingressEnabled ? "/health/live /health/ready /health/handlers /metrics /v1/envelopes"
                        : "/health/live /health/ready /health/handlers /metrics");
        return this;
    }

    private IllegalStateException cannotListen(String why, Throwable cause) {
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

    private void live(ServerRequest req, ServerResponse res) {
        Liveness.Verdict verdict = liveness.check();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", verdict.live() ? "live" : "stuck");
        if (!verdict.live()) {
            body.put("reason", "work has waited " + Duration.ofNanos(verdict.stalledNanos()).toSeconds()
                    + " s with no envelope answered");
        }
        sendJson(res, verdict.live() ? 200 : 503, body);
    }

    private void ready(ServerRequest req, ServerResponse res) {
        Readiness.Verdict verdict = Readiness.check(host);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", verdict.ready() ? "ready" : "not_ready");
        body.put("state", host.state().name().toLowerCase(java.util.Locale.ROOT));
        if (!verdict.ready()) {
            body.put("reasons", verdict.reasons());
        }
        sendJson(res, verdict.ready() ? 200 : 503, body);
    }

    private void handlers(ServerRequest req, ServerResponse res) {
        sendJson(res, 200, HandlersReport.of(host, metrics));
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        send(res, 200, PROMETHEUS_TEXT, metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<byte[]> readBody(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? Optional.empty() : Optional.of(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sendJson(ServerResponse res, int status, Map<String, Object> body) {
        send(res, status, JSON, Json.writeBytes(body));
    }

    private static void send(ServerResponse res, int status, String contentType, byte[] body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body);
    }

    /** Builds a {@link HealthServer}. */
    public static final class Builder {
        private final RuntimeHostProcess host;
        private final HostMetrics metrics;
        private String address;
        private int port;
        private boolean ingress;
        private Duration ingressTimeout = Duration.ofSeconds(30);
        private Duration stallLimit;
        private JsonLog log = JsonLog.toStandardError(JsonLog.Level.INFO);

        private Builder(RuntimeHostProcess host, HostMetrics metrics) {
            this.host = Objects.requireNonNull(host, "host");
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            HealthSpec spec = host.contract().health();
            this.address = spec.host();
            this.port = spec.port();
            this.ingress = ingressEnabled(host.contract());
            this.stallLimit = defaultStallLimit(host.contract());
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

        /** Sets the log. */
        public Builder log(JsonLog value) {
            this.log = Objects.requireNonNull(value, "log");
            return this;
        }

        /** Builds the server; it listens once {@link HealthServer#start()} is called. */
        public HealthServer build() {
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
