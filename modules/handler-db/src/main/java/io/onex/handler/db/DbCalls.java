package io.onex.handler.db;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs checked requests on a connection and shapes their responses. */
final class DbCalls {

    private DbCalls() {
    }

    /** Returns the work of {@code request} on {@code connection}, yielding the response payload. */
    static Mono<Map<String, Object>> run(Connection connection, DbRequest request) {
        return switch (request) {
            case DbRequest.Query query -> rows(connection, query.statement()).collectList().map(DbCalls::queryResponse);
            case DbRequest.Execute execute -> rowsUpdated(connection, execute.statement()).map(DbCalls::executeResponse);
            case DbRequest.Transaction transaction -> transaction(connection, transaction.statements());
        };
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

    private static Mono<Map<String, Object>> transaction(Connection connection, List<DbRequest.Statement> statements) {
        Mono<List<Long>> work = Mono.from(connection.beginTransaction())
                .thenMany(Flux.fromIterable(statements).concatMap(statement -> rowsUpdated(connection, statement)))
                .collectList()
                .flatMap(counts -> Mono.from(connection.commitTransaction()).thenReturn(counts));
        // On any failure roll back before reporting it; a rollback that fails too (the connection
        // is gone) must not hide the first error, and the server discards the work either way.
        return work
                .onErrorResume(error -> Mono.from(connection.rollbackTransaction())
                        .onErrorResume(rollbackError -> Mono.empty())
                        .then(Mono.error(error)))
                .map(DbCalls::transactionResponse);
    }

    private static Flux<Map<String, Object>> rows(Connection connection, DbRequest.Statement statement) {
        return Flux.defer(() -> Flux.from(prepare(connection, statement).execute()))
                .concatMap(result -> result.map(DbCalls::row));
    }

    private static Mono<Long> rowsUpdated(Connection connection, DbRequest.Statement statement) {
        return Flux.defer(() -> Flux.from(prepare(connection, statement).execute()))
                .concatMap(Result::getRowsUpdated)
                .reduce(0L, Long::sum);
    }

    private static Statement prepare(Connection connection, DbRequest.Statement statement) {
        Statement prepared = connection.createStatement(statement.sql());
        List<Object> bindings = statement.bindings();
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
