package io.onex.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private final ServerSocket echo = echoServer();
    private final TcpProxy proxy = TcpProxy.toLoopbackPort(echo.getLocalPort());

    @AfterEach
    void close() throws IOException {
        proxy.close();
        echo.close();
    }

    /** An upstream that echoes every byte back, one virtual thread per connection. */
    private static ServerSocket echoServer() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try (socket) {
                                socket.getInputStream().transferTo(socket.getOutputStream());
                            } catch (IOException e) {
                                // the test closed it
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        byte[] answer = socket.getInputStream().readNBytes(text.length());
        return new String(answer, StandardCharsets.UTF_8);
    }

    @Test
    void forwardsBytesBothWays() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "ping")).isEqualTo("ping");
        }
        assertThat(proxy.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void resetModeResetsOpenConnectionsAndEveryNewOne() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "a")).isEqualTo("a");

            proxy.mode(TcpProxy.Mode.RESET);

            assertThatThrownBy(() -> roundTrip(open, "b")).isInstanceOf(SocketException.class);
        }
        try (Socket fresh = connect()) {
            assertThatThrownBy(() -> roundTrip(fresh, "c")).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void dropModeClosesConnectionsWithoutAnAnswer() throws IOException {
        proxy.mode(TcpProxy.Mode.DROP);
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void blackholeModeSwallowsBytesSoTheClientWaitsForever() throws IOException {
        proxy.mode(TcpProxy.Mode.BLACKHOLE);
        try (Socket socket = connect()) {
            socket.setSoTimeout(200);
            assertThatThrownBy(() -> roundTrip(socket, "lost")).isInstanceOf(SocketTimeoutException.class);
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void forwardsAgainAfterAFault() throws IOException {
        proxy.mode(TcpProxy.Mode.RESET).mode(TcpProxy.Mode.FORWARD);
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "back")).isEqualTo("back");
        }
    }

    @Test
    void latencyDelaysForwardedBytes() throws IOException {
        proxy.latency(Duration.ofMillis(200));
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(roundTrip(socket, "slow")).isEqualTo("slow");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void anUnreachableUpstreamEndsTheClientConnectionUnanswered() throws IOException {
        echo.close();
        try (Socket socket = connect()) {
            String answer;
            try {
                answer = roundTrip(socket, "x");
            } catch (IOException e) {
                answer = ""; // reset: the usual outcome
            }
            assertThat(answer).isEmpty();
        }
    }

    @Test
    void closingEndsEveryConnection() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "a")).isEqualTo("a");
            proxy.close();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(proxy.openConnections()).isZero();
        }
    }
}
