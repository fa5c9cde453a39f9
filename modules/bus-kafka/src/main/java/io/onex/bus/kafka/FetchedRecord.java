package io.onex.bus.kafka;

import io.onex.host.api.EnvelopeError;
import io.onex.host.api.Settlement;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One fetched input record on its way through the host, and the settlement the host completes
 * for it: completing it lets the consumer commit past its offset, a dead letter is written before
 * it completes, and abandoning it makes the consumer fetch it again.
 */
final class FetchedRecord implements Settlement {

    private static final AtomicIntegerFieldUpdater<FetchedRecord> SETTLED =
            AtomicIntegerFieldUpdater.newUpdater(FetchedRecord.class, "settled");

    final ConsumerRecord<byte[], byte[]> record;
    final PartitionTracker tracker;
    final long seq;
    private final ConsumerLoop loop;
    private volatile int settled;

    FetchedRecord(ConsumerRecord<byte[], byte[]> record, PartitionTracker tracker, long seq, ConsumerLoop loop) {
        this.record = record;
        this.tracker = tracker;
        this.seq = seq;
        this.loop = loop;
    }

    @Override
    public void complete() {
        if (SETTLED.compareAndSet(this, 0, 1)) {
            loop.finished(this);
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
        loop.writeDeadLetter(this, reason);
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
            loop.abandoned(this);
        }
    }

    @Override
    public String toString() {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
