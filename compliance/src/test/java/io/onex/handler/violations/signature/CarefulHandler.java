package io.onex.handler.violations.signature;

import io.onex.host.api.ConnectionException;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.Invocation;
import java.io.IOException;
import java.util.Map;

/** Complies with handlersShouldNotExposeLibraryExceptions: it maps inside, privately. */
public final class CarefulHandler implements Handler {

    /** Declares only the host's exception types. */
    public void connect() throws ConnectionException {
        try {
            open();
        } catch (IOException e) {
            throw new ConnectionException("cannot connect", e);
        }
    }

    private static void open() throws IOException {
        throw new IOException("no");
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        return Map.of();
    }

    @Override
    public HandlerHealth health() {
        return HandlerHealth.healthy(Map.of());
    }
}
