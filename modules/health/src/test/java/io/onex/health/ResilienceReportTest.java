package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ConnectionException;
import io.onex.host.core.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Breaker states, retries and guard rejections show in the handlers report and the metrics. */
class ResilienceReportTest extends TestHostFixture {

    private static final String QUERY = "{\"target_node\":\"store\",\"handler_type\":\"db\",\"operation\":\"db.query\","
            + "\"payload\":{\"sql\":\"SELECT 1\"}}";

    @SuppressWarnings("unchecked")
    private Map<String, Object> dbBinding() {
        Map<String, Object> report = (Map<String, Object>) Json.read(test.get("/health/handlers").body());
        return ((List<Map<String, Object>>) report.get("bindings")).stream()
                .filter(b -> b.get("name").equals("db")).findFirst().orElseThrow();
    }

    @Test
    void aClosedBreakerAndNoRetriesAreReportedAtFirst() {
        test = TestHost.start();

        assertThat(dbBinding()).containsEntry("breaker", "closed").containsEntry("retries", 0);
        assertThat(test.get("/metrics").body())
                .contains("onex_breaker_state{binding=\"db\",handler_type=\"db\",state=\"closed\"} 1.0")
                .contains("onex_breaker_state{binding=\"db\",handler_type=\"db\",state=\"open\"} 0.0")
                .doesNotContain("onex_breaker_state{binding=\"local\"");
    }

    @Test
    void failuresOfTheDependencyAreRetriedThenOpenTheBreakerAndShowInReportAndMetrics() {
        test = TestHost.start();
        test.db.behaviour = invocation -> {
            throw new ConnectionException("the database refused the connection");
        };

        assertThat(test.post("/v1/envelopes", QUERY).body()).contains("CONNECTION_ERROR");
        String rejected = test.post("/v1/envelopes", QUERY).body();
        Map<String, Object> db = dbBinding();
        String scrape = test.get("/metrics").body();

        assertThat(rejected).contains("CIRCUIT_OPEN");
        assertThat(db).containsEntry("breaker", "open").containsEntry("retries", 1)
                .containsEntry("last_error", "CIRCUIT_OPEN");
        assertThat((Map<String, Object>) db.get("rejections")).containsEntry("circuit_open", 1);
        assertThat(scrape).contains("onex_breaker_state{binding=\"db\",handler_type=\"db\",state=\"open\"} 1.0",
                "onex_breaker_openings_total{binding=\"db\",handler_type=\"db\"} 1.0",
                "onex_handler_retries_total{binding=\"db\",handler_type=\"db\"} 1.0",
                "onex_guard_rejections_total{binding=\"db\",handler_type=\"db\",reason=\"circuit_open\"} 1.0",
                "onex_envelopes_failed_total{binding=\"db\",code=\"CIRCUIT_OPEN\",handler_type=\"db\",node=\"store\"} 1.0");
    }
}
