package com.example.onex.redis.internal;

import io.onex.host.api.AuthenticationException;
import io.onex.host.api.ConnectionException;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.ServiceUnavailableException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Maps what goes wrong with Redis to the host's errors, so that no library or I/O exception leaves
 * the handler raw. Messages name the call, the binding and Redis's address, never the password:
 * replies to AUTH get fixed texts, and no command text is ever quoted. The I/O exception is kept
 * as the cause, for logs only.
 *
 * <table>
 * <caption>What each failure becomes</caption>
 * <tr><th>failure</th><th>code</th><th>retryable</th></tr>
 * <tr><td>connection refused, reset or closed; host unknown</td><td>CONNECTION_ERROR</td><td>yes</td></tr>
 * <tr><td>no connection or no reply within the binding's timeout</td><td>TIMEOUT</td><td>yes</td></tr>
 * <tr><td>{@code NOAUTH}, {@code WRONGPASS}, any refusal of AUTH</td><td>AUTHENTICATION_ERROR</td><td>no</td></tr>
 * <tr><td>{@code LOADING}, {@code BUSY}, {@code MASTERDOWN}, {@code TRYAGAIN}, {@code CLUSTERDOWN}</td>
 *     <td>SERVICE_UNAVAILABLE</td><td>yes</td></tr>
 * <tr><td>{@code WRONGTYPE}, any other error reply, a malformed or oversized reply</td>
 *     <td>HANDLER_EXECUTION_ERROR</td><td>no</td></tr>
 * </table>
 */
final class RedisFailures {

    /** Error kinds of a server that is starting, busy or failing over: worth a later retry. */
    private static final Set<String> UNAVAILABLE = Set.of("LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN");
    /** How much of an error reply a message quotes. */
    private static final int MAX_QUOTED = 200;

    private RedisFailures() {
    }

    /**
     * Returns the error for an I/O failure of {@code call}.
     *
     * @param connecting whether the failure happened while opening a connection (before any command)
     */
    static OnexException io(String call, IOException error, RedisSettings settings, boolean connecting) {
        String at = " (" + settings.url() + ")";
        return switch (error) {
            case SocketTimeoutException e -> new OnexTimeoutException(call + ": " + (connecting
                    ? "no connection to Redis"
                    : "no answer from Redis") + " within the binding's timeout of " + settings.timeout().toMillis()
                    + " ms" + at, e);
            case ConnectException e -> new ConnectionException(call + ": Redis refused the connection" + at, e);
            case UnknownHostException e -> new ConnectionException(call + ": Redis's host name cannot be resolved" + at, e);
            case RespException e when e.tooLarge() -> new HandlerExecutionException(call + ": " + e.getMessage()
                    + "; the reply was not read", e);
            case RespException e -> new HandlerExecutionException(call + ": Redis's reply cannot be read ("
                    + e.getMessage() + ")" + at, e);
            case EOFException e -> new ConnectionException(call + ": Redis closed the connection" + at, e);
            case SocketException e -> new ConnectionException(call + ": the connection to Redis failed ("
                    + e.getClass().getSimpleName() + ", e.g. reset or closed)" + at, e);
            default -> new ConnectionException(call + ": the connection to Redis failed ("
                    + error.getClass().getSimpleName() + ")" + at, error);
        };
    }

    /** Returns whether {@code error} says the connection broke, so that other idle connections may be stale too. */
    static boolean broken(IOException error) {
        return error instanceof EOFException || error instanceof SocketException;
    }

    /** Returns the error for Redis's error reply to a command of {@code call} (not to AUTH: see {@link #authRefused}). */
    static OnexException reply(String call, Reply.Error error, RedisSettings settings) {
        String kind = error.prefix();
        if (kind.equals("NOAUTH") || kind.equals("WRONGPASS")) {
            return new AuthenticationException(call + ": Redis requires a password (" + kind + ")"
                    + (settings.password().isPresent() ? "" : "; set config.password to a secret_ref"))
                    .withDetail("redis_error", kind);
        }
        if (kind.equals("WRONGTYPE")) {
            return new HandlerExecutionException(call + ": the key holds a value of another type (WRONGTYPE)")
                    .withDetail("redis_error", kind);
        }
        String quoted = error.message().length() <= MAX_QUOTED ? error.message()
                : error.message().substring(0, MAX_QUOTED) + "...";
        if (UNAVAILABLE.contains(kind)) {
            return new ServiceUnavailableException(call + ": Redis cannot serve the command now: " + quoted)
                    .withDetail("redis_error", kind);
        }
        return new HandlerExecutionException(call + ": Redis refused the command: " + quoted)
                .withDetail("redis_error", kind);
    }

    /**
     * Returns the error for Redis's refusal of the binding's password. Redis's own text is not
     * quoted: it is an answer to the command that carried the password.
     */
    static OnexException authRefused(String call, Reply.Error error, RedisSettings settings) {
        String kind = error.prefix().matches("[A-Z]{1,32}") ? error.prefix() : "ERR";
        return new AuthenticationException(call + ": Redis refused the password of binding '" + settings.binding()
                + "' (" + kind + ", also after reading it again from its source)" + " (" + settings.url() + ")")
                .withDetail("redis_error", kind);
    }
}
