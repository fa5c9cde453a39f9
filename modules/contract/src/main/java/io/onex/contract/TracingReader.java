package io.onex.contract;

import io.onex.host.api.ConfigChecks;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.contract.TracingSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code runtime.tracing}: the OTLP endpoint spans go to, the protocol, the sampling and the service name. */
final class TracingReader {

    static final List<String> KEYS = List.of("enabled", "endpoint", "protocol", "sample_ratio", "service_name",
            "export_timeout_ms");
    static final List<String> PROTOCOLS = List.of(TracingSpec.HTTP_PROTOBUF);
    static final Pattern ENDPOINT = Pattern.compile("https?://[^\\s/?#]+(/[^\\s?#]*)?");
    static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    static final String EXAMPLE_ENDPOINT = "http://127.0.0.1:4318/v1/traces";

    private TracingReader() {
    }

    /**
     * The endpoint's problem, if any: not an http(s) URL with a host, a credential in it (a
     * password in the user info, a query parameter named like a secret), or a query or fragment.
     * The messages never echo the endpoint, which may carry a credential.
     */
    private static Optional<ConfigSchema.Violation> endpointProblem(String text) {
        return ConfigChecks.httpUrl(EXAMPLE_ENDPOINT).check(text).or(() -> ENDPOINT.matcher(text).matches()
                ? Optional.empty()
                : Optional.of(new ConfigSchema.Violation("must be an http:// or https:// URL without a query or"
                        + " fragment", List.of(), "write the collector's traces URL, e.g. " + EXAMPLE_ENDPOINT)));
    }

    /** Returns the tracing section of {@code runtime}; empty when it has none or it is switched off. */
    static Optional<TracingSpec> read(Fields runtime) {
        return runtime.mapping("tracing", KEYS).flatMap(tracing -> {
            boolean enabled = tracing.bool("enabled", true);
            Optional<String> endpoint = tracing.checked("endpoint", TracingReader::endpointProblem, EXAMPLE_ENDPOINT,
                    true);
            Optional<String> protocol = tracing.choice("protocol", "protocol", PROTOCOLS,
                    name -> PROTOCOLS.contains(name) ? Optional.of(name) : Optional.empty(),
                    Optional.empty()).or(() -> Optional.of(TracingSpec.HTTP_PROTOBUF));
            double ratio = tracing.number("sample_ratio", 0, false, 1).orElse(TracingSpec.DEFAULT_SAMPLE_RATIO);
            Optional<String> service = tracing.matching("service_name", SERVICE_NAME,
                    "letters, digits, '_', '.' and '-', at most 128", "orders-host", false);
            int timeout = tracing.integer("export_timeout_ms", (int) TracingSpec.DEFAULT_EXPORT_TIMEOUT.toMillis(),
                    100, 300_000);
            tracing.finish();
            if (!enabled || endpoint.isEmpty() || protocol.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new TracingSpec(URI.create(endpoint.get()), protocol.get(), ratio, service,
                    Duration.ofMillis(timeout)));
        });
    }
}
