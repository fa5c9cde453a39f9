package io.onex.testkit;

/**
 * Hands tests a PostgreSQL server: one shared by every test of the JVM, or a private one.
 *
 * <p>The shared server is made on first use and stopped, with its folder deleted, when the JVM
 * exits. Tests that share it each work in a database of their own ({@link
 * PostgresServer#createDatabase}) and never stop, kill or close it; a test that takes the server
 * away (a restart, a crash) asks for a {@link #startPrivate() private} one and closes it.
 *
 * <p>This is the one place that chooses how a server is provided: today always as local
 * processes ({@link PostgresCluster}); a container-backed server would be chosen here.
 */
public final class PostgresFixture {

    private static PostgresCluster shared;

    private PostgresFixture() {
    }

    /**
     * Returns the server shared by every test in this JVM, starting it on first use (and again if
     * a test stopped it, with its databases as they were).
     *
     * @throws IllegalStateException when no server can be started here
     */
    public static synchronized PostgresServer shared() {
        if (shared == null || shared.isClosed()) {
            shared = PostgresCluster.create();
        } else if (!shared.isRunning()) {
            shared.start();
        }
        return shared;
    }

    /**
     * Starts a server that only the caller uses; the caller closes it (try-with-resources), and a
     * shutdown hook closes it if the caller does not.
     *
     * @throws IllegalStateException when no server can be started here
     */
    public static PostgresServer startPrivate() {
        return PostgresCluster.create();
    }

    /**
     * Starts a private server that also accepts TLS with the given server certificate and key
     * (PEM files); the caller must close it.
     */
    public static PostgresServer startPrivateWithTls(java.nio.file.Path certificate, java.nio.file.Path key) {
        return PostgresCluster.createWithTls(certificate, key);
    }
}
