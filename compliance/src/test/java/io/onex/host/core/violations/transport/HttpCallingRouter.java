package io.onex.host.core.violations.transport;

import java.net.http.HttpClient;

/** Core code that talks HTTP itself instead of going through a handler. */
public final class HttpCallingRouter {

    private final HttpClient client;

    /** Creates the router. */
    public HttpCallingRouter(HttpClient client) {
        this.client = client;
    }

    /** Returns the client's HTTP version. */
    public String version() {
        return client.version().name();
    }
}
