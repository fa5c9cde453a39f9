package io.onex.handler.vault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the binding last learned about reaching Vault, for its health: calls report whether Vault
 * answered, and while Vault is known to be unreachable or sealed, each health check starts one
 * background {@code GET /v1/sys/health} (at most one at a time, on the JDK client's own threads),
 * so health turns good again by itself once Vault is back, even when no call arrives.
 */
final class VaultReachability {

    /** What is known. */
    enum State {
        UNKNOWN,
        REACHABLE,
        UNREACHABLE
    }

    private final URI healthUri;
    private final Duration timeout;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile State state = State.UNKNOWN;

    VaultReachability(String address, Duration timeout) {
        // standbyok/perfstandbyok: a standby node can serve reads through the active one.
        this.healthUri = URI.create(address + "/v1/sys/health?standbyok=true&perfstandbyok=true");
        this.timeout = timeout;
    }

    State state() {
        return state;
    }

    /** Records that Vault answered a call (whatever the answer). */
    void answered() {
        state = State.REACHABLE;
    }

    /** Records that a call found Vault sealed, unavailable or unreachable. */
    void unreachable() {
        state = State.UNREACHABLE;
    }

    /** While Vault is unreachable, starts one background check of {@code sys/health} if none runs. */
    void probe(HttpClient client) {
        if (state != State.UNREACHABLE || client == null || !probing.compareAndSet(false, true)) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(healthUri).timeout(timeout).GET().build();
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() == 200) {
                    state = State.REACHABLE;
                }
                probing.set(false);
            });
        } catch (RuntimeException e) {
            // A client that is shutting down refuses new requests; the next health check tries again.
            probing.set(false);
        }
    }
}
