package io.onex.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection of a {@link TcpProxy} and, while forwarding, its upstream connection.
 * Two virtual threads pump bytes, one each way; each ends at end of stream or when a socket is
 * closed.
 */
final class TcpProxyLink {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int CHUNK = 16 * 1024;

    private final TcpProxy proxy;
    private final Socket client;
    private final AtomicInteger openDirections = new AtomicInteger(2);
    private volatile Socket upstream;

    TcpProxyLink(TcpProxy proxy, Socket client) {
        this.proxy = proxy;
        this.client = client;
    }

    /** Returns the local port of the upstream connection, or -1 before it is open. */
    int upstreamLocalPort() {
        Socket socket = upstream;
        return socket == null ? -1 : socket.getLocalPort();
    }

    /** Connects upstream and starts pumping; resets the client if the upstream cannot be reached. */
    void forward(InetSocketAddress address) {
        Socket socket = new Socket();
        try {
            socket.connect(address, CONNECT_TIMEOUT_MS);
            if (socket.getLocalPort() == socket.getPort() && socket.getLocalAddress().equals(socket.getInetAddress())) {
                // Linux lets a connection to a free ephemeral port on loopback connect to itself
                // (TCP simultaneous open); that is an unreachable upstream, not an echo server.
                throw new IOException("connected to itself: nothing listens on " + address);
            }
        } catch (IOException e) {
            closeQuietly(socket);
            reset(); // the closest a proxy can come to "connection refused" after accepting
            return;
        }
        upstream = socket;
        Thread.ofVirtual().name("tcp-proxy-up").start(() -> pump(client, socket));
        Thread.ofVirtual().name("tcp-proxy-down").start(() -> pump(socket, client));
    }

    /** Reads and discards what the client sends, answering nothing, until the link is closed. */
    void swallow() {
        Thread.ofVirtual().name("tcp-proxy-blackhole").start(() -> {
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = client.getInputStream()) {
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed by the proxy or the client
            }
            close();
        });
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[CHUNK];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!proxy.forwarding()) {
                    continue; // blackholed: the bytes vanish
                }
                Duration latency = proxy.latencyNow();
                if (!latency.isZero()) {
                    proxy.pause(latency);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
            // End of stream one way: pass the half-close on, the other direction may still talk.
            if (openDirections.decrementAndGet() == 0) {
                close();
            } else if (!to.isClosed()) {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    /** Closes both sides with a normal FIN. */
    void close() {
        closeQuietly(client);
        Socket socket = upstream;
        if (socket != null) {
            closeQuietly(socket);
        }
        proxy.forget(this);
    }

    /** Resets the client side (an RST: zero linger) and closes the upstream side. */
    void reset() {
        try {
            client.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed: nothing to reset
        }
        close();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing twice or closing a broken socket is fine here
        }
    }
}
