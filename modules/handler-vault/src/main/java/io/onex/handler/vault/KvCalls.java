package io.onex.handler.vault;

import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.rest.RestException;
import io.github.jopenlibs.vault.rest.RestResponse;
import io.onex.client.vault.VaultConnection;
import io.onex.client.vault.VaultSession;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends a binding's {@link KvRequest}s through its {@link VaultConnection}, the host's one Vault
 * client (shared with the secret resolver's Vault source). Every driver failure leaves here
 * either as a {@link Reply} with Vault's status or as a host error built by {@link VaultFailures};
 * no driver type escapes.
 */
final class KvCalls {

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

    private final VaultBindingSettings settings;
    private final VaultConnection vault;

    KvCalls(VaultBindingSettings settings, VaultConnection vault) {
        this.settings = settings;
        this.vault = vault;
    }

    /**
     * Switches to {@code token} if it differs from the one in use; returns whether it did, that
     * is whether a request refused with the old token is worth sending again.
     */
    boolean renew(String token) {
        return vault.renew(token);
    }

    /** Sends {@code request} and returns Vault's answer, whatever its status. */
    Reply send(KvRequest request, String operation) {
        String target = settings.mount() + (request.path().isEmpty() ? "" : "/" + request.path());
        VaultConnection.Call<RestResponse> call = switch (request) {
            // The driver retries a version read once, after a pause, unless told to retry: its
            // retry count then is the configured one, zero.
            case KvRequest.Get get -> s -> (get.version().isPresent()
                    ? s.logical().read(target, Boolean.TRUE, get.version().getAsInt())
                    : s.logical().read(target)).getRestResponse();
            case KvRequest.Put put -> s -> (put.cas().isPresent()
                    ? s.logical().write(target, values(put.data()), null,
                            new WriteOptions().checkAndSet((long) put.cas().getAsInt()).build())
                    : s.logical().write(target, values(put.data()))).getRestResponse();
            case KvRequest.Delete delete -> delete.versions().isPresent()
                    ? s -> s.logical().delete(target, delete.versions().get().stream().mapToInt(Integer::intValue)
                            .toArray()).getRestResponse()
                    : s -> deleteLatest(s, delete.path());
            case KvRequest.ListKeys list -> s -> {
                LogicalResponse response = s.logical().list(target);
                // The driver answers a 404 listing with no response at all.
                return response == null ? new RestResponse(404, "application/json", new byte[0])
                        : response.getRestResponse();
            };
        };
        try {
            RestResponse response = vault.send(call);
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
    private RestResponse deleteLatest(VaultSession s, String path) throws RestException {
        return s.request(settings.mount() + "/data/" + path).delete();
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
