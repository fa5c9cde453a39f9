package io.onex.bus.kafka;

import io.onex.host.api.DeliveryListener;
import io.onex.host.api.EnvelopeError;
import io.onex.host.core.log.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The consumer side of the Kafka bus: one thread polls the input topic and owns the consumer,
 * another ({@link Delivery}) hands fetched records to the listener.
 *
 * <p>The polling thread never waits on the host: it polls at least every 100 ms, so slow handlers
 * and retries never make the consumer miss its poll deadline. Fetched records wait in a queue for
 * the delivering thread, which hands one out only while fewer than {@code max_inflight_envelopes}
 * are out (so the host's own in-flight limit never blocks it for long). Partitions are paused
 * while {@code pause_threshold} or more records are fetched and unfinished, which bounds memory
 * however fast input arrives, and resumed once they drain below it.
 *
 * <p>Offsets are committed per partition up to the lowest record not finished yet, and a record
 * is finished only once its response or dead letter was acknowledged: at-least-once.
 */
final class ConsumerLoop implements ConsumerRebalanceListener {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration REVOKE_WAIT = Duration.ofSeconds(10);
    /** On stop the host has drained already; this only covers deliveries that raced with it. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);
    private static final Duration COMMIT_LIMIT = Duration.ofSeconds(5);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);
    private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(5);
    private static final Duration JOIN_LIMIT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final KafkaBusSettings settings;
    private final Publisher publisher;
    private final JsonLog log;
    private final Clock clock;
    private final int pauseThreshold;
    private final Delivery delivery;
    private final ConsumerReporter reporter;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final ConcurrentLinkedQueue<FetchedRecord> finished = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<FetchedRecord> abandoned = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, PartitionTracker> trackers = new HashMap<>();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder rewinds = new LongAdder();
    private final LongAdder rebalances = new LongAdder();
    private final Thread poller;
    private volatile boolean fetching = true;
    private volatile boolean stopping;
    private volatile ConsumerReport report = ConsumerReport.DISCONNECTED;
    /** Whether the input is paused for backpressure; written by the polling thread only. */
    private volatile boolean paused;
    private boolean commitInFlight;
    private long lastCommitNanos;
    private Duration errorBackoff = POLL_TIMEOUT;

    ConsumerLoop(Consumer<byte[], byte[]> consumer, KafkaBusSettings settings, Publisher publisher, JsonLog log,
            Clock clock) {
        this.consumer = consumer;
        this.settings = settings;
        this.publisher = publisher;
        this.log = log;
        this.clock = clock;
        this.pauseThreshold = settings.backpressure().pauseThreshold();
        this.delivery = new Delivery(settings.backpressure().maxInflightEnvelopes(), this::drop, log);
        this.reporter = new ConsumerReporter(consumer, log);
        this.poller = Thread.ofPlatform().daemon().name("onex-kafka-poll").unstarted(this::pollLoop);
    }

    /** Sets the listener of the input topic. */
    void listener(DeliveryListener value) {
        delivery.listener(value);
    }

    /** Starts polling and delivering. */
    void start() {
        poller.start();
        delivery.start();
    }

    /** Stops fetching: drops what was fetched and not delivered (it stays on the broker, uncommitted). */
    void stopFetching() {
        if (fetching) {
            fetching = false;
            delivery.close();
            publisher.draining();
            consumer.wakeup();
        }
    }

    /**
     * Stops: no more fetching or delivery, waits briefly for deliveries still unsettled, commits
     * what is finished and leaves the group. Waits at most about 30 s.
     */
    void stop() {
        stopFetching();
        stopping = true;
        consumer.wakeup();
        delivery.stop(JOIN_LIMIT);
        join(poller);
    }

    /** Returns how many input records were fetched and are not finished: queued or with the host. */
    int outstanding() {
        return outstanding.get();
    }

    /** Returns how many records are with the listener and not settled. */
    int inFlight() {
        return delivery.inFlight();
    }

    /** Returns the latest report of the consumer's state, refreshed twice a second. */
    ConsumerReport report() {
        return report;
    }

    long deliveredCount() {
        return delivery.deliveredCount();
    }

    long deadLetteredCount() {
        return deadLettered.sum();
    }

    long listenerFailureCount() {
        return delivery.listenerFailureCount();
    }

    long rewindCount() {
        return rewinds.sum();
    }

    long rebalanceCount() {
        return rebalances.sum();
    }

    // ---- settlement, from any thread ----

    void finished(FetchedRecord record) {
        release(record);
        finished.add(record);
    }

    void abandoned(FetchedRecord record) {
        release(record);
        abandoned.add(record);
    }

    private void release(FetchedRecord record) {
        record.tracker.handed.decrementAndGet();
        int left = outstanding.decrementAndGet();
        delivery.slotFreed();
        if (left == pauseThreshold - 1 && paused && fetching) {
            // Below the threshold again: resume now rather than after the current poll times out.
            consumer.wakeup();
        }
    }

    void writeDeadLetter(FetchedRecord record, EnvelopeError reason) {
        publisher.send(DeadLetters.of(settings.topics().deadLetter(), record.record, reason, clock.instant()));
        deadLettered.increment();
        log.warn("input record written to the dead-letter topic", "topic", record.record.topic(),
                "partition", record.record.partition(), "offset", record.record.offset(),
                "code", reason.code().name(), "reason", reason.message());
    }

    // ---- the polling thread ----

    private void pollLoop() {
        consumer.subscribe(List.of(settings.topics().input()), this);
        while (!stopping) {
            try {
                pollOnce();
            } catch (WakeupException e) {
                // stopFetching(), stop() or a drain below the threshold: go round again at once.
            } catch (RuntimeException e) {
                // The loop must outlive any one failure: the host depends on it for all its input.
                pollFailed(e);
            }
        }
        try {
            finish();
        } catch (RuntimeException e) {
            log.error("the Kafka consumer did not stop cleanly", "exception", e.getClass().getName());
            closeConsumer();
        }
    }

    private void pollOnce() {
        settle();
        commitIfDue();
        if (!fetching) {
            dropUndelivered();
        }
        applyBackpressure();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        errorBackoff = POLL_TIMEOUT;
        accept(records);
        reporter.refresh(trackers.values()).ifPresent(next -> report = next);
    }

    private void accept(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            PartitionTracker tracker = trackers.computeIfAbsent(partition, PartitionTracker::fresh);
            long seq = tracker.add(record.offset());
            outstanding.incrementAndGet();
            delivery.offer(new FetchedRecord(record, tracker, seq, this));
        }
    }

    /** Applies the settlements that arrived since the last loop: finished offsets and rewinds. */
    private void settle() {
        for (FetchedRecord record; (record = finished.poll()) != null; ) {
            if (trackers.get(record.tracker.partition) == record.tracker) {
                record.tracker.finish(record.seq);
            }
        }
        for (FetchedRecord record; (record = abandoned.poll()) != null; ) {
            rewind(record);
        }
    }

    /**
     * Fetches a partition again from its lowest unfinished record, because {@code record} was
     * given back unfinished; the records fetched after it are dropped and fetched again too.
     */
    private void rewind(FetchedRecord record) {
        PartitionTracker old = record.tracker;
        if (trackers.get(old.partition) != old) {
            return; // already rewound, revoked or lost
        }
        old.retired = true;
        long from = old.lowestUnfinished() >= 0 ? old.lowestUnfinished() : record.record.offset();
        trackers.put(old.partition, new PartitionTracker(old.partition, old.commitPosition(), old.committed()));
        delivery.dropQueued(r -> r.tracker == old);
        try {
            consumer.seek(old.partition, from);
            rewinds.increment();
            log.warn("fetching input again from an unfinished record", "partition", old.partition.toString(),
                    "offset", from);
        } catch (IllegalStateException e) {
            // No longer assigned: whoever owns the partition now fetches from the last commit.
        }
    }

    /** Lets go of a fetched record that is not delivered: it stays on the broker, uncommitted. */
    private void drop(FetchedRecord record) {
        outstanding.decrementAndGet();
    }

    private void dropUndelivered() {
        delivery.dropQueued(record -> true);
    }

    private void applyBackpressure() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        boolean hold = !fetching || outstanding.get() >= pauseThreshold;
        Set<TopicPartition> pausedNow = consumer.paused();
        if (hold && pausedNow.size() < assigned.size()) {
            paused = true;
            consumer.pause(assigned);
        } else if (!hold && !pausedNow.isEmpty()) {
            paused = false;
            consumer.resume(pausedNow);
        }
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (commitInFlight || now - lastCommitNanos < COMMIT_INTERVAL_NANOS) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = uncommitted(trackers.values());
        if (offsets.isEmpty()) {
            return;
        }
        lastCommitNanos = now;
        commitInFlight = true;
        consumer.commitAsync(offsets, (committed, failure) -> {
            // Runs on this thread, inside poll() or a commit.
            commitInFlight = false;
            if (failure == null) {
                noteCommitted(committed);
            } else {
                log.debug("committing offsets failed; retrying with the next commit", "reason",
                        failure.getClass().getSimpleName());
            }
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> uncommitted(Collection<PartitionTracker> of) {
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

    private boolean commitNow(Collection<PartitionTracker> of) {
        Map<TopicPartition, OffsetAndMetadata> offsets = uncommitted(of);
        if (offsets.isEmpty()) {
            return true;
        }
        try {
            try {
                consumer.commitSync(offsets, COMMIT_LIMIT);
            } catch (WakeupException e) {
                // A wake-up meant for poll() landed here instead: commit again.
                consumer.commitSync(offsets, COMMIT_LIMIT);
            }
            noteCommitted(offsets);
            return true;
        } catch (KafkaException e) {
            log.warn("offsets could not be committed; their records will be delivered again", "partitions",
                    offsets.size(), "reason", e.getClass().getSimpleName());
            return false;
        }
    }

    private void pollFailed(RuntimeException e) {
        log.warn("polling the input topic failed; retrying", "reason", e.getClass().getSimpleName() + ": "
                + e.getMessage(), "backoff_ms", errorBackoff.toMillis());
        try {
            Thread.sleep(errorBackoff);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
        errorBackoff = errorBackoff.multipliedBy(2).compareTo(MAX_ERROR_BACKOFF) > 0
                ? MAX_ERROR_BACKOFF : errorBackoff.multipliedBy(2);
    }

    /** On stop: waits briefly for the host to settle what it holds, commits and leaves the group. */
    private void finish() {
        dropUndelivered();
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (inFlight() > 0 && System.nanoTime() - deadline < 0) {
            settle();
            sleepBriefly();
        }
        settle();
        commitNow(new ArrayList<>(trackers.values()));
        closeConsumer();
    }

    private void closeConsumer() {
        try {
            consumer.close(CloseOptions.timeout(CLOSE_LIMIT));
        } catch (KafkaException e) {
            log.warn("the Kafka consumer did not close cleanly", "reason", e.getClass().getSimpleName());
        }
        report = ConsumerReport.DISCONNECTED;
    }

    // ---- rebalancing, called inside poll() on the polling thread ----

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        rebalances.increment();
        List<PartitionTracker> leaving = retire(partitions);
        // Let the host finish what it holds of these partitions, so the next owner repeats little;
        // on stop that wait is over already.
        long deadline = System.nanoTime() + (stopping ? 0 : REVOKE_WAIT.toNanos());
        while (leaving.stream().anyMatch(t -> t.handed.get() > 0) && System.nanoTime() - deadline < 0) {
            settle();
            sleepBriefly();
        }
        settle();
        commitNow(leaving);
        leaving.forEach(t -> trackers.remove(t.partition, t));
        log.info("input partitions revoked", "partitions", names(partitions));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        rebalances.increment();
        retire(partitions).forEach(t -> trackers.remove(t.partition, t));
        log.warn("input partitions lost; their unfinished records go to their next owner",
                "partitions", names(partitions));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            trackers.put(partition, PartitionTracker.fresh(partition));
        }
        if (!partitions.isEmpty()) {
            rebalances.increment();
            log.info("input partitions assigned", "partitions", names(partitions));
        }
    }

    private List<PartitionTracker> retire(Collection<TopicPartition> partitions) {
        List<PartitionTracker> leaving = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            PartitionTracker tracker = trackers.get(partition);
            if (tracker != null) {
                tracker.retired = true;
                leaving.add(tracker);
            }
        }
        delivery.dropQueued(r -> r.tracker.retired);
        return leaving;
    }

    private static String names(Collection<TopicPartition> partitions) {
        return String.join(",", partitions.stream().map(TopicPartition::toString).sorted().toList());
    }

    private void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
