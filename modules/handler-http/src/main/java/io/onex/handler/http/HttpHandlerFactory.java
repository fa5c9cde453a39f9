package io.onex.handler.http;

import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.core.ConfigChecks;
import java.util.List;
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
