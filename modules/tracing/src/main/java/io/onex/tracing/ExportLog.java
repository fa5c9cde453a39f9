package io.onex.tracing;

import io.onex.host.core.log.JsonLog;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends the OpenTelemetry SDK's own log (java.util.logging: an export that failed, a full span
 * queue) to the host's JSON log, so standard error keeps one JSON object per line. Only warnings
 * and worse pass.
 */
final class ExportLog extends Handler {

    /** Held so the logger, and with it these settings, is not collected. */
    private static final Logger OPENTELEMETRY = Logger.getLogger("io.opentelemetry");
    private static final java.util.logging.Formatter FORMAT = new java.util.logging.SimpleFormatter();

    private final JsonLog log;

    private ExportLog(JsonLog log) {
        this.log = log;
    }

    /** Routes the SDK's log to {@code log}, replacing an earlier host's route. */
    static void install(JsonLog log) {
        synchronized (OPENTELEMETRY) {
            for (Handler handler : OPENTELEMETRY.getHandlers()) {
                if (handler instanceof ExportLog) {
                    OPENTELEMETRY.removeHandler(handler);
                }
            }
            OPENTELEMETRY.setUseParentHandlers(false);
            OPENTELEMETRY.setLevel(Level.WARNING);
            OPENTELEMETRY.addHandler(new ExportLog(log));
        }
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || record.getLevel().intValue() < Level.WARNING.intValue()) {
            return;
        }
        // The SDK's messages name the endpoint and the failure, never a span's content.
        log.write(JsonLog.Level.WARN, "tracing: " + FORMAT.formatMessage(record), "logger", record.getLoggerName(),
                "exception", record.getThrown() == null ? null : record.getThrown().getClass().getName());
    }

    @Override
    public void flush() {
        // every line is written at once
    }

    @Override
    public void close() {
        // the host's log is closed by the host
    }
}
