package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's {@code sasl.jaas.config} carries the SASL password inside its text, though its name ends
 * in no secret word. {@code onex-host validate} and {@code describe} refuse it written in plain,
 * naming the file and line, without repeating it; before, both took it and {@code describe}
 * printed the password.
 */
class KafkaJaasSecretIT {

    @TempDir
    Path dir;

    @Test
    void aPlaintextJaasConfigIsRefusedWithoutRepeatingItAndAReferenceIsTaken() throws Exception {
        String plain = "'org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
                + " password=\"Hunter2Jaas\";'";
        Path refused = contract("plain", plain);
        Path referenced = contract("referenced", "{ secret_ref: \"env:KAFKA_JAAS_CONFIG\" }");

        for (String command : new String[] {"validate", "describe"}) {
            Launcher.Result result = Launcher.run(command, refused.toString());

            assertThat(result.exitCode()).as(command + ": " + result.stderr()).isEqualTo(1);
            assertThat(result.stderr()).contains(refused + ":14:", "sasl.jaas.config holds a plaintext value");
            assertThat(result.stdout() + result.stderr()).doesNotContain("Hunter2");
        }
        Launcher.Result valid = Launcher.run("validate", referenced.toString());
        assertThat(valid.exitCode()).as(valid.stderr()).isZero();
    }

    private Path contract(String name, String jaas) {
        return Launcher.write(dir, name + "/runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: %s
                  version: "1.0.0"
                  environment: dev
                  event_bus:
                    kind: kafka
                    config:
                      bootstrap_servers: "127.0.0.1:9092"
                      consumer_group: jaas
                      topics: { input: onex.example.orders.cmd.v1, output: onex.example.orders.evt.v1, dead_letter: onex.example.orders.error.v1 }
                      client_properties:
                        sasl.mechanism: PLAIN
                        sasl.jaas.config: %s
                  handlers:
                    - type: local
                """.formatted(name, jaas));
    }
}
