package io.onex.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A broker started in the JVM Kafka's own scripts give a broker, as the benchmarks start theirs. */
class KafkaBrokerJvmTest {

    @Test
    void aProductionBrokerRunsWithKafkasOwnJvmOptionsAndTakesRecords() throws IOException {
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Jvm.PRODUCTION)) {
            // The JDK's ProcessHandle.Info gives no arguments for a command line this long; Linux does.
            List<String> arguments = List.of(Files.readString(Path.of("/proc", Long.toString(broker.pid()), "cmdline"))
                    .split("\0"));
            assertThat(arguments).containsSubsequence(KafkaBroker.Jvm.PRODUCTION.options())
                    .doesNotContain("-XX:+UseSerialGC");
            broker.createTopic("onex.test.production.cmd.v1", 1);
            try (KafkaProbe probe = KafkaProbe.of(broker)) {
                probe.send("onex.test.production.cmd.v1", "k", "v");
                assertThat(probe.readAtLeast("onex.test.production.cmd.v1", 1, Duration.ofSeconds(30)))
                        .extracting(KafkaRecord::text).containsExactly("v");
            }
        }
    }

    @Test
    void aBrokerForTheTestSuitesRunsInASmallJvm() {
        assertThat(KafkaBroker.Jvm.LIGHT.options()).contains("-Xmx512m", "-XX:+UseSerialGC");
    }
}
