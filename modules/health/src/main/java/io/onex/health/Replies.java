package io.onex.health;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.onex.host.core.json.Json;
import java.util.Map;

/** How the health server answers: a status, a content type, a body, and never a cached copy. */
final class Replies {

    /** The content type of every JSON answer. */
    static final String JSON = "application/json";

    private Replies() {
    }

    /** Answers {@code status} with {@code body} as JSON. */
    static void json(ServerResponse res, int status, Map<String, Object> body) {
        send(res, status, JSON, Json.writeBytes(body));
    }

    /** Answers {@code status} with {@code body} of {@code contentType}. */
    static void send(ServerResponse res, int status, String contentType, byte[] body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body);
    }
}
