package io.onex.handler.violations.signature;

import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.Invocation;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;

/** Breaks handlersShouldNotExposeLibraryExceptions: its public surface shows library exceptions. */
public final class LeakyHandler implements Handler {

    /** Declares a library exception. */
    public void connect() throws IOException {
        throw new IOException("no");
    }

    /** Returns a library exception as a value. */
    public SQLException lastFailure() {
        return new SQLException("no");
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
