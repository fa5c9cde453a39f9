package io.onex.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What the HTTP fixtures (the scripted server, the Vault and Consul API servers) have in common:
 * the JDK server on a free loopback port with one virtual thread per exchange, behind a
 * {@link TcpProxy} that can drop or reset connections; a latch that releases every delayed answer
 * on close; and the fault switches of the API servers.
 */
final class HttpFixture implements AutoCloseable {

    /**
     * What to do with one arrived request after its faults: {@code dropped} when it must not be
     * answered (its connection was reset, or the fixture closed while it waited), else the status
     * of an injected failure, if this request is one.
     */
    record Admission(boolean dropped, OptionalInt failure) {
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final TcpProxy proxy;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final FaultSwitches faults = new FaultSwitches();

    private HttpFixture(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
        this.proxy = TcpProxy.toLoopbackPort(server.getAddress().getPort());
    }

    /**
     * Binds a JDK server to a free port of 127.0.0.1 with one virtual thread per exchange (a
     * hanging or streaming answer must not hold up the others), behind a proxy. Nothing is served
     * until {@link #serve}.
     */
    static HttpFixture listen() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port", e);
        }
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(workers);
        return new HttpFixture(server, workers);
    }

    /** Starts answering every request with {@code handler}. */
    void serve(HttpHandler handler) {
        server.createContext("/", handler);
        server.start();
    }

    /** Returns the address clients use, {@code http://127.0.0.1:<port>}, with no trailing slash. */
    String address() {
        return "http://127.0.0.1:" + proxy.port();
    }

    /** Returns the port clients connect to: the proxy's. */
    int port() {
        return proxy.port();
    }

    TcpProxy proxy() {
        return proxy;
    }

    FaultSwitches faults() {
        return faults;
    }

    /**
     * Waits up to {@code delay}, released early by {@link #close()}. Returns whether the fixture
     * closed meanwhile.
     */
    boolean sleepUnlessClosed(Duration delay) throws InterruptedException {
        return closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Returns whether the fixture is closing. */
    boolean closing() {
        return closing.getCount() == 0;
    }

    /** Applies the fault switches to the request of {@code exchange}: its delay, a reset, a failure. */
    Admission admit(HttpExchange exchange) throws InterruptedException {
        FaultSwitches.Fault fault = faults.next();
        if (!fault.delay().isZero() && sleepUnlessClosed(fault.delay())) {
            return new Admission(true, OptionalInt.empty());
        }
        if (fault.reset()) {
            proxy.resetClientOf(exchange.getRemoteAddress().getPort());
            return new Admission(true, OptionalInt.empty());
        }
        return new Admission(false, fault.status());
    }

    /** Reads the request body of {@code exchange}: its first {@code max} bytes; the rest is discarded. */
    static byte[] body(HttpExchange exchange, int max) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(max);
            in.transferTo(OutputStream.nullOutputStream());
            return body;
        }
    }

    /**
     * Returns the token the request of {@code exchange} carries in {@code header} or, failing that,
     * as {@code Authorization: Bearer}; {@code null} when it carries none.
     */
    static String token(HttpExchange exchange, String header) {
        String token = exchange.getRequestHeaders().getFirst(header);
        if (token != null && !token.isEmpty()) {
            return token;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }

    /**
     * Releases every delayed answer, closes the proxy and the server, and waits (at most five
     * seconds) for the worker threads.
     */
    @Override
    public void close() {
        closing.countDown();
        proxy.close();
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
