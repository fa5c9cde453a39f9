package io.onex.host.api.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The event bus section of a runtime host contract.
 *
 * @param kind         which bus
 * @param topics       the input, output and dead-letter topics
 * @param backpressure in-flight limits
 * @param config       the kind-specific settings other than topics (for Kafka:
 *                     {@code bootstrap_servers}, {@code consumer_group}, client properties);
 *                     values are JSON-shaped or {@link SecretRef}s, with {@code ${VAR}} already
 *                     resolved
 */
public record EventBusSpec(BusKind kind, Topics topics, Backpressure backpressure, Map<String, Object> config) {

    public EventBusSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(backpressure, "backpressure");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /**
     * The bus topics. Names follow {@code onex.<tenant>.<domain>.<signal>.v<N>}.
     *
     * @param input      where requests arrive (signal {@code cmd})
     * @param output     where responses go (signal {@code evt})
     * @param deadLetter where unreadable input goes (signal {@code error})
     */
    public record Topics(String input, String output, String deadLetter) {
        public Topics {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(deadLetter, "deadLetter");
        }
    }

    /**
     * In-flight limits.
     *
     * @param maxInflightEnvelopes the most envelopes in progress at once
     * @param pauseThreshold       the in-flight count at which a broker bus pauses consumption
     */
    public record Backpressure(int maxInflightEnvelopes, int pauseThreshold) {
        public Backpressure {
            if (maxInflightEnvelopes < 1) {
                throw new IllegalArgumentException("max_inflight_envelopes must be at least 1");
            }
            if (pauseThreshold < 1 || pauseThreshold > maxInflightEnvelopes) {
                throw new IllegalArgumentException(
                        "pause_threshold must be between 1 and max_inflight_envelopes");
            }
        }
    }
}
