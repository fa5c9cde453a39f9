package io.onex.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.OnexException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientLifecycleTest {

    private final TestHttpServer server = TestHttpServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aClientIsNotRunningBeforeItStarts() {
        ClientLifecycle lifecycle = ClientLifecycle.of(Duration.ofSeconds(2));

        assertThat(lifecycle.state()).isEqualTo(ClientLifecycle.State.NOT_STARTED);
        assertThat(lifecycle.state().describe()).isEqualTo("not initialised");
        assertThat(lifecycle.running()).isEmpty();
    }

    @Test
    void aStartedClientTalksToARealServerAndNeverFollowsARedirect() throws Exception {
        server.answer("/moved", HttpReply.redirect(302, server.url("/elsewhere")));
        ClientLifecycle lifecycle = ClientLifecycle.of(Duration.ofSeconds(2));

        HttpClient client = lifecycle.start();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri().resolve("/moved")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(server.requests()).hasSize(1);
        assertThat(lifecycle.state()).isEqualTo(ClientLifecycle.State.RUNNING);
        assertThat(lifecycle.running()).containsSame(client);
    }

    @Test
    void anHttp11ClientSpeaksOnlyHttp11() {
        HttpClient client = ClientLifecycle.http11(Duration.ofSeconds(2)).start();

        assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
        assertThat(client.connectTimeout()).contains(Duration.ofSeconds(2));
    }

    @Test
    void shutdownAbortsAnExchangeStillInFlight() throws Exception {
        server.answer("/hang", HttpReply.hang());
        ClientLifecycle lifecycle = ClientLifecycle.of(Duration.ofSeconds(2));
        HttpClient client = lifecycle.start();
        CompletableFuture<OnexException> caller = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                DeadlineExchange.send(client, left -> HttpRequest.newBuilder(server.uri().resolve("/hang"))
                        .timeout(left).build(), HttpResponse.BodyHandlers.discarding(),
                        System.nanoTime() + Duration.ofSeconds(60).toNanos(), DeadlineExchangeTest.failures());
                caller.complete(null);
            } catch (OnexException e) {
                caller.complete(e);
            }
        });
        server.awaitRequests(1, Duration.ofSeconds(20));

        lifecycle.shutdown();

        // Long before the 60 s deadline: the exchange was aborted, not timed out.
        OnexException error = caller.get(30, TimeUnit.SECONDS);
        assertThat(error).isNotNull().isNotInstanceOf(io.onex.host.api.OnexTimeoutException.class);
        assertThat(lifecycle.state()).isEqualTo(ClientLifecycle.State.SHUT_DOWN);
        assertThat(lifecycle.state().describe()).isEqualTo("shut down");
        assertThat(lifecycle.running()).isEmpty();
        assertThat(client.isTerminated()).isTrue();
    }

    @Test
    void shutdownIsSafeBeforeStartAndTwice() {
        ClientLifecycle lifecycle = ClientLifecycle.of(Duration.ofSeconds(2));

        lifecycle.shutdown();
        lifecycle.shutdown();

        assertThat(lifecycle.state()).isEqualTo(ClientLifecycle.State.SHUT_DOWN);
        assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void aClientStartsOnlyOnce() {
        ClientLifecycle lifecycle = ClientLifecycle.of(Duration.ofSeconds(2));
        lifecycle.start();

        assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("starts only once");
        lifecycle.shutdown();
    }

    @Test
    void anInterruptedWaitIsServiceUnavailableAndKeepsTheInterrupt() throws Exception {
        server.answer("/hang", HttpReply.hang());
        ClientLifecycle lifecycle = ClientLifecycle.of(Duration.ofSeconds(2));
        HttpClient client = lifecycle.start();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                DeadlineExchange.send(client, left -> HttpRequest.newBuilder(server.uri().resolve("/hang"))
                        .timeout(left).build(), HttpResponse.BodyHandlers.discarding(),
                        System.nanoTime() + Duration.ofSeconds(60).toNanos(), DeadlineExchangeTest.failures());
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt lost", e));
            }
        });
        server.awaitRequests(1, Duration.ofSeconds(20));

        caller.interrupt();

        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(ServiceUnavailableException.class)
                .hasMessage("GET /hang: interrupted while waiting for the answer");
        lifecycle.shutdown();
    }
}
