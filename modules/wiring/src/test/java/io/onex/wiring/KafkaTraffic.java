package io.onex.wiring;

import io.onex.host.api.Envelope;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.testkit.KafkaRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Requests for the Kafka end-to-end tests and the bookkeeping of their answers: which correlation
 * ids were answered, how often, and which were not.
 */
final class KafkaTraffic {

    private static final EnvelopeCodec CODEC = EnvelopeCodec.standard();

    private KafkaTraffic() {
    }

    /**
     * Sends SIGTERM to a host started by the launcher (which execs java, so its pid is the JVM's)
     * and waits for it to exit. Unlike {@code Process.destroy()}, it leaves the output pumps running.
     */
    static Launcher.Result stop(Launcher.Running host) throws java.io.IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", Long.toString(host.process.pid())).start().waitFor();
        return host.await(java.time.Duration.ofSeconds(60));
    }

    /** Returns {@code count} new correlation ids. */
    static List<UUID> correlations(int count) {
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        return ids;
    }

    /** Returns a request to the echo node, in the documented wire format, with {@code n} as its payload. */
    static String request(UUID correlation, int n) {
        return "{\"envelope_id\":\"" + UUID.randomUUID() + "\",\"envelope_version\":\"1.0\",\"correlation_id\":\""
                + correlation + "\",\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                + "\"payload\":{\"n\":" + n + "},\"timestamp\":\"2026-01-01T00:00:00Z\"}";
    }

    /** Returns one request per correlation id. */
    static List<String> requests(List<UUID> correlations) {
        List<String> requests = new ArrayList<>(correlations.size());
        for (int i = 0; i < correlations.size(); i++) {
            requests.add(request(correlations.get(i), i));
        }
        return requests;
    }

    /** Returns the responses among {@code records}, decoded. */
    static List<Envelope> responses(List<KafkaRecord> records) {
        List<Envelope> responses = new ArrayList<>(records.size());
        for (KafkaRecord record : records) {
            if (CODEC.decode(record.value()) instanceof DecodeResult.Decoded decoded) {
                responses.add(decoded.envelope());
            }
        }
        return responses;
    }

    /** Returns a condition on the records read so far: every id in {@code expected} was answered. */
    static Predicate<List<KafkaRecord>> answersAll(Set<UUID> expected) {
        return records -> Answers.of(records).missing(expected).isEmpty();
    }

    /**
     * How a set of requests was answered.
     *
     * @param counts  how many responses each correlation id got
     * @param failed  the correlation ids answered with an error
     */
    record Answers(Map<UUID, Integer> counts, Set<UUID> failed) {

        static Answers of(List<KafkaRecord> records) {
            Map<UUID, Integer> counts = new HashMap<>();
            Set<UUID> failed = new LinkedHashSet<>();
            for (Envelope response : responses(records)) {
                counts.merge(response.correlationId(), 1, Integer::sum);
                if (!response.success()) {
                    failed.add(response.correlationId());
                }
            }
            return new Answers(counts, failed);
        }

        /** Returns the ids of {@code expected} that got no response. */
        Set<UUID> missing(Set<UUID> expected) {
            Set<UUID> missing = new LinkedHashSet<>(expected);
            missing.removeAll(counts.keySet());
            return missing;
        }

        /** Returns how many responses beyond the first one the ids of {@code expected} got. */
        long duplicates(Set<UUID> expected) {
            return expected.stream().mapToLong(id -> Math.max(0, counts.getOrDefault(id, 0) - 1)).sum();
        }
    }
}
