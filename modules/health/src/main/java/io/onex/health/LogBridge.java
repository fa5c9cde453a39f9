package io.onex.health;

import io.onex.host.core.log.JsonLog;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends the web server's own log (java.util.logging) to the host's JSON log, so standard error
 * keeps one JSON object per line. Only warnings and worse pass: the server's start-up chatter
 * is replaced by the host's own "health server listening" line.
 */
final class LogBridge extends Handler {

    private static final String ROOT = "io.helidon";
    private static final String CONFIG_DISABLED = "io.helidon.logging.config.disabled";
    /** Held so the logger, and with it our settings, is not collected. */
    private static final Logger HELIDON = Logger.getLogger(ROOT);

    private static final java.util.logging.Formatter FORMAT = new java.util.logging.SimpleFormatter();

    private final JsonLog log;

    private LogBridge(JsonLog log) {
        this.log = log;
    }

    /** Routes Helidon's log to {@code log} instead of the JDK's default console format. */
    static void install(JsonLog log) {
        // Helidon's logging provider would otherwise configure java.util.logging from a
        // logging.properties in the working directory; the host's log is configured by the host.
        // Set, never read: reading properties after start-up is the secret resolver's alone.
        System.setProperty(CONFIG_DISABLED, "true");
        synchronized (HELIDON) {
            for (Handler handler : HELIDON.getHandlers()) {
                if (handler instanceof LogBridge) {
                    HELIDON.removeHandler(handler);
                }
            }
            HELIDON.setUseParentHandlers(false);
            HELIDON.setLevel(Level.WARNING);
            HELIDON.addHandler(new LogBridge(log));
        }
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || record.getLevel().intValue() < Level.WARNING.intValue()) {
            return;
        }
        JsonLog.Level level = record.getLevel().intValue() >= Level.SEVERE.intValue()
                ? JsonLog.Level.ERROR : JsonLog.Level.WARN;
        log.write(level, "web server: " + FORMAT.formatMessage(record), "logger", record.getLoggerName(),
                "exception", record.getThrown() == null ? null : record.getThrown().getClass().getName());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
