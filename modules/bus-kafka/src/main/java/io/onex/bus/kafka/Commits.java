package io.onex.bus.kafka;

import io.onex.host.core.log.JsonLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The last step of a record's way through the bus: the committable offset. Keeps a
 * {@link PartitionTracker} per assigned partition and commits, per partition, up to the lowest
 * record not finished yet: asynchronously at most every 100 ms while running, synchronously when
 * partitions leave and on stop. Used by the polling thread only, which owns the consumer.
 */
final class Commits {

    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration SYNC_LIMIT = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final JsonLog log;
    private final Map<TopicPartition, PartitionTracker> trackers = new HashMap<>();
    private boolean inFlight;
    private long lastNanos;

    Commits(Consumer<byte[], byte[]> consumer, JsonLog log) {
        this.consumer = consumer;
        this.log = log;
    }

    /** Returns the tracker of {@code partition}, starting one when it has none. */
    PartitionTracker tracker(TopicPartition partition) {
        return trackers.computeIfAbsent(partition, PartitionTracker::fresh);
    }

    /** Returns whether {@code tracker} is still the current one of its partition. */
    boolean current(PartitionTracker tracker) {
        return trackers.get(tracker.partition) == tracker;
    }

    /** Returns every current tracker. */
    Collection<PartitionTracker> all() {
        return trackers.values();
    }

    /** Starts fresh trackers for newly assigned partitions. */
    void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> trackers.put(partition, PartitionTracker.fresh(partition)));
    }

    /** Marks the trackers of {@code partitions} retired (nothing more of theirs is delivered) and returns them. */
    List<PartitionTracker> retire(Collection<TopicPartition> partitions) {
        List<PartitionTracker> leaving = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            PartitionTracker tracker = trackers.get(partition);
            if (tracker != null) {
                tracker.retired = true;
                leaving.add(tracker);
            }
        }
        return leaving;
    }

    /** Forgets the trackers of partitions that left. */
    void remove(Collection<PartitionTracker> leaving) {
        leaving.forEach(tracker -> trackers.remove(tracker.partition, tracker));
    }

    /**
     * Retires {@code old} and puts a tracker in its place that keeps its commit position: its
     * partition is fetched again from the lowest unfinished record.
     */
    void restart(PartitionTracker old) {
        old.retired = true;
        trackers.put(old.partition, new PartitionTracker(old.partition, old.commitPosition(), old.committed()));
    }

    /** Commits asynchronously what is finished and not committed, at most every 100 ms, one commit at a time. */
    void commitIfDue() {
        long now = System.nanoTime();
        if (inFlight || now - lastNanos < INTERVAL_NANOS) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = uncommitted(trackers.values());
        if (offsets.isEmpty()) {
            return;
        }
        lastNanos = now;
        inFlight = true;
        consumer.commitAsync(offsets, (committed, failure) -> {
            // Runs on the polling thread, inside poll() or a commit.
            inFlight = false;
            if (failure == null) {
                noteCommitted(committed);
            } else {
                log.debug("committing offsets failed; retrying with the next commit", "reason",
                        failure.getClass().getSimpleName());
            }
        });
    }

    /** Commits what {@code of} finished and did not commit, synchronously; returns whether it worked. */
    boolean commitNow(Collection<PartitionTracker> of) {
        Map<TopicPartition, OffsetAndMetadata> offsets = uncommitted(of);
        if (offsets.isEmpty()) {
            return true;
        }
        try {
            try {
                consumer.commitSync(offsets, SYNC_LIMIT);
            } catch (WakeupException e) {
                // A wake-up meant for poll() landed here instead: commit again.
                consumer.commitSync(offsets, SYNC_LIMIT);
            }
            noteCommitted(offsets);
            return true;
        } catch (KafkaException e) {
            log.warn("offsets could not be committed; their records will be delivered again", "partitions",
                    offsets.size(), "reason", e.getClass().getSimpleName());
            return false;
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> uncommitted(Collection<PartitionTracker> of) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionTracker tracker : of) {
            if (tracker.hasUncommitted()) {
                offsets.put(tracker.partition, new OffsetAndMetadata(tracker.commitPosition()));
            }
        }
        return offsets;
    }

    private void noteCommitted(Map<TopicPartition, OffsetAndMetadata> committed) {
        committed.forEach((partition, offset) -> {
            PartitionTracker tracker = trackers.get(partition);
            if (tracker != null) {
                tracker.committed(offset.offset());
            }
        });
    }
}
