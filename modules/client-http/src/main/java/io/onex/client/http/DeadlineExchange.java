package io.onex.client.http;

import io.onex.host.api.OnexException;
import io.onex.host.api.ServiceUnavailableException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends one request and waits for its whole response, body included, until a deadline. The JDK's
 * own request timeout stops waiting for the response head only; the wait on the whole exchange is
 * bounded here, and an exchange past its deadline is cancelled, which releases its connection.
 * What goes wrong is mapped to a host error by the caller's {@link Failures}.
 */
public final class DeadlineExchange {

    /** How the caller names its call and maps failures to host errors. */
    public interface Failures {

        /** Names the call in messages, e.g. {@code http.get https://api.example/items}; never a credential. */
        String describe();

        /** Names what the call waits for, in the message of an interrupted wait, e.g. {@code the response}. */
        String awaited();

        /**
         * Returns the error of a call that had no complete answer before the deadline.
         *
         * @param cause what reported it, kept for logs; {@code null} when the deadline had passed before sending
         */
        OnexException timeout(Throwable cause);

        /** Returns the error of a call the client refused or that failed with {@code error}. */
        OnexException failure(Throwable error);
    }

    private DeadlineExchange() {
    }

    /**
     * Sends the request {@code request} builds (given the time left, for its own timeout) through
     * {@code client}, and returns the response.
     *
     * @param deadline the {@link System#nanoTime()} by which the whole response must have arrived
     * @throws OnexException on any failure, mapped by {@code failures}: a cancelled exchange (the
     *                       client shut down) or an interrupted wait is SERVICE_UNAVAILABLE
     */
    public static <T> HttpResponse<T> send(HttpClient client, Function<Duration, HttpRequest> request,
            HttpResponse.BodyHandler<T> bodies, long deadline, Failures failures) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw failures.timeout(null);
        }
        CompletableFuture<HttpResponse<T>> future;
        try {
            future = client.sendAsync(request.apply(Duration.ofNanos(left)), bodies);
        } catch (OnexException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The JDK's message may quote a header value, a credential: the caller names it by class only.
            throw failures.failure(e);
        }
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true); // aborts the exchange and releases its connection
            throw failures.timeout(e);
        } catch (ExecutionException e) {
            throw failures.failure(e.getCause() == null ? e : e.getCause());
        } catch (CancellationException e) {
            throw new ServiceUnavailableException(failures.describe() + ": the exchange was cancelled as the handler"
                    + " shut down", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(failures.describe() + ": interrupted while waiting for "
                    + failures.awaited(), e);
        }
    }
}
