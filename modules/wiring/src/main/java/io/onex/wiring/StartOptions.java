package io.onex.wiring;

import io.onex.host.api.HostObserver;
import io.onex.host.api.Secrets;
import io.onex.host.core.log.JsonLog;
import io.onex.wiring.core.EmbeddedHost;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How {@link OnexHost#start(java.nio.file.Path, java.util.Map, StartOptions)} starts a host in
 * this process. Immutable: each method returns a changed copy.
 *
 * <pre>{@code
 * StartOptions.defaults().dev().log(System.err, System.Logger.Level.WARNING).observer(myObserver)
 * }</pre>
 */
public final class StartOptions {

    private static final StartOptions DEFAULTS = new StartOptions(false, System.err, JsonLog.Level.INFO,
            HostObserver.NONE, null);

    private final boolean dev;
    private final PrintStream log;
    private final JsonLog.Level level;
    private final HostObserver observer;
    private final Secrets secrets;

    private StartOptions(boolean dev, PrintStream log, JsonLog.Level level, HostObserver observer, Secrets secrets) {
        this.dev = dev;
        this.log = log;
        this.level = level;
        this.observer = observer;
        this.secrets = secrets;
    }

    /**
     * Returns the defaults: as {@code onex-host run} (development-only handlers such as
     * {@code local} refused), logging JSON lines from {@code info} up to standard error, no
     * observer, and secrets resolved as the contract's {@code runtime.secrets} says.
     */
    public static StartOptions defaults() {
        return DEFAULTS;
    }

    /** Returns these options as {@code onex-host dev}: development-only handlers (the {@code local} handler) allowed. */
    public StartOptions dev() {
        return new StartOptions(true, log, level, observer, secrets);
    }

    /**
     * Returns these options logging to {@code sink} from {@code least} up: {@code TRACE} and
     * {@code DEBUG} log the envelopes' journeys, {@code INFO} the lifecycle, {@code WARNING} and
     * {@code ERROR} only problems; {@code OFF} logs nothing.
     */
    public StartOptions log(OutputStream sink, System.Logger.Level least) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(least, "least");
        if (least == System.Logger.Level.OFF) {
            return new StartOptions(dev, new PrintStream(OutputStream.nullOutputStream()), JsonLog.Level.ERROR,
                    observer, secrets);
        }
        PrintStream stream = sink instanceof PrintStream print ? print : new PrintStream(sink, true, StandardCharsets.UTF_8);
        return new StartOptions(dev, stream, level(least), observer, secrets);
    }

    /**
     * Returns these options with {@code observer} recording every envelope's outcome and every
     * handler call's time ({@link io.onex.host.api.EnvelopeMeter}); it is asked for its meters
     * once, while the host is built.
     */
    public StartOptions observer(HostObserver observer) {
        return new StartOptions(dev, log, level, Objects.requireNonNull(observer, "observer"), secrets);
    }

    /**
     * Returns these options resolving the contract's secret references with {@code secrets}
     * instead of the resolver its {@code runtime.secrets} section describes.
     */
    public StartOptions secrets(Secrets secrets) {
        return new StartOptions(dev, log, level, observer, Objects.requireNonNull(secrets, "secrets"));
    }

    EmbeddedHost.Options embedded() {
        return new EmbeddedHost.Options(dev, log, level, observer, secrets);
    }

    private static JsonLog.Level level(System.Logger.Level least) {
        return switch (least) {
            case ALL, TRACE, DEBUG -> JsonLog.Level.DEBUG;
            case INFO -> JsonLog.Level.INFO;
            case WARNING -> JsonLog.Level.WARN;
            case ERROR, OFF -> JsonLog.Level.ERROR;
        };
    }
}
