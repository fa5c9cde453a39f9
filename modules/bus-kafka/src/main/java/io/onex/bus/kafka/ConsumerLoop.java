package io.onex.bus.kafka;

import io.onex.host.api.DeliveryListener;
import io.onex.host.core.log.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The consumer side of the Kafka bus. A record moves forward only: <em>fetched</em> by the
 * polling thread (this class, which owns the consumer), <em>delivered</em> to the host by
 * {@link Delivery}'s thread, <em>answered</em> by the host, whose answer (a response or a dead
 * letter) the broker <em>acknowledges</em> before the host settles the record
 * ({@link FetchedRecord}, counted by {@link Settlements}), and finally part of the
 * <em>committable offset</em> ({@link Commits}).
 *
 * <p>The polling thread never waits on the host: it polls at least every 100 ms, so slow handlers
 * and retries never make the consumer miss its poll deadline. How many records the host works on
 * at once is the host's one in-flight limit, which it applies by making {@link Delivery} wait;
 * the bus bounds memory by pausing its partitions while {@code pause_threshold} or more records
 * are fetched and unfinished, and resumes them once they drain below it.
 *
 * <p>Offsets are committed per partition up to the lowest record not finished yet, and a record
 * is finished only once its response or dead letter was acknowledged: at-least-once.
 */
final class ConsumerLoop implements ConsumerRebalanceListener {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration REVOKE_WAIT = Duration.ofSeconds(10);
    /** On stop the host has drained already; this only covers deliveries that raced with it. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);
    private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(5);
    private static final Duration JOIN_LIMIT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final KafkaBusSettings settings;
    private final Publisher publisher;
    private final JsonLog log;
    private final int pauseThreshold;
    private final Settlements settlements;
    private final Delivery delivery;
    private final Commits commits;
    private final ConsumerReporter reporter;
    private final LongAdder rewinds = new LongAdder();
    private final LongAdder rebalances = new LongAdder();
    private final Thread poller;
    private volatile boolean fetching = true;
    private volatile boolean stopping;
    private volatile ConsumerReport report = ConsumerReport.DISCONNECTED;
    /** Whether the input is paused for backpressure; written by the polling thread only. */
    private volatile boolean paused;
    private Duration errorBackoff = POLL_TIMEOUT;

    ConsumerLoop(Consumer<byte[], byte[]> consumer, KafkaBusSettings settings, Publisher publisher, JsonLog log,
            Clock clock) {
        this.consumer = consumer;
        this.settings = settings;
        this.publisher = publisher;
        this.log = log;
        this.pauseThreshold = settings.backpressure().pauseThreshold();
        this.settlements = new Settlements(pauseThreshold, this::belowThreshold, publisher,
                settings.topics().deadLetter(), clock, log);
        this.delivery = new Delivery(settlements, log);
        this.commits = new Commits(consumer, log);
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
        return settlements.outstanding();
    }

    /** Returns how many records are with the listener and not settled. */
    int inFlight() {
        return settlements.inFlight();
    }

    /** Returns the latest report of the consumer's state, refreshed twice a second. */
    ConsumerReport report() {
        return report;
    }

    long deliveredCount() {
        return delivery.deliveredCount();
    }

    long deadLetteredCount() {
        return settlements.deadLetteredCount();
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

    /** A settlement brought the outstanding records below the threshold: resume now, not after the poll times out. */
    private void belowThreshold() {
        if (paused && fetching) {
            consumer.wakeup();
        }
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
        commits.commitIfDue();
        if (!fetching) {
            delivery.dropQueued(record -> true);
        }
        applyBackpressure();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        errorBackoff = POLL_TIMEOUT;
        accept(records);
        reporter.refresh(commits.all()).ifPresent(next -> report = next);
    }

    /** Tracks the offsets of fetched records and queues them for delivery, one partition at a time. */
    private void accept(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        settlements.fetched(records.count());
        for (TopicPartition partition : records.partitions()) {
            PartitionTracker tracker = commits.tracker(partition);
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                delivery.offer(new FetchedRecord(record, tracker, tracker.add(record.offset()), settlements));
            }
        }
    }

    /** Applies the settlements that arrived since the last loop: finished offsets and rewinds. */
    private void settle() {
        for (FetchedRecord record; (record = settlements.nextFinished()) != null; ) {
            if (commits.current(record.tracker)) {
                record.tracker.finish(record.seq);
            }
        }
        for (FetchedRecord record; (record = settlements.nextAbandoned()) != null; ) {
            rewind(record);
        }
    }

    /**
     * Fetches a partition again from its lowest unfinished record, because {@code record} was
     * given back unfinished; the records fetched after it are dropped and fetched again too.
     */
    private void rewind(FetchedRecord record) {
        PartitionTracker old = record.tracker;
        if (!commits.current(old)) {
            return; // already rewound, revoked or lost
        }
        long from = old.lowestUnfinished() >= 0 ? old.lowestUnfinished() : record.record.offset();
        commits.restart(old);
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

    private void applyBackpressure() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        boolean hold = !fetching || settlements.outstanding() >= pauseThreshold;
        Set<TopicPartition> pausedNow = consumer.paused();
        if (hold && pausedNow.size() < assigned.size()) {
            paused = true;
            consumer.pause(assigned);
        } else if (!hold && !pausedNow.isEmpty()) {
            paused = false;
            consumer.resume(pausedNow);
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
        delivery.dropQueued(record -> true);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (inFlight() > 0 && System.nanoTime() - deadline < 0) {
            settle();
            sleepBriefly();
        }
        settle();
        commits.commitNow(new ArrayList<>(commits.all()));
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
        commits.commitNow(leaving);
        commits.remove(leaving);
        log.info("input partitions revoked", "partitions", names(partitions));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        rebalances.increment();
        commits.remove(retire(partitions));
        log.warn("input partitions lost; their unfinished records go to their next owner",
                "partitions", names(partitions));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        commits.assigned(partitions);
        if (!partitions.isEmpty()) {
            rebalances.increment();
            log.info("input partitions assigned", "partitions", names(partitions));
        }
    }

    private List<PartitionTracker> retire(Collection<TopicPartition> partitions) {
        List<PartitionTracker> leaving = commits.retire(partitions);
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
