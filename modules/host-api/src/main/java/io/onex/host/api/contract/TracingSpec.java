package io.onex.host.api.contract;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The tracing section of a runtime host contract ({@code runtime.tracing}): where the host exports
 * its spans over OTLP. Without it, the host records no spans.
 *
 * @param endpoint      the OTLP/HTTP traces URL, e.g. {@code http://127.0.0.1:4318/v1/traces}
 * @param protocol      the OTLP protocol; {@value #HTTP_PROTOBUF} is the one supported
 * @param sampleRatio   the share of new traces recorded, 0 to 1; a request's own sampled flag decides
 *                      for a trace it continues
 * @param serviceName   the {@code service.name} of the spans; the runtime's name when absent
 * @param exportTimeout how long one export may take
 */
public record TracingSpec(URI endpoint, String protocol, double sampleRatio, Optional<String> serviceName,
        Duration exportTimeout) {

    /** OTLP over HTTP with protobuf bodies. */
    public static final String HTTP_PROTOBUF = "http/protobuf";
    /** The share of new traces recorded when the contract sets none. */
    public static final double DEFAULT_SAMPLE_RATIO = 1.0;
    /** The export timeout when the contract sets none. */
    public static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(10);

    public TracingSpec {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(exportTimeout, "exportTimeout");
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("sample_ratio must be between 0 and 1, not " + sampleRatio);
        }
    }
}
