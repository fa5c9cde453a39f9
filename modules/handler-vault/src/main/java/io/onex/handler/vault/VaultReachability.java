package io.onex.handler.vault;

import io.onex.host.api.HandlerHealth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * Asks {@code sys/health} now and waits for the answer (within the timeout): the binding's
     * active check, on a thread of the host. Records what it learned.
     */
    HandlerHealth check(HttpClient client) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("probe", "GET /v1/sys/health");
        if (client == null) {
            details.put("error", "the binding is not running");
            return HandlerHealth.unhealthy(details);
        }
        HttpRequest request = HttpRequest.newBuilder(healthUri).timeout(timeout).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            details.put("vault_status", status);
            if (status == 200) {
                state = State.REACHABLE;
                return HandlerHealth.healthy(details);
            }
            // 503 sealed, 501 not initialised, 5xx unavailable: no secret can be read.
            state = State.UNREACHABLE;
            details.put("error", "Vault answered " + status + " (sealed, not initialised or unavailable)");
            return HandlerHealth.unhealthy(details);
        } catch (IOException e) {
            state = State.UNREACHABLE;
            details.put("error", "Vault cannot be reached (" + e.getClass().getSimpleName() + ")");
            return HandlerHealth.unhealthy(details);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details.put("error", "the check was interrupted");
            return HandlerHealth.unhealthy(details);
        }
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
