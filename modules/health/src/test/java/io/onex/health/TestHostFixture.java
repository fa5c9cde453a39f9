package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.core.json.Json;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The set-up of the tests that each start a {@link TestHost}: a test assigns {@link #test}, and
 * the host and its health server are closed after it, whatever it did.
 */
abstract class TestHostFixture {

    /** The host the test started, or {@code null} before it started one. */
    TestHost test;

    @AfterEach
    void closeTheHost() {
        if (test != null) {
            test.close();
        }
    }

    /** Returns the JSON object of {@code response}, checking that the server said it is JSON. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return (Map<String, Object>) Json.read(response.body());
    }
}
