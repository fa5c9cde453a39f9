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

        HostFixture.assertRefusedWithoutRepeating(refused, "Hunter2", refused + ":14:",
                "sasl.jaas.config holds a plaintext value");
        Launcher.Result valid = Launcher.run("validate", referenced.toString());
        assertThat(valid.exitCode()).as(valid.stderr()).isZero();
    }

    /** A dev host on the Kafka bus whose client logs in with SASL PLAIN, {@code jaas} its sasl.jaas.config (line 14). */
    private Path contract(String name, String jaas) {
        Path folder = dir.resolve(name);
        HostFixture.writeEchoNode(folder);
        return HostFixture.kafkaContract(name, "127.0.0.1:9092", "jaas", HostFixture.Topics.of("example"))
                .clientProperty("sasl.mechanism", "PLAIN").clientProperty("sasl.jaas.config", jaas).write(folder);
    }
}
