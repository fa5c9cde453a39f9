package com.example.onex.redis.internal;

import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.Secrets;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.contract.SecretRef;
import java.io.IOException;
import java.util.List;

/**
 * Sends one binding's commands to Redis through its {@link ConnectionPool}, each call bounded by
 * the binding's timeout from start to end (waiting for a connection, connecting, AUTH, the reply).
 * Every failure leaves as an {@link OnexException} ({@link RedisFailures}).
 *
 * <p>A new connection authenticates with the password read through {@link Secrets} (a cached
 * value); when Redis refuses it, the value is read again from its source
 * ({@link Secrets#refresh}) and tried once more, so a rotated password is picked up without a
 * restart.
 */
final class RedisClient {

    private final RedisSettings settings;
    private final Secrets secrets;
    private final ConnectionPool pool;

    RedisClient(RedisSettings settings, Secrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
        this.pool = new ConnectionPool(settings.poolSize());
    }

    /**
     * Runs {@code command} and returns its reply, which is never an error reply.
     *
     * @param call       what is done, for messages: {@code redis.get on binding 'cache'}
     * @param idempotent whether running the command twice does no harm: then a pooled connection
     *                   found broken before the command reached Redis is replaced once, on the
     *                   same deadline; otherwise a failure after the command was sent is marked
     *                   not retryable, since Redis may have run it
     */
    Reply call(String call, List<String> command, boolean idempotent) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            ConnectionPool.Lease lease = borrow(call, deadline);
            Reply reply;
            try {
                reply = lease.connection().call(deadline, command);
            } catch (IOException e) {
                pool.giveBack(lease, false);
                // Interrupted (the host's timeout): this connection was closed for it, the others are fine.
                if (RedisFailures.broken(e) && !Thread.currentThread().isInterrupted()) {
                    pool.discardIdle();
                    if (attempt == 1 && lease.reused() && idempotent) {
                        continue; // an idle connection that Redis dropped (a restart); a fresh one may work
                    }
                }
                OnexException failure = RedisFailures.io(call, e, settings, false);
                if (!idempotent && lease.connection().commandWritten()) {
                    failure.withRetryable(false).withDetail("outcome", "unknown: Redis may have run the command");
                }
                throw failure;
            }
            pool.giveBack(lease, true); // an error reply leaves the connection in step
            if (reply instanceof Reply.Error error) {
                throw RedisFailures.reply(call, error, settings);
            }
            return reply;
        }
    }

    /**
     * Opens a connection of its own (not the pool's), ready for commands, before {@code deadlineNanos}.
     * The caller closes it. Used by the health check, so that busy calls cannot starve it.
     */
    RedisConnection openOwn(String call, long deadlineNanos) {
        try {
            return open(call, deadlineNanos);
        } catch (IOException e) {
            throw RedisFailures.io(call, e, settings, true);
        }
    }

    /** Returns the pool, for health details. */
    ConnectionPool pool() {
        return pool;
    }

    /** Closes every connection. */
    void close() {
        pool.close();
    }

    private ConnectionPool.Lease borrow(String call, long deadline) {
        try {
            ConnectionPool.Lease lease = pool.borrow(deadline, at -> open(call, at));
            if (lease == null) {
                throw new OnexTimeoutException(call + ": all " + pool.size() + " connections (pool_size) stayed busy"
                        + " for the binding's timeout of " + settings.timeout().toMillis() + " ms");
            }
            return lease;
        } catch (IOException e) {
            throw RedisFailures.io(call, e, settings, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnexTimeoutException(call + ": interrupted while waiting for a connection", e);
        } catch (IllegalStateException e) {
            throw new ServiceUnavailableException(call + ": the binding is shut down");
        }
    }

    /** Connects, authenticates and selects the database. */
    private RedisConnection open(String call, long deadline) throws IOException {
        RedisUrl url = settings.url();
        RedisConnection connection = RedisConnection.open(url.host(), url.port(), deadline, settings.maxValueBytes());
        try {
            if (settings.password().isPresent()) {
                authenticate(call, connection, settings.password().get(), deadline);
            }
            if (url.db() != 0) {
                if (connection.call(deadline, List.of("SELECT", Integer.toString(url.db()))) instanceof Reply.Error error) {
                    throw RedisFailures.reply(call, error, settings);
                }
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void authenticate(String call, RedisConnection connection, SecretRef password, long deadline)
            throws IOException {
        Reply reply = connection.call(deadline, List.of("AUTH", secrets.apply(password)));
        if (reply instanceof Reply.Error) {
            // Perhaps rotated: read it again from its source, once.
            reply = connection.call(deadline, List.of("AUTH", secrets.refresh(password)));
        }
        if (reply instanceof Reply.Error error) {
            throw RedisFailures.authRefused(call, error, settings);
        }
    }
}
