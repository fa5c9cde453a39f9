package io.onex.handler.db;

import io.onex.host.api.AuthenticationException;
import io.onex.host.api.ConnectionException;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.core.Causes;
import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Maps what the driver, the pool and Reactor throw to the host's error types.
 *
 * <p>By SQLSTATE class: {@code 28} (invalid authorisation) is AUTHENTICATION_ERROR; {@code 08}
 * (connection exception) is CONNECTION_ERROR; {@code 53} (insufficient resources), {@code 57}
 * (operator intervention: shutdown, restart) and {@code 58} (system error) are
 * SERVICE_UNAVAILABLE, except {@code 57014} (a statement cancelled by {@code statement_timeout}),
 * which is TIMEOUT; {@code 40} (serialisation failure, deadlock) is HANDLER_EXECUTION_ERROR marked
 * retryable; everything else ({@code 22} data, {@code 23} constraints, {@code 42} syntax and
 * access, ...) is HANDLER_EXECUTION_ERROR, not retryable. Every mapped server error carries its
 * {@code sqlstate} in the details, and the constraint, table and column names when the server
 * gives them. Without a SQLSTATE: no free connection in time is TIMEOUT; a refused, reset or
 * closed connection is CONNECTION_ERROR.
 *
 * <p>Messages name the binding and, for statement errors, the SQLSTATE and its condition name
 * ({@code 42501 (insufficient_privilege)}): the server's own message, which may quote a row's
 * values, only when the binding sets {@code expose_database_errors} (its {@code DETAIL} never).
 * They never hold the URL or the user's password.
 */
final class DbFailures {

    private static final int MAX_SERVER_MESSAGE = 500;

    private final DbSettings config;

    DbFailures(DbSettings config) {
        this.config = config;
    }

    /** Returns the host error for {@code error}, thrown by a call to the database. */
    OnexException map(Throwable error) {
        if (error instanceof OnexException onex) {
            return onex;
        }
        if (isTlsFailure(error)) {
            return new ConnectionException(prefix() + "the TLS connection to " + config.target() + " failed (the"
                    + " server's certificate is not trusted: " + config.sslRootCert()
                    .map(file -> "it is not signed by a CA in ssl_root_cert '" + file + "'")
                    .orElse("it is not signed by a CA the JVM trusts; set ssl_root_cert to the CA's PEM file")
                    + ", or it does not name the host in the URL; or TLS failed: " + rootCause(error).getClass()
                    .getSimpleName() + ")", error);
        }
        R2dbcException server = find(error, R2dbcException.class);
        if (server != null && server.getSqlState() != null && server.getSqlState().length() == 5) {
            return fromSqlState(server);
        }
        if (find(error, InterruptedException.class) != null) {
            Thread.currentThread().interrupt();
            return new ServiceUnavailableException(prefix() + "the call was interrupted, as happens when the host"
                    + " shuts down", error);
        }
        if (find(error, R2dbcTimeoutException.class) != null) {
            return new OnexTimeoutException(prefix() + "no database connection became free within acquire_timeout_ms ("
                    + config.acquireTimeout().toMillis() + " ms); all " + config.poolSize()
                    + " are busy or the database does not answer", error);
        }
        if (find(error, TimeoutException.class) != null || isBlockTimeout(error)) {
            return new OnexTimeoutException(prefix() + "the call did not finish within " + callLimit(error), error);
        }
        if (isConnectionFailure(error)) {
            return new ConnectionException(prefix() + "cannot reach the database at " + config.target()
                    + " (" + rootCause(error).getClass().getSimpleName() + ")", error);
        }
        if (error instanceof IllegalArgumentException) {
            return new HandlerExecutionException(prefix() + "a value could not be converted ("
                    + clip(error.getMessage()) + ")", error);
        }
        return new HandlerExecutionException(prefix() + "the database call failed (" + error.getClass().getSimpleName()
                + ")", error);
    }

    /** Returns whether {@code error} is a failed TLS handshake: an untrusted or misnamed certificate. */
    private static boolean isTlsFailure(Throwable error) {
        Throwable at = error;
        for (int depth = 0; at != null && depth < 32; depth++, at = at.getCause()) {
            String message = at.getMessage() == null ? "" : at.getMessage();
            if (at instanceof SSLException || at instanceof CertificateException || message.contains("PKIX")
                    || message.contains("SSLHandshakeException")) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether {@code error} says the database could not be reached (as opposed to a statement failing). */
    static boolean isConnectionFailure(Throwable error) {
        R2dbcException server = find(error, R2dbcException.class);
        if (server != null && server.getSqlState() != null) {
            String state = server.getSqlState();
            return state.startsWith("08") || state.startsWith("28") || state.startsWith("53")
                    || state.startsWith("57P") || state.startsWith("58");
        }
        return find(error, IOException.class) != null
                || find(error, R2dbcTransientResourceException.class) != null
                || find(error, R2dbcNonTransientResourceException.class) != null
                || rootCause(error).getClass().getName().startsWith("io.r2dbc.postgresql.client.ReactorNettyClient$");
    }

    /** Returns whether {@code error} is the server refusing a statement, on a connection that still works. */
    static boolean isStatementError(Throwable error) {
        R2dbcException server = find(error, R2dbcException.class);
        return server != null && server.getSqlState() != null && server.getSqlState().length() == 5
                && !isConnectionFailure(error) && !server.getSqlState().equals("57014");
    }

    /** Returns whether {@code error} is the pool's wait for a free connection running out. */
    static boolean isPoolTimeout(Throwable error) {
        return find(error, R2dbcTimeoutException.class) != null;
    }

    /**
     * Returns whether the pool handed out a connection that failed validation (closed while idle,
     * e.g. by a database restart): the pool has dropped it, and another acquire may succeed.
     */
    static boolean isStaleConnection(Throwable error) {
        return error instanceof R2dbcNonTransientResourceException e && e.getSqlState() == null
                && "Connection validation failed".equals(e.getMessage());
    }

    private OnexException fromSqlState(R2dbcException error) {
        String state = error.getSqlState();
        OnexException mapped = switch (state.substring(0, 2)) {
            case "28" -> new AuthenticationException(prefix() + "the database refused the login of user '"
                    + config.username() + "'", error);
            case "08" -> new ConnectionException(prefix() + "cannot reach the database at " + config.target()
                    + " (SQLSTATE " + state + ")", error);
            case "53", "58" -> new ServiceUnavailableException(prefix() + "the database cannot serve the call now: "
                    + serverMessage(error), error);
            case "57" -> state.equals("57014")
                    ? new OnexTimeoutException(prefix() + "the statement ran longer than statement_timeout_ms ("
                            + config.statementTimeout().toMillis() + " ms) and was cancelled", error)
                    : new ServiceUnavailableException(prefix() + "the database is shutting down or starting: "
                            + serverMessage(error), error);
            case "40" -> new HandlerExecutionException(prefix() + serverMessage(error), error).withRetryable(true);
            default -> new HandlerExecutionException(prefix() + serverMessage(error), error);
        };
        mapped.withDetail("sqlstate", state);
        if (error instanceof PostgresqlException postgres) {
            ErrorDetails details = postgres.getErrorDetails();
            details.getConstraintName().ifPresent(name -> mapped.withDetail("constraint", name));
            details.getTableName().ifPresent(name -> mapped.withDetail("table", name));
            details.getColumnName().ifPresent(name -> mapped.withDetail("column", name));
        }
        return mapped;
    }

    /**
     * Returns what an error envelope says of a server error: the server's own text (which may
     * quote row values) only when the binding sets {@code expose_database_errors}, else the
     * SQLSTATE and its condition name, which hold no data.
     */
    private String serverMessage(R2dbcException error) {
        if (config.exposeDatabaseErrors()) {
            return clip(error.getMessage());
        }
        return "the database refused the statement: SQLSTATE " + error.getSqlState() + " ("
                + SqlStates.describe(error.getSqlState()) + ")";
    }

    private static boolean isBlockTimeout(Throwable error) {
        return error instanceof IllegalStateException && error.getMessage() != null
                && error.getMessage().startsWith("Timeout on blocking read");
    }

    private String callLimit(Throwable error) {
        return config.callTimeout().map(timeout -> "the binding's timeout_ms (" + timeout.toMillis() + " ms)")
                .orElse("its time limit (acquire_timeout_ms plus statement_timeout_ms per statement)");
    }

    private String prefix() {
        return "db binding '" + config.binding() + "': ";
    }

    private static String clip(String message) {
        if (message == null) {
            return "no message";
        }
        return message.length() <= MAX_SERVER_MESSAGE ? message : message.substring(0, MAX_SERVER_MESSAGE) + "...";
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        return Causes.first(error, type).orElse(null);
    }

    private static Throwable rootCause(Throwable error) {
        return Causes.root(error);
    }
}
