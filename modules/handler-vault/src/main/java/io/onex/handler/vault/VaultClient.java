package io.onex.handler.vault;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Logical;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.rest.Rest;
import io.github.jopenlibs.vault.rest.RestException;
import io.github.jopenlibs.vault.rest.RestResponse;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import io.onex.host.api.ProtocolConfigurationException;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binding's connection to Vault through the Vault Java driver: one JDK HTTP client, and the
 * driver's configuration for the current token, replaced as a whole when the token is renewed.
 * Every driver failure leaves here either as a {@link Reply} with Vault's status or as a host
 * error built by {@link VaultFailures}; no driver type escapes.
 */
final class VaultClient {

    /**
     * Vault's answer to one request.
     *
     * @param status the HTTP status
     * @param body   the body, empty when Vault sent none or the driver kept none
     */
    record Reply(int status, byte[] body) {
        Reply {
            body = body == null ? new byte[0] : body.clone();
        }

        boolean denied() {
            return status == 401 || status == 403;
        }

        @Override
        public String toString() {
            return "Reply[" + status + ", " + body.length + " bytes]";
        }
    }

    /** The driver set up for one token. Not a record, so that no toString can show the token. */
    private static final class Session {
        final String token;
        final VaultConfig config;
        final Logical logical;

        Session(String token, VaultConfig config) {
            this.token = token;
            this.config = config;
            this.logical = new Logical(config);
        }
    }

    /** Hands the driver nothing from the process environment: configuration comes from the contract. */
    private static final class NoEnvironment extends EnvironmentLoader {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
            return null;
        }
    }

    @FunctionalInterface
    private interface DriverCall {
        RestResponse run(Session session) throws VaultException, RestException;
    }

    private final VaultSettings settings;
    private final HttpClient http;
    private volatile Session session;

    VaultClient(VaultSettings settings, HttpClient http, String token) {
        this.settings = settings;
        this.http = http;
        this.session = new Session(token, config(token));
    }

    /**
     * Switches to {@code token} if it differs from the one in use; returns whether it did, that
     * is whether a request refused with the old token is worth sending again.
     */
    boolean renew(String token) {
        Session current = session;
        if (current.token.equals(token)) {
            return false;
        }
        session = new Session(token, config(token));
        return true;
    }

    /** Sends {@code request} and returns Vault's answer, whatever its status. */
    Reply send(KvRequest request, String operation) {
        String target = settings.mount() + (request.path().isEmpty() ? "" : "/" + request.path());
        DriverCall call = switch (request) {
            // The driver retries a version read once, after a pause, unless told to retry: its
            // retry count then is the configured one, zero.
            case KvRequest.Get get -> s -> (get.version().isPresent()
                    ? s.logical.read(target, Boolean.TRUE, get.version().getAsInt())
                    : s.logical.read(target)).getRestResponse();
            case KvRequest.Put put -> s -> (put.cas().isPresent()
                    ? s.logical.write(target, values(put.data()), null,
                            new WriteOptions().checkAndSet((long) put.cas().getAsInt()).build())
                    : s.logical.write(target, values(put.data()))).getRestResponse();
            case KvRequest.Delete delete -> delete.versions().isPresent()
                    ? s -> s.logical.delete(target, delete.versions().get().stream().mapToInt(Integer::intValue)
                            .toArray()).getRestResponse()
                    : s -> deleteLatest(s, delete.path());
            case KvRequest.ListKeys list -> s -> {
                LogicalResponse response = s.logical.list(target);
                // The driver answers a 404 listing with no response at all.
                return response == null ? new RestResponse(404, "application/json", new byte[0])
                        : response.getRestResponse();
            };
        };
        try {
            RestResponse response = call.run(session);
            return new Reply(response.getStatus(), response.getBody());
        } catch (VaultException e) {
            if (e.getHttpStatusCode() > 0) {
                return new Reply(e.getHttpStatusCode(), null); // the driver's message quotes the body
            }
            throw VaultFailures.transport(operation, target, settings, e);
        } catch (RestException e) {
            throw VaultFailures.transport(operation, target, settings, e);
        } catch (OnexException e) {
            throw e;
        } catch (RuntimeException e) {
            throw VaultFailures.transport(operation, target, settings, e);
        }
    }

    /**
     * Soft-deletes the latest version: {@code DELETE <mount>/data/<path>}. The driver's own
     * {@code delete(path)} removes the metadata, every version with it, so this request goes
     * through the driver's REST client instead.
     */
    private RestResponse deleteLatest(Session s, String path) throws RestException {
        return new Rest(http)
                .url(s.config.getAddress() + "/v1/" + settings.mount() + "/data/" + path)
                .header("X-Vault-Token", s.token)
                .header("X-Vault-Namespace", settings.namespace().orElse(null))
                .header("X-Vault-Request", "true")
                .readTimeoutSeconds(settings.readTimeoutSeconds())
                .delete();
    }

    private VaultConfig config(String token) {
        try {
            VaultConfig config = new VaultConfig()
                    .environmentLoader(new NoEnvironment())
                    .address(settings.address())
                    .token(token)
                    .engineVersion(2)
                    .prefixPathDepth(settings.mount().split("/").length)
                    .openTimeout(settings.openTimeoutSeconds())
                    .readTimeout(settings.readTimeoutSeconds())
                    .httpClient(http);
            if (settings.namespace().isPresent()) {
                config.nameSpace(settings.namespace().get());
            }
            return config.build();
        } catch (VaultException e) {
            throw new ProtocolConfigurationException("vault binding '" + settings.binding()
                    + "': the Vault driver refuses the configuration (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Converts each value to the driver's JSON, so nested objects, lists and exact numbers are sent as JSON. */
    private static Map<String, Object> values(Map<String, Object> data) {
        Map<String, Object> values = new LinkedHashMap<>();
        data.forEach((key, value) -> {
            try {
                JsonValue json = Json.parse(io.onex.host.core.json.Json.write(value));
                values.put(key, json);
            } catch (RuntimeException e) {
                throw new HandlerExecutionException("the value of data key '" + key + "' cannot be written as JSON ("
                        + e.getClass().getSimpleName() + ")");
            }
        });
        return values;
    }
}
