package io.onex.handler.db;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.OperationNotAllowedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTargetsTest {

    private static final List<String> TARGETS = List.of("orders", "order_lines", "audit.events", "\"Mixed\"");

    private static void allows(String sql) {
        assertThatCode(() -> TableTargets.check(sql, TARGETS, "test.sql")).doesNotThrowAnyException();
    }

    private static void refuses(String sql, String table) {
        assertThatThrownBy(() -> TableTargets.check(sql, TARGETS, "test.sql"))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("names table '" + table + "'");
    }

    @Test
    void statementsOnTargetTablesRun() {
        allows("SELECT * FROM orders WHERE id = $1");
        allows("select o.id from ORDERS o join order_lines l on l.order_id = o.id");
        allows("INSERT INTO orders (id, total) VALUES ($1, $2) RETURNING id");
        allows("UPDATE orders SET total = $1 FROM order_lines WHERE order_lines.order_id = orders.id");
        allows("DELETE FROM orders USING order_lines WHERE order_lines.order_id = orders.id");
        allows("INSERT INTO audit.events SELECT * FROM orders");
        allows("SELECT * FROM \"Mixed\"");
        allows("TABLE orders");
    }

    @Test
    void theReviewsWaysPastTheCheckAreRefused() {
        refuses("SELECT * FROM ONLY (customers)", "customers");
        refuses("DELETE FROM ONLY (customers)", "customers");
        for (String sql : List.of("SELECT query_to_xml('SELECT * FROM customers', true, true, '')",
                "SELECT pg_catalog.query_to_xml('x', true, true, '') FROM orders",
                "SELECT \"query_to_xml\"('x', true, true, '')",
                "SELECT table_to_xml('customers', true, true, '')",
                "SELECT * FROM ts_stat('SELECT to_tsvector(secret) FROM customers')",
                "SELECT set_config('role', 'admin', true)",
                "SELECT U&\"\\0071uery_to_xml\"('x', true, true, '')")) {
            assertThatThrownBy(() -> TableTargets.check(sql, TARGETS, "test.sql")).as(sql)
                    .isInstanceOf(OperationNotAllowedException.class);
            assertThatThrownBy(() -> TableTargets.checkKind(sql, "test.sql")).as(sql)
                    .isInstanceOf(OperationNotAllowedException.class);
        }
        for (String sql : List.of("SET ROLE admin", "RESET ROLE", "COMMIT", "SET search_path TO x", "DISCARD ALL")) {
            assertThatThrownBy(() -> TableTargets.checkKind(sql, "test.sql")).as(sql)
                    .isInstanceOf(OperationNotAllowedException.class)
                    .hasMessageContaining("for a node with a database role (node_roles)");
        }
        assertThatCode(() -> TableTargets.checkKind("SELECT * FROM anything WHERE x = $1", "test.sql"))
                .doesNotThrowAnyException();
    }

    @Test
    void tablesOutsideTheTargetsAreRefusedWhereverTheyAppear() {
        refuses("SELECT * FROM customers", "customers");
        refuses("SELECT * FROM orders, customers", "customers");
        refuses("SELECT * FROM orders o, order_lines l, customers c", "customers");
        refuses("SELECT * FROM orders NATURAL JOIN customers", "customers");
        refuses("SELECT * FROM orders WHERE id IN (SELECT order_id FROM customers)", "customers");
        refuses("SELECT (SELECT max(id) FROM customers) FROM orders", "customers");
        refuses("SELECT * FROM (orders JOIN customers ON true)", "customers");
        refuses("INSERT INTO customers SELECT * FROM orders", "customers");
        refuses("UPDATE customers SET name = $1", "customers");
        refuses("DELETE FROM orders USING customers", "customers");
        refuses("SELECT * FROM public.orders", "public.orders");
        refuses("SELECT * FROM \"ORDERS\"", "ORDERS");
        refuses("SELECT * FROM mixed", "mixed");
        refuses("SELECT 1FROM customers", "customers");
        refuses("WITH x AS (SELECT * FROM customers) SELECT * FROM x", "customers");
        refuses("SELECT * INTO copy_of_orders FROM orders", "copy_of_orders");
    }

    @Test
    void namesDefinedByWithClausesAreAllowed() {
        allows("WITH recent AS (SELECT * FROM orders), lines (id) AS MATERIALIZED (SELECT id FROM order_lines)"
                + " SELECT * FROM recent JOIN lines USING (id)");
        allows("WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r");
    }

    @Test
    void functionArgumentsAndFunctionsInFromAreNotTables() {
        allows("SELECT extract(year FROM created_at), substring(name FROM 1 FOR 3) FROM orders");
        allows("SELECT * FROM orders, generate_series(1, 3) AS g(n)");
        allows("SELECT * FROM orders WHERE a IS DISTINCT FROM b");
        allows("SELECT * FROM orders FOR UPDATE OF orders NOWAIT");
        allows("INSERT INTO orders (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET total = 0");
    }

    @Test
    void onlyDataStatementsRunWhenTargetsAreSet() {
        assertThatThrownBy(() -> TableTargets.check("DROP TABLE orders", TARGETS, "test.sql"))
                .isInstanceOf(OperationNotAllowedException.class).hasMessageContaining("only SELECT");
        assertThatThrownBy(() -> TableTargets.check("COPY orders TO PROGRAM 'x'", TARGETS, "test.sql"))
                .isInstanceOf(OperationNotAllowedException.class);
        assertThatThrownBy(() -> TableTargets.check("DO $$ BEGIN END $$", TARGETS, "test.sql"))
                .isInstanceOf(OperationNotAllowedException.class);
    }

    @Test
    void targetsFoldLikePostgresNames() {
        assertThatCode(() -> TableTargets.check("SELECT * FROM orders", List.of("Orders"), "test.sql"))
                .doesNotThrowAnyException();
        assertThatCode(() -> TableTargets.check("SELECT * FROM \"Orders\"", List.of("\"Orders\""), "test.sql"))
                .doesNotThrowAnyException();
    }
}
