package io.onex.bus.kafka;

import io.onex.host.api.DeliveryListener;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.Inbound;
import io.onex.host.core.log.JsonLog;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The delivering side of the Kafka bus: one thread hands fetched records to the listener, in
 * fetch order, so the polling thread never waits on the listener. The listener bounds what is in
 * flight: the host waits in {@link DeliveryListener#onDelivery} for one of its in-flight permits,
 * and this thread waits with it; the bus keeps no limit of its own (it pauses fetching instead,
 * see {@link ConsumerLoop}).
 *
 * <p>A record that cannot be delivered any more (its partition was revoked or rewound, fetching
 * stopped) is dropped: it stays on the broker, uncommitted.
 */
final class Delivery {

    private static final long WAIT_MILLIS = 100;

    private final LinkedBlockingQueue<FetchedRecord> ready = new LinkedBlockingQueue<>();
    private final Settlements settlements;
    private final JsonLog log;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    private final Thread thread;
    private volatile DeliveryListener listener;
    private volatile boolean open = true;
    private volatile boolean stopping;

    Delivery(Settlements settlements, JsonLog log) {
        this.settlements = settlements;
        this.log = log;
        this.thread = Thread.ofPlatform().daemon().name("onex-kafka-deliver").unstarted(this::run);
    }

    void listener(DeliveryListener value) {
        listener = value;
    }

    void start() {
        thread.start();
    }

    /** Queues a fetched record for delivery. */
    void offer(FetchedRecord record) {
        ready.add(record);
    }

    /** Drops the queued records that {@code which} selects. */
    void dropQueued(Predicate<FetchedRecord> which) {
        ready.removeIf(record -> which.test(record) && dropped(record));
    }

    /** Hands out nothing more: what is queued now or later is dropped. */
    void close() {
        open = false;
    }

    /** Stops the delivering thread, waiting for it at most {@code limit}. */
    void stop(Duration limit) {
        open = false;
        stopping = true;
        try {
            thread.join(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long deliveredCount() {
        return delivered.sum();
    }

    long listenerFailureCount() {
        return listenerFailures.sum();
    }

    private void run() {
        while (!stopping) {
            FetchedRecord next;
            try {
                next = ready.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (next == null) {
                continue;
            }
            // Counted as handed before the last look, so a revocation that retires its partition
            // either sees it handed and waits for it, or it sees the partition retired.
            settlements.delivered(next);
            if (!deliverable(next)) {
                settlements.undelivered(next);
                continue;
            }
            delivered.increment();
            hand(next);
        }
        dropQueued(record -> true);
    }

    private void hand(FetchedRecord next) {
        byte[] value = next.record.value();
        if (value == null) {
            // A record without a value cannot be an envelope: it goes to the dead letters without the host.
            Thread.ofVirtual().name("onex-kafka-dead-letter").start(() -> deadLetterQuietly(next,
                    EnvelopeError.of(ErrorCode.ENVELOPE_VALIDATION_ERROR, "the record has no value", null, null)));
            return;
        }
        try {
            listener.onDelivery(next.record.topic(), new Inbound.Encoded(value, TraceHeaders.read(next.record.headers())),
                    next);
        } catch (RuntimeException e) {
            // A defect of the listener: fetch the record again rather than lose it.
            listenerFailures.increment();
            log.error("the input listener failed; the record will be fetched again", "exception",
                    e.getClass().getName(), "record", next.toString());
            next.abandon();
        }
    }

    private void deadLetterQuietly(FetchedRecord record, EnvelopeError reason) {
        try {
            record.deadLetter(reason);
        } catch (RuntimeException e) {
            log.error("a dead letter could not be written; the record will be fetched again", "record",
                    record.toString(), "reason", e.getMessage());
            record.abandon();
        }
    }

    private boolean deliverable(FetchedRecord record) {
        return open && listener != null && !record.tracker.retired;
    }

    private boolean dropped(FetchedRecord record) {
        settlements.dropped(record);
        return true;
    }
}
