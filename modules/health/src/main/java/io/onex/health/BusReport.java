package io.onex.health;

import io.onex.host.api.BusHealth;
import io.onex.host.core.status.HostStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the health server says about the bus: its health, whether Kafka is healthy, and the consumer lag. */
final class BusReport {

    /** The bus health detail that a broker-backed bus reports its consumer lag under. */
    static final String LAG_DETAIL = "consumer_lag";
    /** The bus health detail in which the Kafka bus reports whether the broker is reachable and writes succeed. */
    static final String KAFKA_HEALTHY_DETAIL = "kafka_healthy";

    private BusReport() {
    }

    /**
     * Returns the consumer lag of the host's input topic: what the bus reports as
     * {@value #LAG_DETAIL}, else the messages it holds for the topic in this process.
     */
    static double consumerLag(HostStatus host) {
        Object lag = host.bus().details().get(LAG_DETAIL);
        if (lag instanceof Number number) {
            return number.doubleValue();
        }
        return host.inputPending();
    }

    /** Returns the bus section of {@code /health/handlers}. */
    static Map<String, Object> of(HostStatus host) {
        BusHealth health = host.bus();
        Map<String, Object> bus = new LinkedHashMap<>();
        bus.put("kind", health.kind());
        bus.put("connected", health.connected());
        // Only a Kafka bus can be Kafka-healthy; for any other kind the question does not apply.
        Object kafkaHealthy = health.details().get(KAFKA_HEALTHY_DETAIL);
        bus.put("kafka_healthy", kafkaHealthy instanceof Boolean ? kafkaHealthy
                : "kafka".equals(health.kind()) ? (Object) health.connected() : null);
        bus.put("input_topic", host.inputTopic());
        bus.put("output_topic", host.outputTopic());
        Object lag = health.details().get(LAG_DETAIL);
        bus.put("consumer_lag", lag instanceof Number ? lag : host.inputPending());
        bus.put("details", health.details());
        return bus;
    }
}
