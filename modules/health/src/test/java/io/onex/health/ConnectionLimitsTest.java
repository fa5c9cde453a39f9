package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * cut off within the read timeout, the probes are answered while slow clients hold every served
 * connection, connections beyond twice the cap are refused at once, and oversized heads are
 * refused.
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

    /** Reads the status line of the answer on {@code socket} (the server may keep the connection open after it). */
    private static String firstLine(Socket socket) throws IOException {
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                socket.getInputStream(), StandardCharsets.US_ASCII));
        String line = reader.readLine();
        return line == null ? "" : line;
    }

    private Answer wholeGet(String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), test.server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new Answer(firstLine(socket), System.nanoTime());
        }
    }

    @Test
    void slowClientsAreCutOffWithinTheReadTimeoutAndTheProbesAreAnsweredAfter() throws Exception {
        test = TestHost.start(b -> b.limits(LIMITS));
        List<CompletableFuture<Long>> closes = new ArrayList<>();
        // Three times the cap: request heads that stop half way, a request line that never ends,
        // and connections that send nothing at all.
        for (int i = 0; i < 4; i++) {
            closes.add(closedByServer(halfSent("GET /health/ready HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")));
            closes.add(closedByServer(halfSent("GET /health/rea")));
            closes.add(closedByServer(halfSent("")));
        }

        CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(CUT_OFF_BOUND.toSeconds() * 3,
                TimeUnit.SECONDS);

        assertThat(closes).allSatisfy(close -> assertThat(close).isCompleted());
        assertThat(wholeGet("/health/ready").statusLine()).isEqualTo("HTTP/1.1 200 OK");
        // One summary warning, not a line per connection, and no error.
        await().atMost(Duration.ofSeconds(10)).until(() -> test.logText().contains(
                "\"message\":\"the health server refused or cut off connections\""));
        assertThat(test.logText()).doesNotContain("\"level\":\"error\"");
        assertThat(test.logText().lines().filter(line -> line.contains("\"level\":\"warn\""))).singleElement()
                .asString().contains("\"refused_over_cap\":", "\"cut_off_slow\":", "\"max_connections\":4");
    }

    @Test
    void theProbesAreAnsweredWhileSlowClientsHoldEveryServedConnection() throws Exception {
        // A long read timeout, so the slow clients surely hold their connections while the probes ask.
        test = TestHost.start(b -> b.limits(new HealthSpec.Limits(4, 1024, Duration.ofSeconds(15))));
        List<CompletableFuture<Long>> closes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            closes.add(closedByServer(halfSent("GET /health/live HTTP/1.1\r\nHost: localhost\r\n")));
        }
        Thread.sleep(200); // let the server take all four before the probes knock

        Answer ready = wholeGet("/health/ready");
        Answer live = wholeGet("/health/live");
        long firstCut = closes.stream().map(CompletableFuture::join).min(Long::compare).orElseThrow();

        assertThat(ready.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(live.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(live.at()).as("answered while every served connection was held").isLessThan(firstCut);
    }

    @Test
    void beyondTwiceTheCapAConnectionIsRefusedAtOnceWith503() throws Exception {
        test = TestHost.start(b -> b.limits(new HealthSpec.Limits(2, 1024, Duration.ofSeconds(15))));
        test.local.holdCalls();
        String body = HealthEndpointsTest.request("echo", "local.echo");
        String post = "POST /v1/envelopes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        // Four requests the held handler keeps waiting: two served, two admitted on probation.
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket socket = halfSent(post);
            waiting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return firstLine(socket);
                } catch (IOException e) {
                    return e.toString();
                }
            }, command -> Thread.ofVirtual().start(command)));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> test.host.inFlight() == 4);

        String refused;
        // The refusal comes before anything is read, so this client listens before it speaks.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), test.server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            refused = firstLine(socket);
        }
        test.local.release();

        assertThat(refused).isEqualTo("HTTP/1.1 503 Service Unavailable");
        assertThat(waiting).allSatisfy(answer -> assertThat(answer.get(30, TimeUnit.SECONDS))
                .startsWith("HTTP/1.1 200 OK"));
        // Once the clients hang up, their places are free again.
        for (Socket socket : sockets) {
            socket.close();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> wholeGet("/health/ready").statusLine().equals("HTTP/1.1 200 OK"));
    }

    /** Sends {@code request} and returns the status line of the answer, or "" when the server just closed. */
    private String statusLineOf(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), test.server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return firstLine(socket);
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
    void aClientTricklingItsRequestHeadAByteAtATimeIsCutOffToo() throws Exception {
        test = TestHost.start(b -> b.limits(LIMITS));
        Socket socket = halfSent("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Trickle: ");
        OutputStream out = socket.getOutputStream();
        boolean cut = false;
        // One byte every 100 ms, never a whole head: within the bound the server must hang up.
        for (int i = 0; i < CUT_OFF_BOUND.toMillis() / 100 && !cut; i++) {
            try {
                out.write('a');
                out.flush();
                Thread.sleep(100);
            } catch (IOException e) {
                cut = true; // the server closed the connection: the write is reset
            }
        }

        assertThat(cut).as("the trickling client was cut off").isTrue();
        assertThat(wholeGet("/health/live").statusLine()).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void aRequestWhoseHeadHasArrivedMayWaitLongerThanTheReadTimeoutForItsAnswer() throws Exception {
        test = TestHost.start(b -> b.limits(LIMITS));
        test.local.holdCalls();
        String body = HealthEndpointsTest.request("echo", "local.echo");
        Socket socket = halfSent("POST /v1/envelopes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);

        // Twice the read timeout: a connection still waiting for its request head would be cut by now.
        Thread.sleep(LIMITS.readTimeout().multipliedBy(2).toMillis());
        test.local.release();

        assertThat(firstLine(socket)).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(HealthSpec.Limits.DEFAULTS).isEqualTo(new HealthSpec.Limits(64, 8 * 1024, Duration.ofSeconds(10)));
    }
}
