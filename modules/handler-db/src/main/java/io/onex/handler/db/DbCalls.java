package io.onex.handler.db;

import io.onex.host.api.OperationNotAllowedException;
import io.r2dbc.postgresql.api.PostgresTransactionDefinition;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.Wrapped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs checked requests on a connection and shapes their responses.
 *
 * <p>Every request runs inside a transaction of its own, {@code READ ONLY} for {@code db.query},
 * that begins with one statement of the handler's: {@code set_config('statement_timeout', ...,
 * true)} and, when the binding's {@code node_roles} names a role for the node,
 * {@code set_config('role', <role>, true)} — the same as {@code SET LOCAL}, with the role passed
 * as a bound value, never spliced into SQL text. Being a {@code SELECT}, it also takes the
 * transaction's snapshot, so a later {@code SET TRANSACTION READ WRITE} is refused by the server.
 * With a role, the handler checks after the node's statements that the transaction still runs as
 * that role, and rolls back (withholding any rows) if it does not.
 *
 * <p>Every statement of a request goes through the extended query protocol (a fetch size forces
 * it even without parameters), in which PostgreSQL refuses a text holding more than one statement.
 */
final class DbCalls {

    /** Rows fetched per round trip; also how far past a result limit reading may run before it stops. */
    static final int FETCH_SIZE = 32;

    private static final TransactionDefinition READ_ONLY = PostgresTransactionDefinition.mutability(false);
    private static final TransactionDefinition READ_WRITE = PostgresTransactionDefinition.mutability(true);
    private static final String SET_TIMEOUT = "SELECT set_config('statement_timeout', $1, true)";
    private static final String SET_TIMEOUT_AND_ROLE =
            "SELECT set_config('statement_timeout', $1, true), set_config('role', $2, true)";
    private static final String CURRENT_ROLE = "SELECT current_user::text AS role";

    private DbCalls() {
    }

    /**
     * Returns the work of {@code request} on {@code connection} for {@code node}, yielding the
     * response payload.
     */
    static Mono<Map<String, Object>> run(Connection connection, DbRequest request, DbSettings config, String node) {
        Optional<String> role = config.roleOf(node);
        Mono<Map<String, Object>> work = switch (request) {
            case DbRequest.Query query -> rows(connection, query.statement(), new ResultBudget(config)).collectList()
                    .map(DbCalls::queryResponse);
            case DbRequest.Execute execute -> rowsUpdated(connection, execute.statement())
                    .map(DbCalls::executeResponse);
            case DbRequest.Transaction transaction -> Flux.fromIterable(transaction.statements())
                    .concatMap(statement -> rowsUpdated(connection, statement))
                    .collectList()
                    .map(DbCalls::transactionResponse);
        };
        boolean readOnly = request instanceof DbRequest.Query;
        return inTransaction(connection, readOnly, setUp(connection, config, role)
                .then(work)
                .flatMap(response -> role.map(name -> stillRunningAs(connection, name, config, node)
                        .thenReturn(response)).orElse(Mono.just(response))));
    }

    /**
     * Gives back a connection whose call was cancelled (timed out): a statement may still be
     * running on it. The statement is cancelled on the server and the connection closed, so the
     * pool drops it at its next validation instead of handing a busy connection to the next call.
     */
    static Publisher<Void> abandon(Connection connection) {
        if (connection instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof PostgresqlConnection postgres) {
            return postgres.cancelRequest().onErrorResume(error -> Mono.empty())
                    .then(postgres.close().onErrorResume(error -> Mono.empty()))
                    .then(Mono.from(connection.close()));
        }
        return connection.close();
    }

    private static <T> Mono<T> inTransaction(Connection connection, boolean readOnly, Mono<T> work) {
        Mono<T> committed = Mono.from(connection.beginTransaction(readOnly ? READ_ONLY : READ_WRITE))
                .then(work)
                .flatMap(result -> Mono.from(connection.commitTransaction()).thenReturn(result));
        // On any failure roll back before reporting it; a rollback that fails too (the connection
        // is gone) must not hide the first error, and the server discards the work either way.
        return committed.onErrorResume(error -> Mono.from(connection.rollbackTransaction())
                .onErrorResume(rollbackError -> Mono.empty())
                .then(Mono.error(error)));
    }

    private static Mono<Void> setUp(Connection connection, DbSettings config, Optional<String> role) {
        String timeout = config.statementTimeout().toMillis() + "ms";
        Statement statement = role.isPresent()
                ? connection.createStatement(SET_TIMEOUT_AND_ROLE).bind(0, timeout).bind(1, role.get())
                : connection.createStatement(SET_TIMEOUT).bind(0, timeout);
        return Flux.from(statement.execute()).concatMap(Result::getRowsUpdated).then();
    }

    private static Mono<Void> stillRunningAs(Connection connection, String role, DbSettings config, String node) {
        return Flux.from(connection.createStatement(CURRENT_ROLE).fetchSize(1).execute())
                .concatMap(result -> result.map((row, metadata) -> String.valueOf(row.get(0))))
                .next()
                .flatMap(current -> current.equals(role) ? Mono.<Void>empty()
                        : Mono.error(new OperationNotAllowedException("db binding '" + config.binding() + "': node '"
                                + node + "' changed its database role; its work was rolled back and nothing is"
                                + " returned. A node's statements run as the role node_roles gives it")));
    }

    private static Flux<Map<String, Object>> rows(Connection connection, DbRequest.Statement statement,
            ResultBudget budget) {
        return Flux.defer(() -> Flux.from(prepare(connection, statement).execute()))
                .concatMap(result -> result.map(DbCalls::row))
                .doOnNext(budget::add);
    }

    private static Mono<Long> rowsUpdated(Connection connection, DbRequest.Statement statement) {
        return Flux.defer(() -> Flux.from(prepare(connection, statement).execute()))
                .concatMap(Result::getRowsUpdated)
                .reduce(0L, Long::sum);
    }

    private static Statement prepare(Connection connection, DbRequest.Statement statement) {
        Statement prepared = connection.createStatement(statement.sql());
        List<Object> bindings = statement.bindings();
        if (bindings.isEmpty()) {
            // With parameters the driver always uses the extended query protocol. Without, it would
            // send the text as a simple query, which runs every statement in it; a fetch size makes
            // it use the extended protocol, in which the server refuses more than one statement.
            prepared.fetchSize(FETCH_SIZE);
        }
        for (int i = 0; i < bindings.size(); i++) {
            prepared.bind(i, bindings.get(i));
        }
        return prepared;
    }

    private static Map<String, Object> row(Row row, RowMetadata metadata) {
        List<? extends io.r2dbc.spi.ColumnMetadata> columns = metadata.getColumnMetadatas();
        Map<String, Object> values = new LinkedHashMap<>(Math.max(4, columns.size() * 2));
        for (int i = 0; i < columns.size(); i++) {
            values.put(columns.get(i).getName(), SqlValues.toJson(row.get(i)));
        }
        return values;
    }

    private static Map<String, Object> queryResponse(List<Map<String, Object>> rows) {
        Map<String, Object> response = new LinkedHashMap<>(4);
        response.put("rows", rows);
        response.put("row_count", (long) rows.size());
        return response;
    }

    private static Map<String, Object> executeResponse(long rowCount) {
        Map<String, Object> response = new LinkedHashMap<>(2);
        response.put("row_count", rowCount);
        return response;
    }

    private static Map<String, Object> transactionResponse(List<Long> counts) {
        List<Map<String, Object>> results = new ArrayList<>(counts.size());
        long total = 0;
        for (long count : counts) {
            results.add(executeResponse(count));
            total += count;
        }
        Map<String, Object> response = new LinkedHashMap<>(4);
        response.put("results", results);
        response.put("row_count", total);
        return response;
    }
}
