package io.onex.host.core.log;

import java.util.UUID;

/**
 * The envelope a thread is working on, written on every log line the thread emits.
 *
 * <p>Bound with a {@link ScopedValue} for the duration of one envelope's work, so the
 * correlation id follows the work onto whichever (virtual) thread does it and disappears with it.
 *
 * @param node          the node slug, or {@code null}
 * @param handlerType   the handler type's wire name, or {@code null}
 * @param envelopeId    the envelope id, or {@code null}
 * @param correlationId the correlation id, or {@code null}
 * @param traceId       the W3C trace id of the envelope's trace, or {@code null} when it is not traced
 */
public record LogContext(String node, String handlerType, UUID envelopeId, UUID correlationId, String traceId) {

    /** A context without a trace id. */
    public LogContext(String node, String handlerType, UUID envelopeId, UUID correlationId) {
        this(node, handlerType, envelopeId, correlationId, null);
    }

    private static final ScopedValue<LogContext> CURRENT = ScopedValue.newInstance();
    /** The context of {@link #runHere}, for a platform thread only. */
    private static final ThreadLocal<LogContext> HERE = new ThreadLocal<>();

    /** Runs {@code work} with this context bound for log lines written by the current thread. */
    public void run(Runnable work) {
        ScopedValue.where(CURRENT, this).run(work);
    }

    /**
     * Runs {@code work} with this context for log lines written by the current thread, as
     * {@link #run} does, but kept in a thread-local of the current platform thread instead of a
     * scoped value: for short work that runs very often on one long-lived thread (an envelope run
     * on the thread that delivered it), where binding a scoped value costs more than the rest.
     * On a virtual thread it is {@link #run}.
     */
    public void runHere(Runnable work) {
        Thread thread = Thread.currentThread();
        if (thread.isVirtual()) {
            run(work);
            return;
        }
        LogContext previous = HERE.get();
        HERE.set(this);
        try {
            work.run();
        } finally {
            HERE.set(previous);
        }
    }

    /** Returns the context bound to the current thread, or {@code null}. */
    static LogContext current() {
        if (CURRENT.isBound()) {
            return CURRENT.get();
        }
        return Thread.currentThread().isVirtual() ? null : HERE.get();
    }

    void appendTo(StringBuilder line) {
        JsonLog.field(line, "node", node);
        JsonLog.field(line, "handler_type", handlerType);
        JsonLog.field(line, "envelope_id", envelopeId);
        JsonLog.field(line, "correlation_id", correlationId);
        JsonLog.field(line, "trace_id", traceId);
    }
}
