package io.onex.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port that forwards to an upstream address and can be told to
 * fail the way networks fail: drop connections, reset them, swallow their bytes, or slow them.
 *
 * <p>Tests point a client at {@link #port()} instead of the service and switch {@link #mode}
 * while the client runs. Every thread it starts ends when it is {@link #close() closed}; every
 * wait is bounded.
 */
public final class TcpProxy implements AutoCloseable {

    /** What the proxy does with connections. */
    public enum Mode {
        /** Forwards bytes both ways (the default). */
        FORWARD,
        /** Closes open connections and every new one at once, sending nothing (a FIN). */
        DROP,
        /** Resets open connections and every new one at once (an RST, "connection reset"). */
        RESET,
        /**
         * Keeps connections open but forwards nothing either way, so a client waits until its own
         * timeout: a peer that vanished without closing.
         */
        BLACKHOLE
    }

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Map<TcpProxyLink, Boolean> links = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong accepted = new AtomicLong();
    private volatile Mode mode = Mode.FORWARD;
    private volatile Duration latency = Duration.ZERO;

    private TcpProxy(InetSocketAddress upstream, ServerSocket listener) {
        this.upstream = upstream;
        this.listener = listener;
        this.acceptor = Thread.ofVirtual().name("tcp-proxy-accept-" + listener.getLocalPort()).unstarted(this::accept);
    }

    /** Starts a proxy on a free port of 127.0.0.1 that forwards to {@code upstream}. */
    public static TcpProxy start(InetSocketAddress upstream) {
        Objects.requireNonNull(upstream, "upstream");
        ServerSocket listener;
        try {
            listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port", e);
        }
        TcpProxy proxy = new TcpProxy(upstream, listener);
        proxy.acceptor.start();
        return proxy;
    }

    /** Starts a proxy on a free port of 127.0.0.1 that forwards to {@code port} on 127.0.0.1. */
    public static TcpProxy toLoopbackPort(int port) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Returns the port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Returns the address clients connect to. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** Returns the address the proxy forwards to. */
    public InetSocketAddress upstream() {
        return upstream;
    }

    /** Returns the current mode. */
    public Mode mode() {
        return mode;
    }

    /**
     * Switches the mode: {@link Mode#DROP} and {@link Mode#RESET} also end every open connection
     * now, {@link Mode#BLACKHOLE} silences them, {@link Mode#FORWARD} lets new ones through again.
     * Returns this proxy.
     */
    public TcpProxy mode(Mode newMode) {
        this.mode = Objects.requireNonNull(newMode, "newMode");
        switch (newMode) {
            case DROP -> links.keySet().forEach(TcpProxyLink::close);
            case RESET -> links.keySet().forEach(TcpProxyLink::reset);
            case FORWARD, BLACKHOLE -> {
                // Forwarding links read the mode before each chunk.
            }
        }
        return this;
    }

    /** Delays every forwarded chunk of bytes by {@code delay} (zero for none). Returns this proxy. */
    public TcpProxy latency(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + delay);
        }
        this.latency = delay;
        return this;
    }

    /** Resets every open connection now, whatever the mode. */
    public void resetConnections() {
        links.keySet().forEach(TcpProxyLink::reset);
    }

    /** Returns how many client connections are open now. */
    public int openConnections() {
        return links.size();
    }

    /** Returns how many client connections the proxy has accepted since it started. */
    public long acceptedConnections() {
        return accepted.get();
    }

    /**
     * Resets the client connection whose upstream side has the local port {@code upstreamPort},
     * as the upstream server sees it as its peer's port. Returns whether there was one.
     */
    boolean resetClientOf(int upstreamPort) {
        return linkOf(upstreamPort).map(link -> {
            link.reset();
            return true;
        }).orElse(false);
    }

    /** Closes (FIN, no reset) the client connection whose upstream side has that local port. */
    boolean closeClientOf(int upstreamPort) {
        return linkOf(upstreamPort).map(link -> {
            link.close();
            return true;
        }).orElse(false);
    }

    private Optional<TcpProxyLink> linkOf(int upstreamPort) {
        return links.keySet().stream().filter(link -> link.upstreamLocalPort() == upstreamPort).findFirst();
    }

    Duration latencyNow() {
        return latency;
    }

    boolean forwarding() {
        return mode == Mode.FORWARD;
    }

    /** Waits {@code delay}, cut short when the proxy closes. */
    void pause(Duration delay) throws InterruptedException {
        closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    void forget(TcpProxyLink link) {
        links.remove(link);
    }

    private void accept() {
        while (closing.getCount() > 0) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // the listener was closed
            }
            accepted.incrementAndGet();
            TcpProxyLink link = new TcpProxyLink(this, client);
            switch (mode) {
                case DROP -> link.close();
                case RESET -> link.reset();
                case BLACKHOLE -> {
                    links.put(link, Boolean.TRUE);
                    link.swallow();
                }
                case FORWARD -> {
                    links.put(link, Boolean.TRUE);
                    link.forward(upstream);
                }
            }
        }
    }

    /** Stops listening and closes every connection; returns once the accepting thread ended. */
    @Override
    public void close() {
        closing.countDown();
        try {
            listener.close();
        } catch (IOException e) {
            // Closing a listener only fails if it is already closed.
        }
        links.keySet().forEach(TcpProxyLink::close);
        try {
            acceptor.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TcpProxy[127.0.0.1:" + port() + " -> " + upstream + ", " + mode + "]";
    }
}
