package io.onex.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.SecretRef;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KafkaBusSettingsTest {

    private static final Function<SecretRef, String> SECRETS = ref -> "resolved:" + ref.reference();

    private static EventBusSpec spec(Map<String, Object> clientProperties) {
        return new EventBusSpec(BusKind.KAFKA, new EventBusSpec.Topics("onex.a.b.cmd.v1", "onex.a.b.evt.v1",
                "onex.a.b.error.v1"), new EventBusSpec.Backpressure(100, 80), Map.of(
                "bootstrap_servers", "127.0.0.1:9092", "consumer_group", "orders", "client_properties",
                clientProperties));
    }

    @Test
    void theBusOwnsTheSettingsItsGuaranteeRestsOn() {
        KafkaBusSettings settings = KafkaBusSettings.from(spec(Map.of()), SECRETS);
        assertThat(settings.consumer()).containsEntry("group.id", "orders")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("max.poll.records", 80);
        assertThat(settings.producer()).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    }

    @Test
    void theConsumerFetchesAtMost256KiBPerPartitionAndOneMebibytePerFetchUnlessTheContractSaysOtherwise() {
        assertThat(KafkaBusSettings.from(spec(Map.of()), SECRETS).consumer())
                .containsEntry("max.partition.fetch.bytes", 262_144).containsEntry("fetch.max.bytes", 1_048_576);
        assertThat(KafkaBusSettings.from(spec(Map.of("max.partition.fetch.bytes", 4_194_304)), SECRETS).consumer())
                .containsEntry("max.partition.fetch.bytes", "4194304");
    }

    @Test
    void aFetchIsAnsweredByTheFirstRecordOrAfterHalfASecondUnlessTheContractSaysOtherwise() {
        assertThat(KafkaBusSettings.from(spec(Map.of()), SECRETS).consumer())
                .containsEntry("fetch.min.bytes", 1).containsEntry("fetch.max.wait.ms", 500);
        assertThat(KafkaBusSettings.from(spec(Map.of("fetch.min.bytes", 8_192, "fetch.max.wait.ms", 3)), SECRETS)
                .consumer()).containsEntry("fetch.min.bytes", "8192").containsEntry("fetch.max.wait.ms", "3");
    }

    @Test
    void theProducerDoesNotLingerAndSendsOneRequestAtATimeUnlessTheContractSaysOtherwise() {
        assertThat(KafkaBusSettings.from(spec(Map.of()), SECRETS).producer()).containsEntry("linger.ms", 0)
                .containsEntry("max.in.flight.requests.per.connection", 1).containsEntry("batch.size", 65_536);
    }

    @Test
    void clientPropertiesGoToTheClientsThatKnowThem() {
        KafkaBusSettings settings = KafkaBusSettings.from(spec(Map.of("session.timeout.ms", 6000,
                "linger.ms", 20, "security.protocol", "SSL")), SECRETS);
        assertThat(settings.consumer()).containsEntry("session.timeout.ms", "6000")
                .containsEntry("security.protocol", "SSL").doesNotContainKey("linger.ms");
        assertThat(settings.producer()).containsEntry("linger.ms", "20")
                .containsEntry("security.protocol", "SSL").doesNotContainKey("session.timeout.ms");
    }

    @Test
    void secretReferencesAreResolvedForTheClients() {
        KafkaBusSettings settings = KafkaBusSettings.from(spec(Map.of("ssl.truststore.password",
                new SecretRef("env:TRUSTSTORE_PASSWORD"))), SECRETS);
        assertThat(settings.consumer()).containsEntry("ssl.truststore.password", "resolved:env:TRUSTSTORE_PASSWORD");
        assertThat(settings.producer()).containsEntry("ssl.truststore.password", "resolved:env:TRUSTSTORE_PASSWORD");
    }

    @Test
    void aReservedPropertyIsRefusedNamingIt() {
        assertThatThrownBy(() -> KafkaBusSettings.from(spec(Map.of("enable.auto.commit", true, "acks", "1")), SECRETS))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("acks, enable.auto.commit").hasMessageContaining("sets them itself");
    }

    @Test
    void aPropertyNeitherClientKnowsIsRefusedNamingIt() {
        assertThatThrownBy(() -> KafkaBusSettings.from(spec(Map.of("sesion.timeout.ms", 6000)), SECRETS))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("sesion.timeout.ms is not a setting of the Kafka consumer or producer");
    }
}
