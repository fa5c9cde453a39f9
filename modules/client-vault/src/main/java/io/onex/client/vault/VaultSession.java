package io.onex.client.vault;

import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.api.Logical;
import io.github.jopenlibs.vault.rest.Rest;
import java.net.http.HttpClient;

/**
 * The driver set up for one token: what a request sent through a {@link VaultConnection} uses.
 * Not a record, so that no {@code toString} can show the token.
 */
public final class VaultSession {

    private final String token;
    private final VaultConfig config;
    private final Logical logical;
    private final VaultEndpoint endpoint;
    private final HttpClient http;

    VaultSession(String token, VaultConfig config, VaultEndpoint endpoint, HttpClient http) {
        this.token = token;
        this.config = config;
        this.logical = new Logical(config);
        this.endpoint = endpoint;
        this.http = http;
    }

    /** Returns the driver's key/value operations for this token. */
    public Logical logical() {
        return logical;
    }

    /**
     * Returns a request to {@code /v1/<apiPath>} through the driver's REST client, with the token,
     * the namespace and the read timeout set, for what {@link #logical()} cannot say (the driver's
     * {@code delete(path)} removes every version, not the latest).
     */
    public Rest request(String apiPath) {
        return new Rest(http)
                .url(config.getAddress() + "/v1/" + apiPath)
                .header("X-Vault-Token", token)
                .header("X-Vault-Namespace", endpoint.namespace().orElse(null))
                .header("X-Vault-Request", "true")
                .readTimeoutSeconds(endpoint.readTimeoutSeconds());
    }

    boolean uses(String candidate) {
        return token.equals(candidate);
    }

    @Override
    public String toString() {
        return "VaultSession[<redacted>]";
    }
}
