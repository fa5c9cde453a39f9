package io.onex.bus.kafka;

import io.onex.host.api.EventBusException;
import io.onex.host.core.log.JsonLog;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Writes records and returns once the broker acknowledged them (acks=all, idempotent producer).
 *
 * <p>While the broker is unreachable a write is retried with exponential backoff (100 ms doubling
 * to 5 s) for up to {@code patience}; once the bus is draining and the broker is unreachable, a
 * write gives up at once so that a shutdown is not held up (the input it answers stays
 * uncommitted and is delivered again). A write that fails for good throws
 * {@link EventBusException}.
 */
final class Publisher {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final long WAIT_STEP_MILLIS = 200;

    private final Producer<byte[], byte[]> producer;
    private final Duration patience;
    private final JsonLog log;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LongAdder retries = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean failing;
    private volatile boolean draining;

    Publisher(Producer<byte[], byte[]> producer, Duration patience, JsonLog log) {
        this.producer = producer;
        this.patience = patience;
        this.log = log;
    }

    /**
     * Writes {@code record} and waits for the broker's acknowledgement.
     *
     * @throws EventBusException when the write fails for a reason a retry cannot fix, the
     *                           broker stays unreachable for longer than the patience, or the
     *                           bus stops
     */
    void send(ProducerRecord<byte[], byte[]> record) {
        long deadline = System.nanoTime() + patience.toNanos();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            if (stopped.getCount() == 0) {
                throw new EventBusException("the Kafka bus is stopped; nothing more is written to '" + record.topic() + "'");
            }
            Throwable failure;
            try {
                awaitAck(producer.send(record), deadline);
                failing = false;
                return;
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (KafkaException e) {
                failure = e; // send() itself failed, e.g. no metadata for the topic within max.block.ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventBusException("interrupted while writing to '" + record.topic() + "'", e);
            }
            if (!(failure instanceof RetriableException)) {
                failures.increment();
                throw new EventBusException("the broker refused a record for '" + record.topic() + "': "
                        + failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
            }
            failing = true;
            retries.increment();
            if (draining || System.nanoTime() - deadline > 0) {
                failures.increment();
                throw new EventBusException("the broker did not acknowledge a record for '" + record.topic() + "'"
                        + (draining ? " while the bus is draining" : " within " + patience.toSeconds() + " s")
                        + " (" + failure.getClass().getSimpleName() + ")", failure);
            }
            log.debug("write to the broker failed; retrying", "topic", record.topic(), "backoff_ms",
                    backoff.toMillis(), "reason", failure.getClass().getSimpleName());
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Waits for the acknowledgement, giving up early when the bus stops or drains while the broker fails. */
    private void awaitAck(Future<RecordMetadata> ack, long deadline) throws ExecutionException, InterruptedException {
        while (true) {
            try {
                ack.get(WAIT_STEP_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                boolean giveUp = stopped.getCount() == 0 || (draining && failing) || System.nanoTime() - deadline > 0;
                if (giveUp) {
                    throw new ExecutionException(new org.apache.kafka.common.errors.TimeoutException(
                            "no acknowledgement yet"));
                }
            }
        }
    }

    private void pause(Duration backoff) {
        try {
            stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventBusException("interrupted while waiting to retry a write", e);
        }
    }

    /** Returns whether the last write failed and no write has succeeded since. */
    boolean failing() {
        return failing;
    }

    /** Makes writes give up at once while the broker is unreachable: the host is draining. */
    void draining() {
        draining = true;
    }

    /** Returns how many write attempts were retried. */
    long retryCount() {
        return retries.sum();
    }

    /** Returns how many writes failed for good. */
    long failureCount() {
        return failures.sum();
    }

    /** Stops retrying, then flushes and closes the producer within {@code limit}. */
    void close(Duration limit) {
        stopped.countDown();
        try {
            producer.close(limit);
        } catch (KafkaException e) {
            log.warn("the Kafka producer did not close cleanly", "reason", e.getClass().getSimpleName());
        }
    }
}
