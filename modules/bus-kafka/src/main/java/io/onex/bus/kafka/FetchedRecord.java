package io.onex.bus.kafka;

import io.onex.host.api.EnvelopeError;
import io.onex.host.api.Settlement;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One fetched input record on its way through the host, and the settlement the host completes
 * for it. It moves forward only: completing it (its answer acknowledged) lets its offset be
 * committed, a dead letter is written and acknowledged before it completes, and abandoning it
 * makes the consumer fetch it again. Every outcome goes to the bus's {@link Settlements}.
 */
final class FetchedRecord implements Settlement {

    private static final AtomicIntegerFieldUpdater<FetchedRecord> SETTLED =
            AtomicIntegerFieldUpdater.newUpdater(FetchedRecord.class, "settled");

    final ConsumerRecord<byte[], byte[]> record;
    final PartitionTracker tracker;
    final long seq;
    private final Settlements settlements;
    private volatile int settled;

    FetchedRecord(ConsumerRecord<byte[], byte[]> record, PartitionTracker tracker, long seq, Settlements settlements) {
        this.record = record;
        this.tracker = tracker;
        this.seq = seq;
        this.settlements = settlements;
    }

    @Override
    public void complete() {
        if (SETTLED.compareAndSet(this, 0, 1)) {
            settlements.finished(this);
        }
    }

    /**
     * Writes the record to the dead-letter topic with {@code reason}, waits until the broker
     * acknowledged it, and completes the delivery.
     *
     * @throws io.onex.host.api.EventBusException when the dead letter cannot be written
     */
    @Override
    public boolean deadLetter(EnvelopeError reason) {
        if (settled != 0) {
            return true;
        }
        settlements.writeDeadLetter(this, reason);
        complete();
        return true;
    }

    /**
     * Gives the record back unfinished: the consumer fetches its partition again from the lowest
     * unfinished record, so it (and what was fetched after it) is delivered again.
     */
    @Override
    public void abandon() {
        if (SETTLED.compareAndSet(this, 0, 1)) {
            settlements.abandoned(this);
        }
    }

    @Override
    public String toString() {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
