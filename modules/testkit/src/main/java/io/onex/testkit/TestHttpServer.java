package io.onex.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A real HTTP/1.1 server on a free loopback port whose answers tests script: per path (and
 * optionally per method) or for every other request, with a status, headers and a body, a delay,
 * a hang, a reset or closed connection, or a body that never ends. It records every request on
 * arrival for tests to assert on.
 *
 * <p>The server is the JDK's {@code HttpServer} behind a {@link TcpProxy} on the public port;
 * the proxy is what resets or closes a connection on command, and tests may use it directly
 * ({@link #proxy()}) to drop, reset or blackhole every connection. Requests nobody scripted get a
 * 404. Closing the server releases every held request and stops every thread it started.
 */
public final class TestHttpServer implements AutoCloseable {

    /** The most body bytes recorded per request; the rest is read and discarded. */
    public static final int MAX_RECORDED_BODY = 16 * 1024 * 1024;

    /** The longest a {@link HttpReply.Hang} holds a request when the server is never closed. */
    private static final Duration LONGEST_HANG = Duration.ofMinutes(10);
    private static final byte[] CHUNK = new byte[16 * 1024];

    private final HttpFixture http;
    private final Clock clock;
    private final Map<String, HttpScript> scripts = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<HttpRecordedRequest> requests = new ArrayList<>();
    private volatile HttpReply otherwise = HttpReply.text(404, "no reply scripted for this request");

    static {
        java.util.Arrays.fill(CHUNK, (byte) 'x');
    }

    private TestHttpServer(HttpFixture http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static TestHttpServer start() {
        return start(Clock.systemUTC());
    }

    /** Starts a server on a free port of 127.0.0.1 that stamps arrivals with {@code clock}. */
    public static TestHttpServer start(Clock clock) {
        HttpFixture http = HttpFixture.listen();
        TestHttpServer testServer = new TestHttpServer(http, Objects.requireNonNull(clock, "clock"));
        http.serve(testServer::handle);
        return testServer;
    }

    /** Returns the port clients connect to. */
    public int port() {
        return http.port();
    }

    /** Returns the server's base URI, {@code http://127.0.0.1:<port>}, with no trailing slash. */
    public URI uri() {
        return URI.create(url(""));
    }

    /** Returns the URL of {@code path} on this server; {@code path} starts with {@code /} or is empty. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Returns the proxy in front of the server, to drop, reset or blackhole every connection. */
    public TcpProxy proxy() {
        return http.proxy();
    }

    /**
     * Answers requests for {@code path} (any method) with {@code replies}, one per request in
     * order; the last one repeats. Replaces what was scripted for that path. Returns this server.
     */
    public TestHttpServer answer(String path, HttpReply... replies) {
        scripts.put(key("*", path), new HttpScript(List.of(replies)));
        return this;
    }

    /**
     * Answers {@code method} requests for {@code path} with {@code replies}; a method script wins
     * over the any-method script of the same path. Returns this server.
     */
    public TestHttpServer answer(String method, String path, HttpReply... replies) {
        scripts.put(key(method.toUpperCase(Locale.ROOT), path), new HttpScript(List.of(replies)));
        return this;
    }

    /** Answers every request that no path script matches with {@code reply}. Returns this server. */
    public TestHttpServer answerOtherwise(HttpReply reply) {
        this.otherwise = Objects.requireNonNull(reply, "reply");
        return this;
    }

    /** Returns every request received so far, in order of arrival. */
    public List<HttpRecordedRequest> requests() {
        lock.lock();
        try {
            return List.copyOf(requests);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code count} requests have arrived and returns them all.
     *
     * @throws IllegalStateException if they have not arrived within {@code timeout}
     */
    public List<HttpRecordedRequest> awaitRequests(int count, Duration timeout) {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (requests.size() < count) {
                if (left <= 0) {
                    throw new IllegalStateException(new TimeoutException("expected " + count + " requests within "
                            + timeout + " but " + requests.size() + " arrived: " + summary()));
                }
                left = arrived.awaitNanos(left);
            }
            return List.copyOf(requests);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for requests", e);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every recorded request and every script; unscripted requests get a 404 again. */
    public void clear() {
        scripts.clear();
        otherwise = HttpReply.text(404, "no reply scripted for this request");
        lock.lock();
        try {
            requests.clear();
        } finally {
            lock.unlock();
        }
    }

    private String summary() {
        return requests.stream().map(r -> r.method() + " " + r.path()).toList().toString();
    }

    private static String key(String method, String path) {
        return method + " " + path;
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            HttpRecordedRequest request = record(exchange);
            HttpScript script = scripts.get(key(request.method(), request.path()));
            if (script == null) {
                script = scripts.get(key("*", request.path()));
            }
            perform(exchange, script == null ? otherwise : script.next());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away mid-answer (for example after reading as much of an endless
            // body as it wanted): that ends the exchange and is what some tests are after.
        }
    }

    private HttpRecordedRequest record(HttpExchange exchange) throws IOException {
        byte[] body = HttpFixture.body(exchange, MAX_RECORDED_BODY);
        URI uri = exchange.getRequestURI();
        HttpRecordedRequest request = new HttpRecordedRequest(exchange.getRequestMethod(), uri.getRawPath(),
                uri.getRawQuery() == null ? "" : uri.getRawQuery(), exchange.getRequestHeaders(), body,
                clock.instant());
        lock.lock();
        try {
            requests.add(request);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return request;
    }

    private void perform(HttpExchange exchange, HttpReply reply) throws IOException, InterruptedException {
        switch (reply) {
            case HttpReply.Respond respond -> {
                respond.headers().forEach((name, values) -> values.forEach(
                        value -> exchange.getResponseHeaders().add(name, value)));
                byte[] body = respond.body();
                boolean bodiless = body.length == 0 || respond.status() == 204 || respond.status() == 304;
                exchange.sendResponseHeaders(respond.status(), bodiless ? -1 : body.length);
                if (!bodiless) {
                    exchange.getResponseBody().write(body);
                }
            }
            case HttpReply.Delayed delayed -> {
                if (!http.sleepUnlessClosed(delayed.delay())) {
                    perform(exchange, delayed.then());
                }
            }
            case HttpReply.Hang hang -> http.sleepUnlessClosed(LONGEST_HANG);
            case HttpReply.Stall stall -> {
                exchange.sendResponseHeaders(stall.status(), 0);
                exchange.getResponseBody().write(CHUNK, 0, 1024);
                exchange.getResponseBody().flush();
                http.sleepUnlessClosed(LONGEST_HANG);
            }
            case HttpReply.Reset reset -> http.proxy().resetClientOf(exchange.getRemoteAddress().getPort());
            case HttpReply.Disconnect disconnect -> http.proxy().closeClientOf(exchange.getRemoteAddress().getPort());
            case HttpReply.Stream stream -> stream(exchange, stream);
        }
    }

    private void stream(HttpExchange exchange, HttpReply.Stream stream) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", stream.contentType());
        exchange.sendResponseHeaders(stream.status(), stream.contentLength() < 0 ? 0 : stream.contentLength());
        long left = stream.contentLength() < 0 ? Long.MAX_VALUE : stream.contentLength();
        OutputStream out = exchange.getResponseBody();
        // Ends when the length is sent, the client goes away (the write fails) or the server closes.
        while (left > 0 && !http.closing()) {
            int size = (int) Math.min(CHUNK.length, left);
            out.write(CHUNK, 0, size);
            left -= size;
        }
    }

    /** Releases every held request, stops the server and the proxy, and waits for their threads. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "TestHttpServer[" + url("") + "]";
    }
}
