package io.onex.bus.kafka;

import io.onex.host.core.log.JsonLog;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Watches the consumer for the bus health, on the polling thread: whether it holds a broker
 * connection (and logs when that changes), and the lag of each assigned partition.
 */
final class ConsumerReporter {

    private static final long REPORT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long END_OFFSETS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final Duration END_OFFSETS_LIMIT = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final JsonLog log;
    private Metric connectionCount;
    private long lastReportNanos;
    private long lastEndOffsetsNanos;
    private Map<TopicPartition, Long> endOffsets = Map.of();
    private boolean wasConnected = true;

    ConsumerReporter(Consumer<byte[], byte[]> consumer, JsonLog log) {
        this.consumer = consumer;
        this.log = log;
    }

    /**
     * Returns a new report when one is due (twice a second, or at once when the connection state
     * changed), logging the broker's loss and return.
     */
    Optional<ConsumerReport> refresh(Collection<PartitionTracker> trackers) {
        long now = System.nanoTime();
        boolean connected = connected();
        if (connected != wasConnected) {
            wasConnected = connected;
            if (connected) {
                log.info("the Kafka broker is reachable again");
            } else {
                log.warn("the Kafka broker is unreachable; reconnecting with backoff");
            }
        } else if (now - lastReportNanos < REPORT_INTERVAL_NANOS) {
            return Optional.empty();
        }
        lastReportNanos = now;
        if (connected && now - lastEndOffsetsNanos >= END_OFFSETS_INTERVAL_NANOS) {
            refreshEndOffsets();
            lastEndOffsetsNanos = now;
        }
        Map<String, Long> lag = new TreeMap<>();
        long total = 0;
        for (PartitionTracker tracker : trackers) {
            long partitionLag = lag(tracker);
            lag.put(tracker.partition.toString(), partitionLag);
            total += partitionLag;
        }
        return Optional.of(new ConsumerReport(connected, lag, total, consumer.assignment().size(),
                consumer.paused().size()));
    }

    /**
     * Returns the records of a partition not processed yet: those on the broker beyond the fetch
     * position, plus those fetched and unfinished.
     */
    private long lag(PartitionTracker tracker) {
        Long end = endOffsets.get(tracker.partition);
        long beyond = 0;
        if (end != null) {
            try {
                beyond = Math.max(0, end - consumer.position(tracker.partition, Duration.ZERO));
            } catch (KafkaException | IllegalStateException e) {
                beyond = consumer.currentLag(tracker.partition).orElse(0);
            }
        } else {
            beyond = consumer.currentLag(tracker.partition).orElse(0);
        }
        return beyond + tracker.unfinished();
    }

    /**
     * Asks the broker for the end offsets of the assigned partitions. The consumer's own view goes
     * stale while a partition is paused, which is exactly when the lag matters.
     */
    private void refreshEndOffsets() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        try {
            endOffsets = Map.copyOf(consumer.endOffsets(assigned, END_OFFSETS_LIMIT));
        } catch (WakeupException e) {
            // Meant for poll(); the next report asks again.
        } catch (KafkaException e) {
            log.debug("end offsets unavailable; the lag uses the last fetched view", "reason",
                    e.getClass().getSimpleName());
        }
    }

    /** Returns whether the consumer holds a connection to a broker now. */
    private boolean connected() {
        if (connectionCount == null) {
            for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
                if (metric.getKey().name().equals("connection-count")
                        && metric.getKey().group().equals("consumer-metrics")) {
                    connectionCount = metric.getValue();
                }
            }
            if (connectionCount == null) {
                return true;
            }
        }
        return connectionCount.metricValue() instanceof Number count && count.doubleValue() > 0;
    }
}
