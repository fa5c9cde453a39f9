package com.example.onex.redis.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code size} connections, opened when needed and kept for reuse, most recently used
 * first. A caller waits for a free one at most until its deadline. The pool owns no thread and
 * never pings idle connections: a connection that turns out broken is closed, and with it every
 * idle one, since they most likely broke together (Redis restarted).
 */
final class ConnectionPool {

    /** Opens a ready connection (connected, authenticated, database selected) before a deadline. */
    @FunctionalInterface
    interface Opener {
        RedisConnection open(long deadlineNanos) throws IOException;
    }

    /**
     * A borrowed connection.
     *
     * @param connection the connection, the borrower's alone until given back
     * @param reused     whether it had served calls before, so may have gone stale while idle
     */
    record Lease(RedisConnection connection, boolean reused) {
    }

    private final int size;
    private final Semaphore permits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<RedisConnection> idle = new ArrayDeque<>();
    private final Set<RedisConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ConnectionPool(int size) {
        this.size = size;
        this.permits = new Semaphore(size, true);
    }

    /**
     * Borrows a connection, waiting for a free place until {@code deadlineNanos}.
     *
     * @return the lease, or {@code null} when every connection stayed busy until the deadline
     * @throws IOException           when a new connection cannot be opened
     * @throws InterruptedException  when the waiting thread is interrupted
     * @throws IllegalStateException when the pool is closed
     */
    Lease borrow(long deadlineNanos, Opener opener) throws IOException, InterruptedException {
        if (!permits.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return null;
        }
        boolean handedOut = false;
        try {
            RedisConnection connection;
            lock.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("the pool is closed");
                }
                connection = idle.pollFirst();
            } finally {
                lock.unlock();
            }
            Lease lease;
            if (connection != null) {
                lease = new Lease(connection, true);
            } else {
                connection = opener.open(deadlineNanos);
                open.add(connection);
                lease = new Lease(connection, false);
            }
            if (closed) { // closed while opening: shutdown must find nothing left open afterwards
                discard(connection);
                throw new IllegalStateException("the pool is closed");
            }
            handedOut = true;
            return lease;
        } finally {
            if (!handedOut) {
                permits.release();
            }
        }
    }

    /** Takes back a lease; a connection that may be out of step with the server ({@code healthy} false) is closed. */
    void giveBack(Lease lease, boolean healthy) {
        boolean keep = false;
        if (healthy) {
            lock.lock();
            try {
                if (!closed) {
                    idle.addFirst(lease.connection());
                    keep = true;
                }
            } finally {
                lock.unlock();
            }
        }
        if (!keep) {
            discard(lease.connection());
        }
        permits.release();
    }

    /** Closes every idle connection. */
    void discardIdle() {
        List<RedisConnection> drained;
        lock.lock();
        try {
            drained = new ArrayList<>(idle);
            idle.clear();
        } finally {
            lock.unlock();
        }
        drained.forEach(this::discard);
    }

    /** Closes every connection, idle or borrowed (a borrowed one's call then fails); later borrows fail. */
    void close() {
        closed = true;
        discardIdle();
        List.copyOf(open).forEach(this::discard);
    }

    int size() {
        return size;
    }

    int openConnections() {
        return open.size();
    }

    int idleConnections() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    private void discard(RedisConnection connection) {
        open.remove(connection);
        connection.close();
    }
}
