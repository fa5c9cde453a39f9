package io.onex.testkit;

import com.sun.net.httpserver.HttpServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stops an HTTP fixture served by the JDK server behind a {@link TcpProxy}: the one way both fixtures stop. */
final class HttpFixtureShutdown {

    private HttpFixtureShutdown() {
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
