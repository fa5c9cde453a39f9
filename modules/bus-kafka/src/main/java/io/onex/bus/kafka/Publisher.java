package io.onex.bus.kafka;

import io.onex.host.api.EventBusException;
import io.onex.host.api.PublishCallback;
import io.onex.host.core.log.JsonLog;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Writes records (acks=all, idempotent producer) without waiting: {@link #send(ProducerRecord,
 * PublishCallback)} hands a record to the producer and returns; the producer's acknowledgement,
 * on its I/O thread, ends the write. A success is reported right there (the callback must be
 * quick); a failure is reported from this publisher's own thread, where the caller may write again.
 *
 * <p>While the broker is unreachable a write is retried with exponential backoff (100 ms doubling
 * to 5 s), scheduled on that thread, for up to {@code patience}; once the bus is draining and the
 * broker is unreachable, a write gives up at once so that a shutdown is not held up (the input it
 * answers stays uncommitted and is delivered again), and so does every write when the publisher
 * closes. A record the broker refuses for what it is (too large, invalid) fails at once with
 * {@link EventBusException#refusedForGood()}.
 */
final class Publisher {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final long WATCH_MILLIS = 200;

    private final Producer<byte[], byte[]> producer;
    private final Duration patience;
    private final JsonLog log;
    private final ScheduledThreadPoolExecutor own;
    private final Set<Write> open = ConcurrentHashMap.newKeySet();
    private final LongAdder retries = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean failing;
    private volatile boolean draining;
    private volatile boolean stopped;

    Publisher(Producer<byte[], byte[]> producer, Duration patience, JsonLog log) {
        this.producer = producer;
        this.patience = patience;
        this.log = log;
        this.own = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("onex-kafka-writes").factory());
        own.setRemoveOnCancelPolicy(true);
        own.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes {@code record} and tells {@code done} once the broker acknowledged it or the write
     * failed for good: a reason a retry cannot fix, the broker unreachable for longer than the
     * patience, or the bus stopping. Never waits for the broker; the producer's {@code send} itself
     * waits at most {@code max.block.ms} for metadata or buffer room.
     */
    void send(ProducerRecord<byte[], byte[]> record, PublishCallback done) {
        new Write(record, done).attempt();
    }

    /**
     * Writes {@code record} and waits for the broker's acknowledgement.
     *
     * @throws EventBusException when the write fails (see {@link #send(ProducerRecord, PublishCallback)})
     */
    void send(ProducerRecord<byte[], byte[]> record) {
        Awaited awaited = new Awaited();
        send(record, awaited);
        awaited.await(record.topic(), patience.multipliedBy(2));
    }

    /** Runs {@code task} on this publisher's thread, where it may write and wait; at once when it is closed. */
    void later(Runnable task) {
        try {
            own.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
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

    /** Stops retrying and ends every open write, then flushes and closes the producer within {@code limit}. */
    void close(Duration limit) {
        stopped = true;
        watch();
        own.shutdown(); // the failures just reported still run; a retry due later finds its write ended
        try {
            producer.close(limit);
        } catch (RuntimeException e) {
            log.warn("the Kafka producer did not close cleanly", "reason", e.getClass().getSimpleName());
        }
    }

    /**
     * Ends the writes still waiting for the broker, or for their next attempt, that should give
     * up: the bus stops, drains with the broker failing, or they ran out of patience.
     */
    private void watch() {
        if (open.isEmpty()) {
            return;
        }
        boolean giveUpAll = stopped || draining && failing;
        long now = System.nanoTime();
        for (Write write : open) {
            if (giveUpAll || now - write.deadline > 0) {
                write.giveUp();
            }
        }
    }

    /** Returns whether the broker refused {@code failure}'s record for what it is, so that no retry can succeed. */
    private static boolean refusedForGood(Throwable failure) {
        return failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidRecordException || failure instanceof InvalidTimestampException
                || failure instanceof SerializationException;
    }

    /** One record on its way to the broker, through its attempts, until it ends once. */
    private final class Write implements Callback {
        private final ProducerRecord<byte[], byte[]> record;
        private final PublishCallback done;
        private final long deadline;
        private final AtomicBoolean ended = new AtomicBoolean();
        private Duration backoff = FIRST_BACKOFF;

        Write(ProducerRecord<byte[], byte[]> record, PublishCallback done) {
            this.record = record;
            this.done = done;
            this.deadline = System.nanoTime() + patience.toNanos();
        }

        void attempt() {
            if (ended.get()) {
                return; // given up while it waited to be retried
            }
            if (stopped) {
                fail(new EventBusException("the Kafka bus is stopped; nothing more is written to '" + record.topic()
                        + "'"));
                return;
            }
            open.add(this);
            try {
                producer.send(record, this);
            } catch (RuntimeException e) {
                failed(e); // send() itself failed, e.g. no metadata for the topic within max.block.ms
            }
        }

        /** The producer's answer, on its I/O thread (or on the sending thread when send() failed at once). */
        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                failing = false;
                if (ended.compareAndSet(false, true)) {
                    open.remove(this);
                    done.published(null);
                }
            } else {
                failed(exception);
            }
        }

        private void failed(Throwable failure) {
            if (ended.get()) {
                return;
            }
            if (!(failure instanceof RetriableException)) {
                failures.increment();
                fail(new EventBusException("the broker refused a record for '" + record.topic() + "': "
                        + failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure,
                        refusedForGood(failure)));
                return;
            }
            failing = true;
            retries.increment();
            if (stopped || draining || System.nanoTime() - deadline > 0) {
                failures.increment();
                fail(new EventBusException("the broker did not acknowledge a record for '" + record.topic() + "'"
                        + (stopped ? " before the bus stopped" : draining ? " while the bus is draining"
                                : " within " + patience.toSeconds() + " s")
                        + " (" + failure.getClass().getSimpleName() + ")", failure));
                return;
            }
            log.debug("write to the broker failed; retrying", "topic", record.topic(), "backoff_ms",
                    backoff.toMillis(), "reason", failure.getClass().getSimpleName());
            Duration wait = backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            try {
                own.schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                fail(new EventBusException("the Kafka bus is stopped; nothing more is written to '" + record.topic()
                        + "'", failure));
            }
        }

        /** Ends the write unanswered: the broker stays unreachable while the bus stops or drains, or for too long. */
        void giveUp() {
            failures.increment();
            fail(new EventBusException("the broker did not acknowledge a record for '" + record.topic() + "'"
                    + (stopped ? " before the bus stopped" : draining ? " while the bus is draining"
                            : " within " + patience.toSeconds() + " s"), null));
        }

        /** Ends the write with {@code failure}, reported from the publisher's thread, never the producer's. */
        private void fail(EventBusException failure) {
            if (ended.compareAndSet(false, true)) {
                open.remove(this);
                later(() -> done.published(failure));
            }
        }
    }

    /** A write's end that a caller waits for (never on the publisher's own thread, which reports failures). */
    static final class Awaited implements PublishCallback {
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile EventBusException failure;

        @Override
        public void published(EventBusException value) {
            failure = value;
            ended.countDown();
        }

        /** Waits for the end, at most {@code limit}; throws its failure. */
        void await(String topic, Duration limit) {
            try {
                // Every write ends within its patience or at close; the limit only bounds the wait.
                if (!ended.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new EventBusException("no acknowledgement for a record for '" + topic + "' within "
                            + limit.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventBusException("interrupted while writing to '" + topic + "'", e);
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
