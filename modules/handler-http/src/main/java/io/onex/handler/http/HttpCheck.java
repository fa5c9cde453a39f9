package io.onex.handler.http;

import io.onex.host.api.HandlerHealth;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP binding's active health check, when its config sets {@code health_path}: a
 * {@code GET} of that path on {@code base_url}, within the binding's timeout, without the
 * binding's default headers (no secret travels) and without following redirects. Healthy on a
 * 2xx answer. A binding without {@code health_path} has no active check: the outcomes of its
 * calls are what tells.
 *
 * @param uri     the health endpoint
 * @param path    the configured path, for the details
 * @param timeout how long the check waits for the answer
 */
record HttpCheck(URI uri, String path, Duration timeout) {

    /**
     * Returns the check of {@code binding}, if it sets {@code health_path}.
     *
     * @throws ProtocolConfigurationException when {@code health_path} is set without {@code base_url}
     */
    static Optional<HttpCheck> of(HandlerBinding binding, HttpSettings settings) {
        if (!(binding.config().get("health_path") instanceof String path)) {
            return Optional.empty();
        }
        URI base = settings.baseUrl().orElseThrow(() -> new ProtocolConfigurationException("http binding '"
                + binding.name() + "': config.health_path needs config.base_url, the server it is a path on"));
        String prefix = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        return Optional.of(new HttpCheck(URI.create(prefix + path), path, settings.timeout()));
    }

    /** Sends the check through {@code client}, or reports that the binding is not running when it is null. */
    HandlerHealth run(HttpClient client) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("probe", "GET " + path);
        if (client == null) {
            details.put("error", "the binding is not running");
            return HandlerHealth.unhealthy(details);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            details.put("status", status);
            if (status >= 200 && status <= 299) {
                return HandlerHealth.healthy(details);
            }
            details.put("error", "the health endpoint answered " + status);
            return HandlerHealth.unhealthy(details);
        } catch (IOException e) {
            details.put("error", "the server cannot be reached (" + e.getClass().getSimpleName() + ")");
            return HandlerHealth.unhealthy(details);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details.put("error", "the check was interrupted");
            return HandlerHealth.unhealthy(details);
        }
    }
}
