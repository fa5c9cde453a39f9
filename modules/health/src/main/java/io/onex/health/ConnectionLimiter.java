package io.onex.health;

import io.helidon.common.socket.SocketOptions;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.onex.host.core.log.JsonLog;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps the health server's connections and cuts off clients that are too slow: every connection
 * the server accepts gets a deadline, and a watchdog closes the connection once it passes.
 *
 * <ul>
 *   <li>Up to the cap, a connection is served as below. Up to as many again are admitted on
 *       probation: they have {@link #PROBATION} to deliver their request head, which any real
 *       client (a probe, a scrape, curl) does at once, so a cap filled by slow clients never
 *       keeps the kubelet's probes out. Beyond twice the cap a connection is answered
 *       {@code 503} and closed at once, before anything is read from it.
 *   <li>From the moment it is accepted, and again from the moment a response starts, a
 *       connection has the read timeout to deliver a whole request head (request line and
 *       headers). A client that sends half a request, sends nothing, or trickles bytes, is closed
 *       when the time is up, and so is a client that does not read its response.
 *   <li>Once a request head has arrived, the request has the read timeout to deliver its body,
 *       the ingress timeout to be answered, and the read timeout again to start the response.
 * </ul>
 *
 * <p>The web server accepts connections as {@link SocketChannel}s and, left to itself, reads
 * them with no time limit. This class hooks in where the server applies its socket options to
 * each accepted connection (so it implements {@link SocketOptions}, delegating every option to
 * the stock ones) and follows each connection through the HTTP/1 listeners the server calls when
 * a request head has been read and when a response starts.
 *
 * <p>The watchdog is one daemon thread that wakes every {@link #TICK}; its work per wake is one
 * pass over the open connections, which the connection cap bounds. At most once every
 * {@link #REPORT_EVERY} it logs one warning with how many connections it refused and cut off
 * since the last one, so a flood is visible without a line per connection.
 */
final class ConnectionLimiter implements SocketOptions, AutoCloseable {

    /** How often the watchdog looks for connections past their deadline. */
    static final Duration TICK = Duration.ofMillis(250);
    /** The least time between two warnings about refused and cut-off connections. */
    static final Duration REPORT_EVERY = Duration.ofMinutes(1);
    /** How long a connection admitted over the cap has to deliver its request head. */
    static final Duration PROBATION = Duration.ofSeconds(1);
    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final SocketOptions delegate = SocketOptions.builder().build();
    private final int maxConnections;
    private final long readTimeoutNanos;
    private final long requestNanos;
    private final Map<SocketAddress, Tracked> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;
    private final JsonLog log;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();
    private long lastReport = System.nanoTime() - REPORT_EVERY.toNanos();

    /** A connection and the moment past which the watchdog closes it. */
    private static final class Tracked {
        final SocketChannel channel;
        volatile long deadline;

        Tracked(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }
    }

    /**
     * Starts guarding: at most {@code maxConnections} served (and as many on probation),
     * {@code readTimeout} for request heads and bodies, and {@code answerTimeout} for the longest
     * a handler may take to answer.
     */
    ConnectionLimiter(int maxConnections, Duration readTimeout, Duration answerTimeout, JsonLog log) {
        this.maxConnections = maxConnections;
        this.log = log;
        this.readTimeoutNanos = readTimeout.toNanos();
        this.requestNanos = readTimeout.multipliedBy(2).plus(answerTimeout).toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("onex-health-connection-guard").factory());
        watchdog.scheduleWithFixedDelay(this::closeOverdue, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns the listener the server calls once it has read a request head. */
    Http1ConnectionListener requestListener() {
        return new Http1ConnectionListener() {
            @Override
            public void headers(ConnectionContext context, Headers headers) {
                extend(context, requestNanos);
            }
        };
    }

    /** Returns the listener the server calls when it starts a response. */
    Http1ConnectionListener responseListener() {
        return new Http1ConnectionListener() {
            @Override
            public void status(ConnectionContext context, Status status) {
                extend(context, readTimeoutNanos);
            }
        };
    }

    /** Returns how many accepted connections are open now, forgetting the closed ones. */
    int open() {
        connections.values().removeIf(tracked -> !tracked.channel.isOpen());
        return connections.size();
    }

    private void extend(ConnectionContext context, long nanos) {
        Tracked tracked = connections.get(context.remotePeer().address());
        if (tracked != null) {
            tracked.deadline = System.nanoTime() + nanos;
        }
    }

    private void closeOverdue() {
        long now = System.nanoTime();
        connections.forEach((address, tracked) -> {
            if (!tracked.channel.isOpen()) {
                connections.remove(address, tracked);
            } else if (now - tracked.deadline > 0) {
                connections.remove(address, tracked);
                cut.incrementAndGet();
                try {
                    tracked.channel.close(); // the server's reader fails, and the server frees the slot
                } catch (IOException | RuntimeException e) {
                    // Closing a socket the client already reset: nothing more to do.
                }
            }
        });
        if (now - lastReport >= REPORT_EVERY.toNanos() && (refused.get() > 0 || cut.get() > 0)) {
            lastReport = now;
            log.warn("the health server refused or cut off connections", "refused_over_cap", refused.getAndSet(0),
                    "cut_off_slow", cut.getAndSet(0), "max_connections", maxConnections,
                    "read_timeout_ms", Duration.ofNanos(readTimeoutNanos).toMillis());
        }
    }

    /** Stops the watchdog; the server closes its own connections when it stops. */
    @Override
    public void close() {
        watchdog.shutdownNow();
        connections.clear();
    }

    /**
     * Called by the server for every connection it accepts, on its one accepting thread: admits
     * the connection with its deadline, or refuses it.
     *
     * @throws IllegalStateException when the connection is refused; the server then closes it
     */
    @Override
    public void configureSocket(SocketChannel channel) {
        delegate.configureSocket(channel);
        int open = open();
        if (open >= 2 * maxConnections) {
            try {
                channel.write(java.nio.ByteBuffer.wrap(REFUSAL)); // a fresh socket's send buffer takes it at once
            } catch (IOException e) {
                // The client is gone already.
            }
            refused.incrementAndGet();
            throw new IllegalStateException("the health server has " + open + " connections open; refused");
        }
        long allowance = open >= maxConnections ? PROBATION.toNanos() : readTimeoutNanos;
        try {
            SocketAddress remote = channel.getRemoteAddress();
            if (remote != null) {
                connections.put(remote, new Tracked(channel, System.nanoTime() + allowance));
            }
        } catch (IOException e) {
            // Already closed by the client: there is nothing to guard.
        }
    }

    @Override
    public void configureSocket(Socket socket) {
        delegate.configureSocket(socket);
    }

    @Override
    public Map<SocketOption<?>, Object> socketOptions() {
        return delegate.socketOptions();
    }

    @Override
    public Duration connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return Duration.ofNanos(readTimeoutNanos);
    }

    @Override
    public Optional<Integer> socketReceiveBufferSize() {
        return delegate.socketReceiveBufferSize();
    }

    @Override
    public Optional<Integer> socketSendBufferSize() {
        return delegate.socketSendBufferSize();
    }

    @Override
    public boolean socketReuseAddress() {
        return delegate.socketReuseAddress();
    }

    @Override
    public boolean socketKeepAlive() {
        return delegate.socketKeepAlive();
    }

    @Override
    public boolean tcpNoDelay() {
        return delegate.tcpNoDelay();
    }
}
