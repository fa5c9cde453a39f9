package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.contract.HealthSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health server's caps, through real sockets: slow clients that never finish a request are
 * cut off within the read timeout, connections beyond the cap wait their turn, oversized heads are
 * refused, and the probes are answered during and after.
 */
class ConnectionLimitsTest {

    /** Cap 4, 1 KiB heads, 2 s read timeout: small, so a test fills them with a few sockets. */
    private static final HealthSpec.Limits LIMITS = new HealthSpec.Limits(4, 1024, Duration.ofSeconds(2));
    /** How long a test waits for the server to cut a slow client: far above the 2 s timeout, far below "never". */
    private static final Duration CUT_OFF_BOUND = Duration.ofSeconds(25);

    private TestHost test;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (test != null) {
            test.close();
        }
    }

    /** Opens a connection that sends {@code head} and then nothing more. */
    private Socket halfSent(String head) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), test.server.port());
        sockets.add(socket);
        socket.setSoTimeout((int) CUT_OFF_BOUND.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Returns, on another thread, when the server closes {@code socket}: the nanoTime it saw end of stream. */
    private static CompletableFuture<Long> closedByServer(Socket socket) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                while (in.read(buffer) >= 0) {
                    // A 408 or a 400 may come first; what matters is that the connection ends.
                }
                return System.nanoTime();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept a slow client open for " + CUT_OFF_BOUND, e);
            } catch (IOException e) {
                return System.nanoTime(); // reset by the server: closed too
            }
        }, command -> Thread.ofVirtual().start(command));
    }

    /** Sends a whole GET on a fresh connection and returns the status line and the nanoTime it came. */
    private record Answer(String statusLine, long at) {
    }

    private Answer wholeGet(String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), test.server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return new Answer(response.lines().findFirst().orElse(""), System.nanoTime());
        }
    }

    @Test
    void slowClientsAreCutOffAndTheProbesAreAnsweredDuringAndAfter() throws Exception {
        test = TestHost.start(b -> b.limits(LIMITS));
        List<CompletableFuture<Long>> closes = new ArrayList<>();
        // Three times the cap: request heads that stop half way, a request line that never ends,
        // and connections that send nothing at all.
        for (int i = 0; i < 4; i++) {
            closes.add(closedByServer(halfSent("GET /health/ready HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")));
            closes.add(closedByServer(halfSent("GET /health/rea")));
            closes.add(closedByServer(halfSent("")));
        }

        Answer during = wholeGet("/health/ready");
        CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(CUT_OFF_BOUND.toSeconds() * 3,
                TimeUnit.SECONDS);
        Answer after = wholeGet("/health/ready");

        assertThat(during.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(after.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(closes).allSatisfy(close -> assertThat(close).isCompleted());
    }

    @Test
    void aConnectionBeyondTheCapWaitsUntilTheServerCutsASlowOne() throws Exception {
        test = TestHost.start(b -> b.limits(LIMITS));
        List<CompletableFuture<Long>> closes = new ArrayList<>();
        for (int i = 0; i < LIMITS.maxConnections(); i++) {
            closes.add(closedByServer(halfSent("GET /health/live HTTP/1.1\r\n")));
        }
        // Let the server take all four before the fifth knocks.
        Thread.sleep(300);

        Answer fifth = wholeGet("/health/live");

        assertThat(fifth.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        long firstCut = closes.stream().map(CompletableFuture::join).min(Long::compare).orElseThrow();
        assertThat(fifth.at()).as("the fifth connection is served only once a slow one is gone")
                .isGreaterThanOrEqualTo(firstCut);
    }

    /** Sends {@code request} and returns the status line of the answer, or "" when the server just closed. */
    private String statusLineOf(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), test.server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().findFirst()
                    .orElse("");
        } catch (java.net.SocketException e) {
            return ""; // reset: the server closed before reading all we sent
        }
    }

    @Test
    void aRequestHeadLargerThanTheLimitIsRefusedAndTheServerGoesOn() throws Exception {
        test = TestHost.start(b -> b.limits(LIMITS));

        String bigHeader = statusLineOf("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(4 * 1024)
                + "\r\n\r\n");
        String bigLine = statusLineOf("GET /health/" + "x".repeat(8 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        String fits = statusLineOf("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Small: " + "a".repeat(512)
                + "\r\nConnection: close\r\n\r\n");

        // Refused with a 4xx, or the connection closed unanswered; never served.
        assertThat(bigHeader).matches("(HTTP/1.1 4\\d\\d .*)?");
        assertThat(bigLine).matches("(HTTP/1.1 4\\d\\d .*)?");
        assertThat(fits).isEqualTo("HTTP/1.1 200 OK");
        assertThat(wholeGet("/health/live").statusLine()).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(HealthSpec.Limits.DEFAULTS).isEqualTo(new HealthSpec.Limits(64, 8 * 1024, Duration.ofSeconds(10)));
    }
}
