package io.onex.health;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells the web server that logging is configured: the host writes its own JSON log and routes
 * the server's log into it. Without a provider the server prints a plain-text notice on standard
 * error, which would break the log's one JSON object per line. Found by the service loader.
 */
public final class HostLoggingProvider implements LoggingProvider {

    /** Creates the provider; called by the service loader. */
    public HostLoggingProvider() {
    }

    @Override
    public void initialization() {
        // Nothing to set up: HealthServer installs the route into the JSON log when it starts.
    }

    @Override
    public void runTime() {
    }
}
