package io.onex.wiring;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP client for the health server of a host launched by a test: it finds the port the
 * server bound (port 0 in the contract) in the host's JSON log, and reads endpoints. Public, and
 * shipped in this module's test jar, for the chaos suite.
 */
public final class HealthProbe {

    private static final Pattern LISTENING = Pattern.compile(
            "\"message\":\"health server listening\".*?\"port\":(\\d+)");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private HealthProbe(String base) {
        this.base = base;
    }

    /** Waits (bounded) until {@code host} logs its health server's port, and returns a probe for it. */
    public static HealthProbe of(Launcher.Running host, Duration limit) {
        await().atMost(limit).until(() -> LISTENING.matcher(host.stderrSoFar()).find());
        Matcher matcher = LISTENING.matcher(host.stderrSoFar());
        if (!matcher.find()) {
            throw new AssertionError("the host logged no health server port");
        }
        return new HealthProbe("http://127.0.0.1:" + matcher.group(1));
    }

    /** GETs {@code path}. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path} with {@code Authorization: Bearer <token>}. */
    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs {@code json} to {@code path}, waiting at most {@code timeout} for the answer. */
    public HttpResponse<String> post(String path, String json, Duration timeout) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Returns the status of GET {@code path}, or -1 when the server cannot be reached. */
    public int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
