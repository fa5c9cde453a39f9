package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.BusHealth;
import io.onex.host.core.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness, the handlers report and the metrics follow what the bus says about itself. */
class BusReadinessTest extends TestHostFixture {

    private static BusHealth kafka(boolean healthy, int assignedPartitions, long lag) {
        return new BusHealth("kafka", healthy, Map.of("kafka_healthy", healthy, "assigned_partitions",
                assignedPartitions, "consumer_lag", lag));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> reasons(String body) {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.read(body)).get("reasons");
    }

    @Test
    void aBrokerOutageTurnsReadinessTo503AndBackTo200ByItselfWhileLivenessStaysOk() {
        test = TestHost.start();
        test.bus.health = kafka(true, 3, 0);
        assertThat(test.get("/health/ready").statusCode()).isEqualTo(200);

        test.bus.health = kafka(false, 3, 0);
        var down = test.get("/health/ready");
        var liveWhileDown = test.get("/health/live");
        test.bus.health = kafka(true, 3, 0);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(reasons(down.body())).containsExactly(Map.of("component", "bus",
                "reason", "the kafka bus is not connected"));
        assertThat(liveWhileDown.statusCode()).isEqualTo(200);
        assertThat(test.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aConnectedBusWithNoPartitionsAssignedIsNotReady() {
        test = TestHost.start();
        test.bus.health = kafka(true, 0, 0);

        var response = test.get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(reasons(response.body())).singleElement()
                .satisfies(r -> assertThat((String) r.get("reason")).contains("not consuming"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHandlersReportTakesKafkaHealthAndLagFromTheBus() {
        test = TestHost.start();
        test.bus.health = kafka(false, 3, 1234);

        Map<String, Object> bus = (Map<String, Object>) ((Map<String, Object>) Json.read(
                test.get("/health/handlers").body())).get("bus");

        assertThat(bus).containsEntry("kind", "kafka").containsEntry("kafka_healthy", false)
                .containsEntry("connected", false).containsEntry("consumer_lag", 1234);
    }

    @Test
    void theLagMetricIsTheLagTheBusReports() {
        test = TestHost.start();
        test.bus.health = kafka(true, 3, 1234);

        assertThat(test.get("/metrics").body()).contains("onex_bus_consumer_lag{topic=\"" + TestHost.INPUT
                + "\"} 1234.0");
    }
}
