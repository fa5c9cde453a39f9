package io.onex.testkit;

/**
 * A PostgreSQL server that a test owns: its address, databases made on demand, and the means to
 * take it away and bring it back (for tests of restarts and outages).
 *
 * <p>Today the one implementation is {@link PostgresCluster}, a cluster of local processes made
 * with {@code initdb} and {@code pg_ctl}; where a Docker engine runs, a Testcontainers-backed one
 * can implement this interface without any test noticing. Get one from {@link PostgresFixture}.
 *
 * <p>Every method that waits, waits a bounded time and fails with {@link IllegalStateException}
 * saying what it waited for.
 */
public interface PostgresServer extends AutoCloseable {

    /**
     * Returns the address of the server's initial database ({@code postgres}) with the superuser's
     * generated credentials. The address stays the same across {@link #stop()} and
     * {@link #start()}.
     */
    PostgresAddress address();

    /**
     * Creates a database owned by the superuser and returns its address.
     *
     * @param name a plain lowercase identifier: {@code [a-z_][a-z0-9_]*}, at most 63 characters
     * @throws IllegalArgumentException when the name is not a plain identifier
     * @throws IllegalStateException    when the server refuses, e.g. because the database exists
     */
    PostgresAddress createDatabase(String name);

    /**
     * Runs SQL as the superuser in {@code database}, over a connection of its own (not any pool
     * under test), and returns what it printed: one line per row, columns separated by
     * {@code |}, no headers. Meant for setting up and for checking what a test did.
     *
     * @throws IllegalStateException when the SQL fails; the message holds the server's error
     */
    String sql(String database, String sql);

    /** Stops the server (fast shutdown: open connections are ended). Data and port are kept. */
    void stop();

    /** Starts the server again on the same port with the same data; a no-op if it runs. */
    void start();

    /**
     * Kills the server's main process with SIGKILL, as a crash would, and waits until every one
     * of its processes is gone. {@link #start()} brings it back after crash recovery.
     */
    void kill();

    /** Returns whether the server's main process is alive. */
    boolean isRunning();

    /** Stops the server if it runs and deletes everything it stored. Calling it again does nothing. */
    @Override
    void close();
}
