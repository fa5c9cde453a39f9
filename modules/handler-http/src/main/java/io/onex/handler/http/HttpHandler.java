package io.onex.handler.http;

import io.onex.client.http.ClientLifecycle;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.InvalidOperationException;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.api.Secrets;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.core.SecretRefresher;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP handler: {@code http.get}, {@code http.post}, {@code http.put}, {@code http.delete}
 * and {@code http.patch} on the JDK's HTTP client, one client per binding.
 *
 * <p>A request payload holds {@code url} (absolute, or relative to the binding's
 * {@code base_url}), and optionally {@code headers}, {@code query} and {@code body}; the response
 * payload holds {@code status_code}, {@code headers} and {@code body}. A non-2xx answer is a
 * response, not an error, unless the binding sets {@code fail_on_5xx} and the answer is a 5xx.
 * The node's {@code targets}, when it has any, bound which URLs it may call (see
 * {@link Targets}). Every failure is mapped to a host error whose message names the URL without
 * credentials or query. docs/handlers/http.md describes every setting and error.
 */
public final class HttpHandler implements Handler {

    static final String VERSION = "1.0.0";

    private static final int UNAUTHORIZED = 401;

    private final HttpSettings settings;
    private final SecretRefresher headerSecrets;
    private final RequestFactory requests;
    private final ResponseMapper responses;
    // Each node's targets are parsed once: a node contract's list is fixed for the host's life.
    private final Map<List<String>, Targets> targets = new ConcurrentHashMap<>();
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile int lastStatus = -1;
    private final ClientLifecycle client;
    private volatile Transport transport;
    private final java.util.Optional<HttpCheck> healthCheck;

    private HttpHandler(HttpSettings settings, Secrets secrets, java.util.Optional<HttpCheck> healthCheck) {
        this.settings = settings;
        this.healthCheck = healthCheck;
        this.headerSecrets = new SecretRefresher(secrets, settings.defaultHeaders().stream()
                .flatMap(header -> header.reference().stream()).toList());
        this.requests = new RequestFactory(settings, secrets);
        this.responses = new ResponseMapper(settings);
        this.client = ClientLifecycle.of(settings.connectTimeout());
    }

    /**
     * Builds the handler of an HTTP binding. Secret references of {@code default_headers} are
     * resolved now (a missing secret stops start-up), then read through {@code secrets} for every
     * request; a 401 answer makes the handler read them again from their source, bypassing any
     * cache, and send the request once more when a value changed.
     *
     * @param binding the binding: its {@code timeout_ms} and config (see docs/handlers/http.md)
     * @param secrets resolves (and refreshes) the secret references of {@code default_headers}
     * @throws io.onex.host.api.ProtocolConfigurationException if the config is invalid
     * @throws io.onex.host.api.SecretResolutionException      if a secret cannot be resolved
     */
    public static HttpHandler create(HandlerBinding binding, Secrets secrets) {
        HttpSettings settings = HttpSettings.from(binding, secrets);
        return new HttpHandler(settings, secrets, HttpCheck.of(binding, settings));
    }

    /** Checks {@code health_path} when the binding sets one (see {@link HttpCheck}); called by the host, off any call. */
    @Override
    public java.util.Optional<HandlerHealth> check() {
        return healthCheck.map(check -> check.run(client.running().orElse(null)));
    }

    /**
     * Builds the binding's client ({@link ClientLifecycle}: it never follows redirects; Transport
     * follows them hop by hop). The JDK client runs its own selector thread, not the handler.
     */
    @Override
    public void initialize() {
        this.transport = new Transport(client.start(), settings);
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        calls.increment();
        try {
            String operation = invocation.operation();
            String method = switch (operation) {
                case "http.get" -> "GET";
                case "http.post" -> "POST";
                case "http.put" -> "PUT";
                case "http.delete" -> "DELETE";
                case "http.patch" -> "PATCH";
                default -> throw new InvalidOperationException("the http handler does not support '" + operation
                        + "'; it supports http.get, http.post, http.put, http.delete, http.patch");
            };
            Transport ready = transport;
            if (ready == null) {
                throw new ServiceUnavailableException(operation + ": http binding '" + settings.binding()
                        + "' is not initialised");
            }
            Map<String, Object> trace = invocation.envelope().metadata();
            OutboundRequest request = requests.prepare(operation, method, invocation.payload()).withTraceContext(trace);
            Targets allowed = targets.computeIfAbsent(invocation.targets(), Targets::of);
            allowed.check(request.uri(), operation, invocation.node());
            HttpResponse<byte[]> response = ready.send(request, allowed, invocation.node());
            if (response.statusCode() == UNAUTHORIZED && headerSecrets.refreshAfterRefusal()) {
                // The server refused the credentials before acting on the request: sending it again is safe.
                request = requests.prepare(operation, method, invocation.payload()).withTraceContext(trace);
                response = ready.send(request, allowed, invocation.node());
            }
            int status = response.statusCode();
            lastStatus = status;
            if (settings.failOn5xx() && status >= 500 && status <= 599) {
                throw new ServiceUnavailableException(operation + " " + SafeUrl.describe(response.uri())
                        + ": the server answered " + status + " (the binding sets fail_on_5xx)")
                        .withDetail("status_code", status);
            }
            return responses.toPayload(response);
        } catch (OnexException e) {
            failures.increment();
            throw e;
        }
    }

    @Override
    public HandlerHealth health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("binding", settings.binding());
        settings.baseUrl().ifPresent(base -> details.put("base_url", SafeUrl.describe(base)));
        details.put("timeout_ms", settings.timeout().toMillis());
        details.put("follow_redirects", settings.redirects().configName());
        details.put("fail_on_5xx", settings.failOn5xx());
        details.put("calls", calls.sum());
        details.put("failures", failures.sum());
        int status = lastStatus;
        if (status >= 0) {
            details.put("last_status_code", status);
        }
        if (client.state() != ClientLifecycle.State.RUNNING) {
            details.put("state", client.state().describe());
            return HandlerHealth.unhealthy(details);
        }
        return HandlerHealth.healthy(details);
    }

    /**
     * Closes the client. The host calls this after its drain, so no call is in flight unless the
     * drain gave up; those are aborted.
     */
    @Override
    public void shutdown() {
        client.shutdown();
    }

    @Override
    public String toString() {
        return "HttpHandler[" + settings.binding() + "]";
    }
}
