package io.onex.testkit;

import java.util.Objects;

/**
 * Where a test PostgreSQL database is and how to log in to it, with no driver types: a test turns
 * it into whatever its client needs.
 *
 * <p>{@link #toString()} leaves the password out, so an address can be logged or shown in an
 * assertion message.
 *
 * @param host     the loopback address the server listens on, e.g. {@code 127.0.0.1}
 * @param port     the TCP port
 * @param database the database name
 * @param user     the user name
 * @param password the user's password (password authentication over TCP)
 */
public record PostgresAddress(String host, int port, String database, String user, String password) {

    public PostgresAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
    }

    /** Returns the r2dbc URL of this database, without credentials: {@code r2dbc:postgresql://host:port/db}. */
    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Returns the same server and credentials, for another database. */
    public PostgresAddress withDatabase(String name) {
        return new PostgresAddress(host, port, name, user, password);
    }

    /** Returns the same server, database and user with another password, e.g. a wrong one. */
    public PostgresAddress withPassword(String other) {
        return new PostgresAddress(host, port, database, user, other);
    }

    @Override
    public String toString() {
        return "PostgresAddress[" + user + "@" + host + ":" + port + "/" + database + ", password=***]";
    }
}
