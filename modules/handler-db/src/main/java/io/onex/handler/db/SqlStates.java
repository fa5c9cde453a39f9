package io.onex.handler.db;

import java.util.Map;

/**
 * Names PostgreSQL's SQLSTATE codes as its documentation does (Appendix A), for error messages
 * that must not quote the server's own text: the common conditions by name, the rest by class.
 */
final class SqlStates {

    private static final Map<String, String> CONDITIONS = Map.ofEntries(
            Map.entry("0A000", "feature_not_supported"),
            Map.entry("22001", "string_data_right_truncation"),
            Map.entry("22003", "numeric_value_out_of_range"),
            Map.entry("22007", "invalid_datetime_format"),
            Map.entry("22012", "division_by_zero"),
            Map.entry("22P02", "invalid_text_representation"),
            Map.entry("23502", "not_null_violation"),
            Map.entry("23503", "foreign_key_violation"),
            Map.entry("23505", "unique_violation"),
            Map.entry("23514", "check_violation"),
            Map.entry("25006", "read_only_sql_transaction"),
            Map.entry("3D000", "invalid_catalog_name"),
            Map.entry("40001", "serialization_failure"),
            Map.entry("40P01", "deadlock_detected"),
            Map.entry("42501", "insufficient_privilege"),
            Map.entry("42601", "syntax_error"),
            Map.entry("42602", "invalid_name"),
            Map.entry("42703", "undefined_column"),
            Map.entry("42704", "undefined_object"),
            Map.entry("42883", "undefined_function"),
            Map.entry("42P01", "undefined_table"),
            Map.entry("42P18", "indeterminate_datatype"),
            Map.entry("53100", "disk_full"),
            Map.entry("53200", "out_of_memory"),
            Map.entry("53300", "too_many_connections"),
            Map.entry("54000", "program_limit_exceeded"),
            Map.entry("57P01", "admin_shutdown"),
            Map.entry("57P03", "cannot_connect_now"),
            Map.entry("P0001", "raise_exception"));

    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("0A", "feature not supported"),
            Map.entry("21", "cardinality violation"),
            Map.entry("22", "data exception"),
            Map.entry("23", "integrity constraint violation"),
            Map.entry("25", "invalid transaction state"),
            Map.entry("2B", "dependent privilege descriptors still exist"),
            Map.entry("34", "invalid cursor name"),
            Map.entry("3D", "invalid catalog name"),
            Map.entry("3F", "invalid schema name"),
            Map.entry("40", "transaction rollback"),
            Map.entry("42", "syntax error or access rule violation"),
            Map.entry("53", "insufficient resources"),
            Map.entry("54", "program limit exceeded"),
            Map.entry("55", "object not in prerequisite state"),
            Map.entry("57", "operator intervention"),
            Map.entry("58", "system error"),
            Map.entry("P0", "PL/pgSQL error"),
            Map.entry("XX", "internal error"));

    private SqlStates() {
    }

    /** Returns the condition name of {@code sqlstate}, or its class's name, or "other error". */
    static String describe(String sqlstate) {
        String condition = CONDITIONS.get(sqlstate);
        if (condition != null) {
            return condition;
        }
        return CLASSES.getOrDefault(sqlstate.substring(0, 2), "other error");
    }
}
