package io.onex.bus.kafka;

import io.onex.host.api.EnvelopeError;
import io.onex.host.core.log.JsonLog;
import java.time.Clock;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a fetched record's way through the bus is counted and where it ends, from any thread:
 * fetched records are <em>outstanding</em> until settled or dropped, delivered ones are <em>in
 * flight</em> until settled, and a settled record (answered and acknowledged, or given back) waits
 * here until the polling thread {@linkplain #nextFinished() takes it} to its committable offset.
 * Dead letters are written from here too: a dead letter is the record's answer.
 */
final class Settlements {

    private final int pauseThreshold;
    private final Runnable belowThreshold;
    private final Publisher publisher;
    private final String deadLetterTopic;
    private final Clock clock;
    private final JsonLog log;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<FetchedRecord> finished = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<FetchedRecord> abandoned = new ConcurrentLinkedQueue<>();
    private final LongAdder deadLettered = new LongAdder();

    /**
     * Returns the settlements of a bus that pauses its input at {@code pauseThreshold}
     * outstanding records; {@code belowThreshold} runs when a settlement brings them below it.
     */
    Settlements(int pauseThreshold, Runnable belowThreshold, Publisher publisher, String deadLetterTopic,
            Clock clock, JsonLog log) {
        this.pauseThreshold = pauseThreshold;
        this.belowThreshold = belowThreshold;
        this.publisher = publisher;
        this.deadLetterTopic = deadLetterTopic;
        this.clock = clock;
        this.log = log;
    }

    /** Counts {@code count} records just fetched. */
    void fetched(int count) {
        outstanding.addAndGet(count);
    }

    /** Counts a record handed to the listener. */
    void delivered(FetchedRecord record) {
        record.tracker.handed.incrementAndGet();
        inFlight.incrementAndGet();
    }

    /** Takes back the count of a record that was about to be delivered and may not be after all. */
    void undelivered(FetchedRecord record) {
        record.tracker.handed.decrementAndGet();
        inFlight.decrementAndGet();
        dropped(record);
    }

    /** Lets go of a fetched record that is not delivered: it stays on the broker, uncommitted. */
    void dropped(FetchedRecord record) {
        outstanding.decrementAndGet();
    }

    /** The record was answered and the answer acknowledged: its offset may be committed. */
    void finished(FetchedRecord record) {
        release(record);
        finished.add(record);
    }

    /** The record was given back unfinished: its partition is fetched again from it. */
    void abandoned(FetchedRecord record) {
        release(record);
        abandoned.add(record);
    }

    /**
     * Writes {@code record} to the dead-letter topic with {@code reason} and waits until the
     * broker acknowledged it.
     *
     * @throws io.onex.host.api.EventBusException when the dead letter cannot be written
     */
    void writeDeadLetter(FetchedRecord record, EnvelopeError reason) {
        publisher.send(DeadLetters.of(deadLetterTopic, record.record, reason, clock.instant()));
        deadLettered.increment();
        log.warn("input record written to the dead-letter topic", "topic", record.record.topic(),
                "partition", record.record.partition(), "offset", record.record.offset(),
                "code", reason.code().name(), "reason", reason.message());
    }

    /** Returns the next finished record for the polling thread, or {@code null}. */
    FetchedRecord nextFinished() {
        return finished.poll();
    }

    /** Returns the next abandoned record for the polling thread, or {@code null}. */
    FetchedRecord nextAbandoned() {
        return abandoned.poll();
    }

    /** Returns how many fetched records are not finished: queued for delivery or with the listener. */
    int outstanding() {
        return outstanding.get();
    }

    /** Returns how many records are with the listener and not settled. */
    int inFlight() {
        return inFlight.get();
    }

    long deadLetteredCount() {
        return deadLettered.sum();
    }

    private void release(FetchedRecord record) {
        record.tracker.handed.decrementAndGet();
        inFlight.decrementAndGet();
        if (outstanding.decrementAndGet() == pauseThreshold - 1) {
            belowThreshold.run();
        }
    }
}
