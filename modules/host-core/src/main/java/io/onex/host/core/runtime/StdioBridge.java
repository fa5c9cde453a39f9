package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.EventBus;
import io.onex.host.api.EventBusException;
import io.onex.host.api.Inbound;
import io.onex.host.api.Settlement;
import io.onex.host.api.Subscription;
import io.onex.host.core.Ids;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.host.core.json.JsonLimits;
import io.onex.host.core.log.JsonLog;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connects standard input and output to the bus: every line read is one envelope published to
 * the input topic, every envelope on the output topic is written as one JSON line.
 *
 * <p>Blank lines are skipped. A line longer than {@code maxLineBytes} is not published: it is
 * answered at once with an ENVELOPE_VALIDATION_ERROR, so every envelope line still gets exactly
 * one answer and memory stays bounded whatever arrives. Responses are written in the order they
 * complete; the correlation id ties each to its request.
 */
public final class StdioBridge {

    /** The longest line accepted unless configured otherwise: the envelope limit, 4 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = JsonLimits.MAX_ENVELOPE_BYTES;

    private static final long POLL_MILLIS = 10;

    private final EventBus bus;
    private final String inputTopic;
    private final String outputTopic;
    private final EnvelopeCodec codec;
    private final JsonLog log;
    private final int maxLineBytes;
    private final OutputStream out;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final CountDownLatch endOfInput = new CountDownLatch(1);
    private volatile boolean reading = true;
    private Subscription subscription;

    /** Creates a bridge between {@code out} and the given topics of {@code bus}. */
    public StdioBridge(EventBus bus, String inputTopic, String outputTopic, EnvelopeCodec codec, JsonLog log,
            OutputStream out, int maxLineBytes) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.inputTopic = Objects.requireNonNull(inputTopic, "inputTopic");
        this.outputTopic = Objects.requireNonNull(outputTopic, "outputTopic");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.log = Objects.requireNonNull(log, "log");
        this.out = new BufferedOutputStream(Objects.requireNonNull(out, "out"), 64 * 1024);
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Subscribes to the output topic; call before the bus starts so no response is missed. */
    public void attach() {
        subscription = bus.subscribe(outputTopic, this::write);
    }

    /** Starts reading {@code in} on its own thread until end of input or {@link #stopReading()}. */
    public void startReading(InputStream in) {
        Thread.ofPlatform().daemon().name("onex-stdin").start(() -> read(in));
    }

    /** Stops publishing further input lines; lines already published are still answered. */
    public void stopReading() {
        reading = false;
    }

    /** Waits for the end of input at most {@code limit}; returns whether it was reached. */
    public boolean awaitEndOfInput(Duration limit) throws InterruptedException {
        return endOfInput.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until every published line has been answered, giving up when no answer has been
     * written for {@code stallLimit}. Returns whether every line was answered.
     */
    public boolean awaitAnswers(Duration stallLimit) {
        long lastProgress = System.nanoTime();
        long seen = written.get();
        while (written.get() < published.get()) {
            long now = System.nanoTime();
            long current = written.get();
            if (current != seen) {
                seen = current;
                lastProgress = now;
            } else if (now - lastProgress > stallLimit.toNanos()) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Returns how many lines were published and how many responses were written. */
    public long publishedCount() {
        return published.get();
    }

    /** Returns how many responses were written. */
    public long writtenCount() {
        return written.get();
    }

    /** Flushes what was written and stops listening to the output topic. */
    public void detach() {
        if (subscription != null) {
            subscription.close();
        }
        flush();
    }

    private void read(InputStream in) {
        BoundedLineReader lines = new BoundedLineReader(in, maxLineBytes);
        long lineNumber = 0;
        try {
            while (reading) {
                BoundedLineReader.Line line = lines.next();
                if (line == null) {
                    break;
                }
                lineNumber++;
                if (!reading) {
                    break;
                }
                if (line.tooLong()) {
                    published.incrementAndGet();
                    answerDirectly(new EnvelopeValidationException("input line " + lineNumber + " is longer than "
                            + maxLineBytes + " bytes and was not read"));
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                published.incrementAndGet();
                try {
                    bus.publishEncoded(inputTopic, line.bytes());
                } catch (EventBusException e) {
                    answerDirectly(new EnvelopeValidationException("input line " + lineNumber
                            + " could not be accepted: " + e.getMessage()));
                }
            }
        } catch (IOException e) {
            log.error("reading standard input failed", "reason", e.getClass().getSimpleName());
        } finally {
            log.debug("end of input", "lines", lineNumber);
            endOfInput.countDown();
        }
    }

    private void answerDirectly(EnvelopeValidationException problem) {
        EnvelopeError error = problem.toError(null, null);
        Envelope answer = Envelope.errorForUnreadable(null, null, null, null, null, error, Ids.fastRandomUuid(),
                Clock.systemUTC().instant());
        write(outputTopic, new Inbound.Decoded(answer), Settlement.NONE);
    }

    private void write(String topic, Inbound message, Settlement settlement) {
        byte[] json = switch (message) {
            case Inbound.Decoded decoded -> codec.encode(decoded.envelope());
            case Inbound.Encoded encoded -> encoded.json();
        };
        synchronized (out) {
            try {
                out.write(json);
                out.write('\n');
                // Flush when nothing else is about to be written, so a reader sees each answer at once
                // without paying a system call per line under load.
                if (bus.pending(outputTopic) <= 1) {
                    out.flush();
                }
            } catch (IOException e) {
                log.error("writing standard output failed", "reason", e.getClass().getSimpleName());
            }
        }
        written.incrementAndGet();
        settlement.complete();
    }

    private void flush() {
        synchronized (out) {
            try {
                out.flush();
            } catch (IOException e) {
                log.error("flushing standard output failed", "reason", e.getClass().getSimpleName());
            }
        }
    }
}
