package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.contract.LoggingSpec;
import io.onex.host.core.json.Excerpt;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.resilience.TokenBucket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Writes one {@code warn} line for each failed envelope, so that an operator finds it by its
 * correlation id at the default log level, and keeps a storm of failures from flooding the log.
 *
 * <p>A line names the error code, the node, the operation, the request's envelope id, its
 * correlation id, its source node and the binding when they are known. It never carries the
 * payload, and a message only when the host wrote it itself before any binding was called
 * (routing, expiry, node limits, shutdown): a handler's message, or a decoder's, may quote the
 * input. Lines are admitted by a token bucket ({@code runtime.logging.failed_envelopes_per_second},
 * burst {@code failed_envelopes_burst}); those left out are counted, and the count is written
 * in one line every {@link #SUMMARY_INTERVAL} while it is not zero, and once more when the host
 * stops, so that the lines written and the lines counted add up to the failures.
 */
final class FailureLog {

    /** How often the count of the lines left out is written, when there is one. */
    static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(10);

    private static final int MAX_NAME = 64;
    private static final int MAX_REASON = 300;

    private final JsonLog log;
    private final TokenBucket lines;
    private final AtomicLong suppressed = new AtomicLong();
    private volatile Thread ticker;

    FailureLog(JsonLog log, LoggingSpec spec, LongSupplier nanoTime) {
        this.log = log;
        this.lines = spec.failedEnvelopesPerSecond() > 0
                ? TokenBucket.perSecond(spec.failedEnvelopesPerSecond(), spec.failedEnvelopesBurst(), nanoTime)
                : null;
    }

    /** Starts writing the count of the lines left out every {@link #SUMMARY_INTERVAL}. */
    void start() {
        ticker = Thread.ofVirtual().name("onex-failure-log").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(SUMMARY_INTERVAL);
                } catch (InterruptedException e) {
                    return;
                }
                flush();
            }
        });
    }

    /** Stops the periodic count and writes what is still counted. */
    void stop() {
        Thread running = ticker;
        if (running != null) {
            running.interrupt();
        }
        flush();
    }

    /**
     * Logs the failure answered by {@code response}, or counts it when the rate is used up.
     * Called for error responses only.
     */
    void failed(Flight flight, Envelope response) {
        if (!log.enabled(JsonLog.Level.WARN)) {
            return;
        }
        if (lines == null || !lines.tryAcquire()) {
            suppressed.incrementAndGet();
            return;
        }
        EnvelopeError error = response.error();
        Envelope request = flight.request();
        boolean unreadable = flight.admission instanceof Admission.Unreadable;
        String binding = flight.wasHanded() ? flight.route.invocation().binding() : null;
        Object node = request != null ? request.targetNode() : response.metadata().get(Envelope.ORIGINAL_TARGET_NODE);
        boolean hostsOwn = !unreadable && binding == null;
        log.writeStandalone(JsonLog.Level.WARN, "envelope failed",
                "code", error.code().name(),
                "node", node == null ? null : Excerpt.of(node.toString(), MAX_NAME),
                "operation", response.operation() == null ? null : Excerpt.of(response.operation(), MAX_NAME),
                "envelope_id", response.causationId(),
                "correlation_id", response.correlationId(),
                "source_node", request == null || request.sourceNode() == null ? null
                        : Excerpt.of(request.sourceNode(), MAX_NAME),
                "binding", binding,
                "reason", hostsOwn ? Excerpt.of(error.message(), MAX_REASON) : null,
                "unreadable", unreadable ? Boolean.TRUE : null);
    }

    /** Writes the count of the lines left out since the last time, if there were any. */
    void flush() {
        long count = suppressed.getAndSet(0);
        if (count > 0) {
            log.writeStandalone(JsonLog.Level.WARN, "failed envelopes not logged one by one (rate limit)",
                    "suppressed", count, "rate_key", "runtime.logging.failed_envelopes_per_second");
        }
    }
}
