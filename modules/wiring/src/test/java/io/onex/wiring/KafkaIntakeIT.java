package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import io.onex.testkit.KafkaRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Kafka input records get the same intake limits as standard input and the ingress: bytes that
 * are not strict UTF-8, a number that would expand to a billion digits and a record that would
 * become hundreds of thousands of objects each go to the dead-letter topic with
 * ENVELOPE_VALIDATION_ERROR, on a 128 MB heap with {@code -XX:+ExitOnOutOfMemoryError}, and the
 * host answers the request after them.
 */
class KafkaIntakeIT {

    private static final String INPUT = KafkaEndToEndIT.INPUT;
    private static final String OUTPUT = KafkaEndToEndIT.OUTPUT;
    private static final String DEAD_LETTER = KafkaEndToEndIT.DEAD_LETTER;
    private static final String PREFIX =
            "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":";

    @Test
    void hostileRecordsAreDeadLetteredWithTheReasonAndTheNextRequestIsAnswered() throws Exception {
        ByteArrayOutputStream overlong = new ByteArrayOutputStream();
        overlong.write((PREFIX + "{\"s\":\"").getBytes(StandardCharsets.UTF_8));
        overlong.write(new byte[] {(byte) 0xC0, (byte) 0xAF});
        overlong.write("\"}}".getBytes(StandardCharsets.UTF_8));
        // Under the broker's default 1 MB record limit, and still 300,000 objects once read.
        String amplifying = PREFIX + "{\"items\":[{}" + ",{}".repeat(300_000) + "]}}";
        Map<String, byte[]> hostile = Map.of(
                "overlong", overlong.toByteArray(),
                "number", (PREFIX + "{\"n\":1e999999999}}").getBytes(StandardCharsets.UTF_8),
                "amplifying", amplifying.getBytes(StandardCharsets.UTF_8));
        Map<String, String> reasons = Map.of(
                "overlong", "input is not valid UTF-8: an overlong form at byte",
                "number", "at /payload/n is out of range",
                "amplifying", "more than 100000 JSON values");

        try (KafkaBroker broker = KafkaBroker.start(); KafkaProbe probe = KafkaProbe.of(broker)) {
            broker.createTopic(INPUT, 1);
            broker.createTopic(OUTPUT, 1);
            broker.createTopic(DEAD_LETTER, 1);
            try (Launcher.Running host = Launcher.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "ONEX_JAVA_OPTS", "-XX:+UseSerialGC -Xmx128m -XX:+ExitOnOutOfMemoryError"),
                    "dev", KafkaEndToEndIT.CONTRACT)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> host.stderrSoFar().contains("input partitions assigned"));
                for (Map.Entry<String, byte[]> record : hostile.entrySet()) {
                    probe.send(INPUT, record.getKey().getBytes(StandardCharsets.UTF_8), record.getValue(), Map.of());
                }
                UUID correlation = UUID.randomUUID();
                probe.send(INPUT, "after", KafkaTraffic.request(correlation, 42));

                List<KafkaRecord> letters = probe.readUntil(DEAD_LETTER, records -> records.size() >= hostile.size(),
                        Duration.ofSeconds(90));
                List<KafkaRecord> output = probe.readUntil(OUTPUT, records -> KafkaTraffic.responses(records).stream()
                        .anyMatch(r -> correlation.equals(r.correlationId())), Duration.ofSeconds(90));

                assertThat(letters).hasSize(hostile.size()).allSatisfy(letter -> {
                    String key = new String(letter.key(), StandardCharsets.UTF_8);
                    assertThat(letter.value()).as(key).isEqualTo(hostile.get(key));
                    assertThat(letter.headers()).containsEntry("onex.error.code",
                            ErrorCode.ENVELOPE_VALIDATION_ERROR.name());
                    assertThat(letter.header("onex.error.message")).get().asString().contains(reasons.get(key));
                });
                Optional<Envelope> answer = KafkaTraffic.responses(output).stream()
                        .filter(r -> correlation.equals(r.correlationId())).findFirst();
                assertThat(answer).get().satisfies(r -> assertThat(r.payload()).isEqualTo(Map.of("n", 42)));
                assertThat(host.alive()).isTrue();
                Launcher.Result stopped = KafkaTraffic.stop(host);
                assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
            }
        }
    }
}
