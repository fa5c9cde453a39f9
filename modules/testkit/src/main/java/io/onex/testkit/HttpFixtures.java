package io.onex.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * How the HTTP fixtures (the scripted server, the Vault and Consul API servers) start listening
 * and stop: the JDK server on a free loopback port, one virtual thread per exchange, behind a
 * {@link TcpProxy}.
 */
final class HttpFixtures {

    /** A JDK server bound to a free loopback port, not started yet, and its worker threads. */
    record Listening(HttpServer server, ExecutorService workers) {
    }

    private HttpFixtures() {
    }

    /**
     * Binds a JDK server to a free port of 127.0.0.1 with one virtual thread per exchange (a
     * hanging or streaming answer must not hold up the others). The caller adds its context and
     * starts it.
     */
    static Listening listen() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port", e);
        }
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(workers);
        return new Listening(server, workers);
    }

    /**
     * Releases whatever waits on {@code closing}, closes the proxy and the server, and waits (at most
     * five seconds) for the worker threads.
     */
    static void stop(CountDownLatch closing, TcpProxy proxy, HttpServer server, ExecutorService workers) {
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
