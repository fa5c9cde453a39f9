package io.onex.handler.vault;

import io.onex.host.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Vault's answer to a request into the response payload, or into the error its status
 * means. A 404 is an error only for {@code vault.get_secret}: an empty or absent folder lists as
 * no keys, and a delete of nothing has deleted it.
 */
final class KvAnswers {

    private static final List<String> METADATA = List.of("created_time", "deletion_time", "destroyed", "version");

    private KvAnswers() {
    }

    /** Returns the response payload of {@code request}, answered by {@code reply} (not a denial). */
    static Map<String, Object> toPayload(KvRequest request, KvCalls.Reply reply, String operation, String mount) {
        String target = mount + (request.path().isEmpty() ? "" : "/" + request.path());
        int status = reply.status();
        boolean ok = status == 200 || status == 204;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("path", request.path());
        switch (request) {
            case KvRequest.Get get -> {
                if (status == 404) {
                    throw VaultFailures.notFound(target, get.version());
                }
                requireOk(ok, operation, target, status);
                Map<String, Object> answer = object(body(reply, operation, target), "data", operation, target);
                Map<String, Object> data = object(answer, "data", operation, target);
                Map<String, Object> metadata = object(answer, "metadata", operation, target);
                Map<String, Object> shown = new LinkedHashMap<>();
                METADATA.forEach(key -> shown.put(key, metadata.get(key)));
                payload.put("version", metadata.get("version"));
                payload.put("data", data);
                payload.put("metadata", shown);
            }
            case KvRequest.Put put -> {
                requireOk(ok, operation, target, status);
                Map<String, Object> data = object(body(reply, operation, target), "data", operation, target);
                payload.put("version", data.get("version"));
            }
            case KvRequest.Delete delete -> {
                requireOk(ok || status == 404, operation, target, status);
                payload.put("deleted", true);
            }
            case KvRequest.ListKeys list -> {
                if (status == 404) {
                    payload.put("keys", List.of());
                } else {
                    requireOk(ok, operation, target, status);
                    Object keys = object(body(reply, operation, target), "data", operation, target).get("keys");
                    if (!(keys instanceof List<?> names)) {
                        throw VaultFailures.unreadable(operation, target, null);
                    }
                    payload.put("keys", new ArrayList<>(names));
                }
            }
        }
        return payload;
    }

    private static void requireOk(boolean ok, String operation, String target, int status) {
        if (!ok) {
            throw VaultFailures.status(operation, target, status);
        }
    }

    private static Map<String, Object> body(KvCalls.Reply reply, String operation, String target) {
        try {
            return Json.readObject(reply.body());
        } catch (RuntimeException e) {
            throw VaultFailures.unreadable(operation, target, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String key, String operation, String target) {
        if (parent.get(key) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw VaultFailures.unreadable(operation, target, null);
    }
}
