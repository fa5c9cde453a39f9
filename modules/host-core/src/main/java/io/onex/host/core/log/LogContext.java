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

    /** Runs {@code work} with this context bound for log lines written by the current thread. */
    public void run(Runnable work) {
        ScopedValue.where(CURRENT, this).run(work);
    }

    /** Returns the context bound to the current thread, or {@code null}. */
    static LogContext current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    void appendTo(StringBuilder line) {
        JsonLog.field(line, "node", node);
        JsonLog.field(line, "handler_type", handlerType);
        JsonLog.field(line, "envelope_id", envelopeId);
        JsonLog.field(line, "correlation_id", correlationId);
        JsonLog.field(line, "trace_id", traceId);
    }
}
