/**
 * The JDK HTTP client as the host's modules use it: one client per owner (a handler binding or
 * the secret resolver's Vault source) built at start and shut down once ({@code ClientLifecycle}),
 * one exchange bounded by one deadline ({@code DeadlineExchange}), bodies bounded in size
 * ({@code BoundedBody}) and the reader of a service binding's address, token reference and
 * timeouts ({@code ServiceConfigReader}). It knows no handler and no contract file; host-core
 * stays free of {@code java.net.http}.
 */
module io.onex.client.http {
    requires transitive io.onex.host.api; // OnexException in DeadlineExchange's signatures
    requires transitive java.net.http;    // HttpClient, HttpRequest and HttpResponse in signatures

    // Only the modules that talk HTTP through it; it is no API for anyone else.
    exports io.onex.client.http to io.onex.client.vault, io.onex.handler.consul, io.onex.handler.http,
            io.onex.handler.vault, io.onex.secrets;
}
