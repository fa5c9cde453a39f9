package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.contract.SecretRef;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full host builds the Kafka bus from a contract, resolving the secrets its client properties
 * reference, before anything starts: a host started in process ({@link OnexHost#start}) on a
 * broker address where nothing listens fails while its bus is built, never by connecting.
 */
class WiringKafkaTest {

    private static final StartOptions QUIET = StartOptions.defaults().dev()
            .log(new ByteArrayOutputStream(), System.Logger.Level.OFF);

    @TempDir
    Path dir;

    private Path contract(String clientProperties) throws Exception {
        HostFixture.writeEchoNode(dir);
        return Files.writeString(dir.resolve("runtime.yaml"), """
                schema_version: "1.0.0"
                runtime:
                  name: wired
                  version: "0.1.0"
                  environment: dev
                  event_bus:
                    kind: kafka
                    config:
                      bootstrap_servers: "127.0.0.1:9"
                      consumer_group: wired
                      topics: { input: onex.acme.orders.cmd.v1, output: onex.acme.orders.evt.v1,
                                dead_letter: onex.acme.orders.error.v1 }
                      client_properties: %s
                  handlers:
                    - type: local
                  nodes:
                    - slug: echo
                      contract: nodes/echo.yaml
                """.formatted(clientProperties));
    }

    @Test
    void theKafkaBusResolvesTheSecretsOfItsClientPropertiesWhileItIsBuilt() throws Exception {
        Path contract = contract("{ ssl.truststore.password: { secret_ref: \"env:TRUST\" } }");
        List<SecretRef> asked = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> OnexHost.builder().build().start(contract, Map.of(), QUIET.secrets(ref -> {
            asked.add(ref);
            throw new SecretResolutionException("no value for " + ref.reference() + " in this test");
        }))).isInstanceOf(SecretResolutionException.class).hasMessageContaining("env:TRUST");
        assertThat(asked).containsExactly(new SecretRef("env:TRUST"));
    }

    @Test
    void aClientPropertyNoKafkaClientKnowsFailsAssembly() throws Exception {
        Path contract = contract("{ sesion.timeout.ms: 6000 }");

        assertThatThrownBy(() -> OnexHost.builder().build().start(contract, Map.of(), QUIET.secrets(ref -> "x")))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("sesion.timeout.ms");
    }
}
