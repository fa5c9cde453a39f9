package io.onex.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.SecretRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings hold client properties with their secrets resolved (they go to the Kafka clients
 * as they are), so their text form, which any message, log line or debugger may show, names the
 * properties and never a value.
 */
class KafkaBusSettingsSecretsTest {

    @Test
    void theTextFormNamesThePropertiesButShowsNoValue() {
        EventBusSpec spec = new EventBusSpec(BusKind.KAFKA, new EventBusSpec.Topics("onex.a.b.cmd.v1",
                "onex.a.b.evt.v1", "onex.a.b.error.v1"), new EventBusSpec.Backpressure(100, 80), Map.of(
                "bootstrap_servers", "127.0.0.1:9092", "consumer_group", "orders", "client_properties", Map.of(
                        "sasl.jaas.config", new SecretRef("env:KAFKA_JAAS"),
                        "ssl.key.password", new SecretRef("env:KAFKA_KEY_PASSWORD"))));

        KafkaBusSettings settings = KafkaBusSettings.from(spec, ref -> "Hunter2-" + ref.reference());

        assertThat(settings.producer()).containsEntry("ssl.key.password", "Hunter2-env:KAFKA_KEY_PASSWORD");
        assertThat(settings.toString()).doesNotContain("Hunter2")
                .contains("127.0.0.1:9092", "orders", "sasl.jaas.config", "ssl.key.password");
    }
}
