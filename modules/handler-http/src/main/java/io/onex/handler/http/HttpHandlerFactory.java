package io.onex.handler.http;

import io.onex.host.api.ConfigChecks;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The factory of the {@code http} handler: HTTP calls through the JDK's client
 * (docs/handlers/http.md describes every setting).
 */
public final class HttpHandlerFactory implements HandlerFactory {

    private static final int TEN_MIB = 10 * 1024 * 1024;
    private static final List<String> REQUIRED = List.of("url");
    private static final List<String> OPTIONAL = List.of("headers", "query", "body");
    private static final List<String> RESPONSE = List.of("status_code", "headers", "body");

    static final List<HandlerDescription.Operation> OPERATIONS = List.of(
            operation("http.get"), operation("http.post"), operation("http.put"), operation("http.delete"),
            operation("http.patch"));

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .checkedText("base_url", ConfigChecks.httpUrl("https://api.example.com"))
            .doc("what a relative url is appended to; an absolute http:// or https:// URL")
            .bool("fail_on_5xx", false)
            .doc("true: a 5xx answer fails the call with SERVICE_UNAVAILABLE; false: every status is a response")
            .integer("connect_timeout_ms", null, 1)
            .doc("the longest one TCP (and TLS) connect may take; default: the binding's timeout_ms")
            .integer("max_request_bytes", TEN_MIB, 1)
            .doc("the largest request body; a larger one is refused before anything is sent")
            .integer("max_response_bytes", TEN_MIB, 1)
            .doc("the largest response body read; a larger one fails the call")
            .choice("follow_redirects", "normal", List.of("never", "normal", "always"))
            .doc("which redirects are followed")
            .textMap("default_headers")
            .doc("headers sent with every request; those named like a secret must be secret references")
            .checkedText("health_path", HttpHandlerFactory::healthPath)
            .doc("the server's health endpoint on base_url, checked every health check interval")
            .build();

    /** Creates the factory. */
    public HttpHandlerFactory() {
    }

    @Override
    public int spiVersion() {
        return HandlerFactory.SPI_VERSION;
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public String version() {
        return HttpHandler.VERSION;
    }

    @Override
    public String summary() {
        return "Calls HTTP services through the JDK's HTTP client";
    }

    @Override
    public List<HandlerDescription.Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    /**
     * Refuses secret {@code default_headers} without a home: they go only to the binding's
     * {@code base_url} origin, so a binding with such headers and no {@code base_url} is refused
     * unless every node on it has {@code targets}, which then bound where the secret may go.
     */
    @Override
    public List<Finding> check(HandlerBinding binding, List<NodeUse> uses, Environment environment) {
        if (binding.config().get("base_url") != null
                || !(binding.config().get("default_headers") instanceof Map<?, ?> headers)) {
            return List.of();
        }
        List<String> secret = new ArrayList<>();
        headers.forEach((name, value) -> {
            if (value instanceof SecretRef) {
                secret.add(String.valueOf(name));
            }
        });
        List<String> untargeted = uses.stream().filter(use -> use.targets().isEmpty())
                .map(use -> "'" + use.node() + "'").toList();
        if (secret.isEmpty() || untargeted.isEmpty()) {
            return List.of();
        }
        return List.of(Finding.error("http binding '" + binding.name() + "' has secret default_headers ("
                + String.join(", ", secret) + ") but no base_url, and node(s) " + String.join(", ", untargeted)
                + " on it have no targets: the secret could be sent to any URL an envelope names", List.of(),
                "set config.base_url (secret default headers are then sent only to its scheme, host and port),"
                        + " or give every node on this binding http targets"));
    }

    @Override
    public Handler create(HandlerBinding binding, Secrets secrets) {
        return HttpHandler.create(binding, secrets);
    }

    private static HandlerDescription.Operation operation(String name) {
        return new HandlerDescription.Operation(name, REQUIRED, OPTIONAL, RESPONSE);
    }

    private static Optional<ConfigSchema.Violation> healthPath(String text) {
        if (text.startsWith("/") && !text.startsWith("//") && text.chars().noneMatch(c -> c <= ' ' || c == '#')) {
            return Optional.empty();
        }
        return Optional.of(new ConfigSchema.Violation("must be a path on base_url, starting with a single /",
                List.of(), "write the path of the service's health endpoint, e.g. /healthz"));
    }
}
