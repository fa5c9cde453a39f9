package io.onex.perf;

import io.onex.host.api.Envelope;
import io.onex.wiring.OnexHost;
import io.onex.wiring.RunningHost;
import io.onex.wiring.StartOptions;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real runtime host in this process, started from a contract on disk as an application embeds
 * one ({@link OnexHost#start}), with a subscriber on its output topic that counts responses and
 * hands single responses to callers. One host runs per process: close it before starting the next.
 */
public final class HostDriver implements AutoCloseable {

    private final RunningHost host;
    private final Arrivals responses = new Arrivals();

    private HostDriver(RunningHost host) {
        this.host = host;
    }

    /**
     * Starts the host of {@code runtime} with {@code variables} for its placeholders and
     * {@code options} (the built-in handlers, as the onex-host command composes them). The host
     * logs nothing: logging is not what is measured.
     */
    public static HostDriver start(Path runtime, Map<String, String> variables, StartOptions options) {
        HostDriver driver = new HostDriver(OnexHost.builder().build().start(runtime, variables,
                options.log(OutputStream.nullOutputStream(), System.Logger.Level.OFF)));
        driver.host.subscribe(response -> driver.responses.arrive());
        return driver;
    }

    /** Returns the running host. */
    public RunningHost host() {
        return host;
    }

    /** Publishes every request on the host's input topic without waiting for responses. */
    public void publishAll(List<Envelope> requests) {
        for (Envelope request : requests) {
            host.publish(request);
        }
    }

    /** Waits until {@code count} more responses have arrived; returns false when {@code limit} ran out first. */
    public boolean awaitResponses(int count, Duration limit) {
        return responses.await(count, limit);
    }

    /**
     * Publishes {@code request} and returns its response.
     *
     * @throws IllegalStateException when no response arrives within {@code limit}
     */
    public Envelope call(Envelope request, Duration limit) {
        Envelope answer = host.call(request, limit);
        // This driver's subscriber counts the response too, just after the host hands it over.
        if (!responses.await(1, limit)) {
            throw new IllegalStateException("the response to " + request.operation() + " was not counted within " + limit);
        }
        return answer;
    }

    @Override
    public void close() {
        host.close();
    }
}
