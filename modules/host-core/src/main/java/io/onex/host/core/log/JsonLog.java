package io.onex.host.core.log;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes structured log events as one JSON object per line.
 *
 * <p>Every line carries {@code timestamp}, {@code level}, {@code runtime_id} and
 * {@code message}, the fields of the current {@link LogContext} ({@code node},
 * {@code handler_type}, {@code envelope_id}, {@code correlation_id}) and the event's own
 * key-value pairs. Values are written as JSON strings, numbers or booleans. Callers never pass
 * secret values: the log has no way to tell a secret from any other string.
 *
 * <p>Thread-safe; each line is written with one call under a lock so lines never interleave.
 */
public final class JsonLog {

    /** Log levels, lowest first. */
    public enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR;

        /** Returns the level with this name, case-insensitive. */
        public static java.util.Optional<Level> parse(String name) {
            for (Level level : values()) {
                if (level.name().equalsIgnoreCase(name)) {
                    return java.util.Optional.of(level);
                }
            }
            return java.util.Optional.empty();
        }
    }

    private final PrintStream sink;
    private final Level threshold;
    private final Clock clock;
    private volatile String runtimeId;

    private JsonLog(PrintStream sink, Level threshold, Clock clock, String runtimeId) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runtimeId = Objects.requireNonNull(runtimeId, "runtimeId");
    }

    /** Returns a log writing events at {@code threshold} and above to {@code sink}. */
    public static JsonLog to(PrintStream sink, Level threshold) {
        return new JsonLog(sink, threshold, Clock.systemUTC(), "");
    }

    /** Returns a log writing events at {@code threshold} and above to standard error. */
    public static JsonLog toStandardError(Level threshold) {
        return new JsonLog(System.err, threshold, Clock.systemUTC(), "");
    }

    /** Returns a log with an injected clock, for tests. */
    public static JsonLog to(PrintStream sink, Level threshold, Clock clock) {
        return new JsonLog(sink, threshold, clock, "");
    }

    /** Sets the runtime id written on every line from now on. */
    public void runtimeId(String id) {
        this.runtimeId = Objects.requireNonNull(id, "id");
    }

    /** Returns whether events at {@code level} are written; check before building costly fields. */
    public boolean enabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    /** Writes a debug event; {@code fields} alternate keys and values. */
    public void debug(String message, Object... fields) {
        write(Level.DEBUG, message, fields);
    }

    /** Writes an info event; {@code fields} alternate keys and values. */
    public void info(String message, Object... fields) {
        write(Level.INFO, message, fields);
    }

    /** Writes a warning; {@code fields} alternate keys and values. */
    public void warn(String message, Object... fields) {
        write(Level.WARN, message, fields);
    }

    /** Writes an error event; {@code fields} alternate keys and values. */
    public void error(String message, Object... fields) {
        write(Level.ERROR, message, fields);
    }

    /** Writes one event at {@code level}; {@code fields} alternate keys and values. */
    public void write(Level level, String message, Object... fields) {
        write(level, true, message, fields);
    }

    /**
     * Writes one event at {@code level} without the fields of the current {@link LogContext}:
     * for an event that names its envelope in {@code fields} itself, so that no key appears twice.
     */
    public void writeStandalone(Level level, String message, Object... fields) {
        write(level, false, message, fields);
    }

    private void write(Level level, boolean withContext, String message, Object... fields) {
        if (!enabled(level)) {
            return;
        }
        StringBuilder line = new StringBuilder(160);
        line.append("{\"timestamp\":\"").append(Instant.now(clock)).append('"');
        line.append(",\"level\":\"").append(level.name().toLowerCase(Locale.ROOT)).append('"');
        field(line, "runtime_id", runtimeId);
        LogContext context = withContext ? LogContext.current() : null;
        if (context != null) {
            context.appendTo(line);
        }
        field(line, "message", message);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            field(line, String.valueOf(fields[i]), fields[i + 1]);
        }
        line.append('}');
        synchronized (sink) {
            sink.println(line);
        }
    }

    static void field(StringBuilder line, String key, Object value) {
        if (value == null) {
            return;
        }
        line.append(",\"");
        escape(line, key);
        line.append("\":");
        if (value instanceof Number || value instanceof Boolean) {
            line.append(value);
        } else {
            line.append('"');
            escape(line, value.toString());
            line.append('"');
        }
    }

    /** Appends {@code text} as the inside of a JSON string. */
    static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
