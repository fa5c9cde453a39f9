package io.onex.wiring;

import io.onex.wiring.core.internal.Wiring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.runtime.RuntimeHostProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wiring builds the Kafka bus from a contract, resolving the secrets its client properties reference. */
class WiringKafkaTest {

    private static final JsonLog LOG = JsonLog.to(new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8), JsonLog.Level.ERROR);

    @TempDir
    Path dir;

    private RuntimeContract contract(String clientProperties) throws Exception {
        HostFixture.writeEchoNode(dir);
        Path file = Files.writeString(dir.resolve("runtime.yaml"), """
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
        return BuiltIns.load(file.toString()).contract();
    }

    @Test
    void theKafkaBusIsInTheBusTable() {
        assertThat(BuiltIns.wiring().busKinds()).contains(BusKind.INMEMORY, BusKind.KAFKA);
    }

    @Test
    void aKafkaContractBecomesAHostOnTheKafkaBusWithoutConnectingYet() throws Exception {
        List<SecretRef> asked = new CopyOnWriteArrayList<>();
        RuntimeHostProcess host = BuiltIns.wiring().assemble(contract("{ ssl.truststore.password: { secret_ref: \"env:TRUST\" } }"),
                Wiring.Mode.DEV, LOG, ref -> {
                    asked.add(ref);
                    return "changeit";
                });
        assertThat(host.bus().health().kind()).isEqualTo("kafka");
        assertThat(host.bus().health().connected()).isFalse();
        assertThat(asked).containsExactly(new SecretRef("env:TRUST"));
        assertThat(host.state()).isEqualTo(RuntimeHostProcess.State.CREATED);
    }

    @Test
    void aClientPropertyNoKafkaClientKnowsFailsAssembly() throws Exception {
        RuntimeContract contract = contract("{ sesion.timeout.ms: 6000 }");
        assertThatThrownBy(() -> BuiltIns.wiring().assemble(contract, Wiring.Mode.DEV, LOG, ref -> "x"))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("sesion.timeout.ms");
    }
}
