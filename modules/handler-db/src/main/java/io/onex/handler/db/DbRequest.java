package io.onex.handler.db;

import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.InvalidOperationException;
import io.onex.host.api.Invocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One checked db request: what to run, with its parameters already converted for binding. Every
 * check the handler makes happens while building it, before any connection is taken.
 */
sealed interface DbRequest {

    /** The most statements one {@code db.transaction} may hold. */
    int MAX_STATEMENTS = 1_000;

    /**
     * One SQL statement and the values for its placeholders, in order.
     *
     * @param sql      the statement text
     * @param bindings one value per placeholder, ready for {@code Statement.bind}
     */
    record Statement(String sql, List<Object> bindings) {
        public Statement {
            Objects.requireNonNull(sql, "sql");
            bindings = List.copyOf(bindings);
        }
    }

    /** {@code db.query}: run one statement and return its rows. */
    record Query(Statement statement) implements DbRequest {
        public Query {
            Objects.requireNonNull(statement, "statement");
        }
    }

    /** {@code db.execute}: run one statement and return how many rows it touched. */
    record Execute(Statement statement) implements DbRequest {
        public Execute {
            Objects.requireNonNull(statement, "statement");
        }
    }

    /** {@code db.transaction}: run statements in order, all or nothing. */
    record Transaction(List<Statement> statements) implements DbRequest {
        public Transaction {
            statements = List.copyOf(statements);
        }
    }

    /** Returns how many statements the request runs. */
    default int statementCount() {
        return switch (this) {
            case Query query -> 1;
            case Execute execute -> 1;
            case Transaction transaction -> transaction.statements().size();
        };
    }

    /**
     * Checks an invocation's operation and payload and returns the request it asks for.
     *
     * @throws InvalidOperationException   for an operation the db handler does not have
     * @throws EnvelopeValidationException for a payload that is missing a field, holds the wrong
     *                                     type, or whose parameters do not match its placeholders
     * @throws io.onex.host.api.OperationNotAllowedException when the node's targets do not
     *                                     include a table a statement names
     */
    static DbRequest parse(Invocation invocation) {
        return parse(invocation, false);
    }

    /**
     * As {@link #parse(Invocation)}; with {@code roleSet}, also refuses (as targets do) anything but
     * data statements, and functions that run SQL from strings or change the session.
     */
    static DbRequest parse(Invocation invocation, boolean roleSet) {
        String operation = invocation.operation();
        Map<String, Object> payload = invocation.payload();
        Checks checks = new Checks(invocation.targets(), roleSet);
        return switch (operation) {
            case "db.query" -> new Query(statement(payload, operation + ": payload", checks));
            case "db.execute" -> new Execute(statement(payload, operation + ": payload", checks));
            case "db.transaction" -> transaction(payload, checks);
            default -> throw new InvalidOperationException("the db handler does not support '" + operation
                    + "'; it supports db.query, db.execute, db.transaction");
        };
    }

    /** What a statement's text is checked against: the node's tables, and whether it has a role. */
    record Checks(List<String> targets, boolean roleSet) {
        void check(String sql, String label) {
            if (!targets.isEmpty()) {
                TableTargets.check(sql, targets, label);
            } else if (roleSet) {
                TableTargets.checkKind(sql, label);
            }
        }
    }

    private static Transaction transaction(Map<String, Object> payload, Checks checks) {
        String label = "db.transaction: payload.statements";
        if (!(payload.get("statements") instanceof List<?> items) || items.isEmpty()) {
            throw new EnvelopeValidationException(label + " is required: a non-empty list of"
                    + " {sql, parameters} objects");
        }
        if (items.size() > MAX_STATEMENTS) {
            throw new EnvelopeValidationException(label + " holds " + items.size() + " statements; at most "
                    + MAX_STATEMENTS + " may run in one transaction");
        }
        List<Statement> statements = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                throw new EnvelopeValidationException(label + "[" + i + "] must be an object with sql and parameters");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) item;
            statements.add(statement(fields, label + "[" + i + "]", checks));
        }
        return new Transaction(statements);
    }

    private static Statement statement(Map<String, Object> fields, String where, Checks checks) {
        String sqlLabel = where + ".sql";
        if (!(fields.get("sql") instanceof String sql) || sql.isBlank()) {
            throw new EnvelopeValidationException(sqlLabel + " is required: one SQL statement with $1, $2 ..."
                    + " placeholders for its values");
        }
        List<?> parameters = switch (fields.get("parameters")) {
            case null -> List.of();
            case List<?> list -> list;
            default -> throw new EnvelopeValidationException(where + ".parameters must be a list of values,"
                    + " one per placeholder");
        };
        SqlValues.unicode(sql, sqlLabel);
        int placeholders = SqlText.parameterCount(sql, sqlLabel);
        if (placeholders != parameters.size()) {
            throw new EnvelopeValidationException(sqlLabel + " has " + (placeholders == 0 ? "no placeholders"
                    : "placeholders $1 to $" + placeholders) + " but " + where + ".parameters holds "
                    + parameters.size() + " value" + (parameters.size() == 1 ? "" : "s")
                    + "; send exactly one value per placeholder");
        }
        checks.check(sql, sqlLabel);
        List<Object> bindings = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            bindings.add(SqlValues.toSql(parameters.get(i), i + 1, where + ".parameters"));
        }
        return new Statement(sql, bindings);
    }
}
