package io.onex.handler.db;

import io.onex.host.api.OperationNotAllowedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Enforces a node contract's {@code targets} for a db binding: the tables a node's statements
 * may name.
 *
 * <p>It reads the statement text, not the database's plan, so it is a guard against mistakes,
 * not a security boundary (database privileges are): it finds the table names written after
 * {@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE}, {@code USING}, {@code TABLE} and in
 * comma-separated {@code FROM} lists, at any subquery depth, and allows names that a
 * {@code WITH} clause defines. It cannot see tables reached indirectly: through views,
 * functions, triggers, rules or dynamic SQL. With targets set, only {@code SELECT},
 * {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code WITH}, {@code VALUES} and
 * {@code TABLE} statements run, so DDL, {@code COPY}, {@code DO} and the like are refused
 * outright. Names compare as PostgreSQL folds them (unquoted names in lowercase) and exactly as
 * qualified: {@code users} and {@code public.users} are different entries. Calls of functions that
 * run SQL from a string or change the session ({@code query_to_xml}, {@code set_config}, ...) and
 * Unicode-escaped names are refused, with targets and for a node with a database role
 * ({@link #checkKind}); the role's grants, not this check, are the real fence.
 */
final class TableTargets {

    private static final Set<String> STATEMENTS =
            Set.of("select", "insert", "update", "delete", "merge", "with", "values", "table");
    private static final Set<String> SUBQUERY_STARTS =
            Set.of("select", "insert", "update", "delete", "merge", "with", "values", "table");
    private static final Set<String> FROM_LIST_ENDS = Set.of("where", "group", "order", "limit", "having", "window",
            "union", "intersect", "except", "returning", "set", "values", "offset", "fetch", "for", "select");
    private static final Set<String> NOT_NAMES =
            Set.of("only", "lateral", "set", "of", "nowait", "skip", "select", "values", "default");
    /**
     * Functions that run SQL given as a string, read tables named in a string, or change the
     * session's role or settings: a text check cannot see what they touch.
     */
    private static final Set<String> REFUSED_FUNCTIONS = Set.of("set_config", "query_to_xml", "query_to_xmlschema",
            "query_to_xml_and_xmlschema", "cursor_to_xml", "cursor_to_xmlschema", "table_to_xml", "table_to_xmlschema",
            "table_to_xml_and_xmlschema", "schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema",
            "database_to_xml", "database_to_xmlschema", "database_to_xml_and_xmlschema", "ts_stat", "dblink",
            "dblink_exec", "dblink_open", "dblink_fetch", "dblink_send_query", "dblink_connect", "dblink_connect_u");

    /** One token, kept for the look-backs the check needs. */
    private record Token(SqlScanner.Token kind, String word, char symbol) {
        boolean isName() {
            return kind == SqlScanner.Token.WORD || kind == SqlScanner.Token.QUOTED_IDENTIFIER;
        }

        boolean is(String keyword) {
            return kind == SqlScanner.Token.WORD && word.equals(keyword);
        }

        boolean is(char c) {
            return kind == SqlScanner.Token.SYMBOL && symbol == c;
        }
    }

    private TableTargets() {
    }

    /**
     * Refuses {@code sql} unless every table it names is in {@code targets}.
     *
     * @param label names the SQL in messages
     * @throws OperationNotAllowedException naming the first table outside the targets, or the
     *                                      statement kind when it is not one that may run
     */
    static void check(String sql, List<String> targets, String label) {
        List<Token> tokens = tokens(sql, label);
        checkKind(tokens, label, "with targets set for this node");
        Set<String> allowed = new HashSet<>();
        for (String target : targets) {
            allowed.add(normalise(target));
        }
        Set<String> defined = commonTableExpressions(tokens);
        for (String table : tableNames(tokens)) {
            if (!allowed.contains(table) && !(table.indexOf('.') < 0 && defined.contains(table))) {
                throw new OperationNotAllowedException(label + ": names table '" + table
                        + "', which is not among this node's targets " + targets);
            }
        }
    }

    /**
     * Refuses {@code sql} unless it is a data statement that calls none of the functions that
     * run SQL from a string or change the session: the check for a node with a database role.
     *
     * @throws OperationNotAllowedException naming the statement kind or function refused
     */
    static void checkKind(String sql, String label) {
        checkKind(tokens(sql, label), label, "for a node with a database role (node_roles)");
    }

    private static void checkKind(List<Token> tokens, String label, String because) {
        int first = 0;
        while (first < tokens.size() && tokens.get(first).is('(')) {
            first++;
        }
        if (first >= tokens.size() || !STATEMENTS.contains(tokens.get(first).word())
                || tokens.get(first).kind() != SqlScanner.Token.WORD) {
            throw new OperationNotAllowedException(label + ": " + because + ", only SELECT, INSERT,"
                    + " UPDATE, DELETE, MERGE, WITH, VALUES and TABLE statements may run");
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isName() && tokens.get(i + 1).is('(') && REFUSED_FUNCTIONS.contains(token.word())) {
                throw new OperationNotAllowedException(label + ": calls " + token.word() + "(), which runs SQL from a"
                        + " string or changes the session; the handler refuses it because what it touches cannot be"
                        + " checked");
            }
            if (token.is("u") && tokens.get(i + 1).is('&')) {
                throw new OperationNotAllowedException(label + ": holds a Unicode-escaped name or string (U&...);"
                        + " write names and strings plainly, or pass values as parameters");
            }
        }
    }

    private static List<Token> tokens(String sql, String label) {
        SqlScanner scanner = new SqlScanner(sql, label);
        List<Token> tokens = new ArrayList<>();
        for (SqlScanner.Token kind = scanner.next(); kind != SqlScanner.Token.END; kind = scanner.next()) {
            boolean named = kind == SqlScanner.Token.WORD || kind == SqlScanner.Token.QUOTED_IDENTIFIER;
            tokens.add(new Token(kind, named ? scanner.word() : "", kind == SqlScanner.Token.SYMBOL ? scanner.symbol() : ' '));
        }
        return tokens;
    }

    /** Returns the names defined by {@code name [(columns)] AS [NOT] [MATERIALIZED] (...)}. */
    private static Set<String> commonTableExpressions(List<Token> tokens) {
        Set<String> names = new HashSet<>();
        for (int i = 1; i < tokens.size(); i++) {
            if (!tokens.get(i).is("as")) {
                continue;
            }
            int next = i + 1;
            next += next < tokens.size() && tokens.get(next).is("not") ? 1 : 0;
            next += next < tokens.size() && tokens.get(next).is("materialized") ? 1 : 0;
            if (next >= tokens.size() || !tokens.get(next).is('(')) {
                continue;
            }
            int name = i - 1;
            if (tokens.get(name).is(')')) {
                name = matchingOpen(tokens, name) - 1;
            }
            if (name >= 0 && tokens.get(name).isName()) {
                names.add(tokens.get(name).word());
            }
        }
        return names;
    }

    private static int matchingOpen(List<Token> tokens, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            if (tokens.get(i).is(')')) {
                depth++;
            } else if (tokens.get(i).is('(') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> tableNames(List<Token> tokens) {
        List<String> names = new ArrayList<>();
        // Per nesting level: whether it is a statement (not an expression or argument list), and
        // whether a FROM list is open there.
        boolean[] statement = new boolean[tokens.size() + 1];
        boolean[] fromList = new boolean[tokens.size() + 1];
        int depth = 0;
        statement[0] = true;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.is('(') || token.is('[')) {
                boolean fromItem = token.is('(') && statement[depth] && i > 0 && startsFromItem(tokens.get(i - 1),
                        fromList[depth]);
                boolean subquery = token.is('(') && i + 1 < tokens.size()
                        && SUBQUERY_STARTS.contains(tokens.get(i + 1).word());
                depth++;
                statement[depth] = subquery || fromItem;
                // FROM (a JOIN b ON ...): a parenthesised join is a FROM list of its own.
                fromList[depth] = fromItem && !subquery;
                if (fromList[depth]) {
                    readName(tokens, i + 1, true, names);
                }
            } else if (token.is(')') || token.is(']')) {
                depth = Math.max(0, depth - 1);
            } else if (!statement[depth]) {
                continue;
            } else if (token.is("from") && !(i > 0 && tokens.get(i - 1).is("distinct"))) {
                fromList[depth] = true;
                readName(tokens, i + 1, true, names);
            } else if (token.is("join")) {
                readName(tokens, i + 1, true, names);
            } else if (token.is("into") || token.is("update") || token.is("table")) {
                readName(tokens, i + 1, false, names);
            } else if (token.is("using") && !(i + 1 < tokens.size() && tokens.get(i + 1).is('('))) {
                fromList[depth] = true;
                readName(tokens, i + 1, false, names);
            } else if (token.is(',') && fromList[depth]) {
                readName(tokens, i + 1, true, names);
            } else if (token.kind() == SqlScanner.Token.WORD && FROM_LIST_ENDS.contains(token.word())) {
                fromList[depth] = false;
            }
        }
        return names;
    }

    private static boolean startsFromItem(Token previous, boolean inFromList) {
        return previous.is("from") || previous.is("join") || previous.is("lateral")
                || inFromList && (previous.is(',') || previous.is('('));
    }

    private static void readName(List<Token> tokens, int at, boolean mayBeFunction, List<String> names) {
        int i = at;
        while (i < tokens.size() && (tokens.get(i).is("only") || tokens.get(i).is("lateral"))) {
            i++;
            // ONLY (name): the parentheses are part of the table reference.
            if (tokens.get(i - 1).is("only") && i < tokens.size() && tokens.get(i).is('(')) {
                i++;
            }
        }
        if (i >= tokens.size() || !tokens.get(i).isName()
                || tokens.get(i).kind() == SqlScanner.Token.WORD && NOT_NAMES.contains(tokens.get(i).word())) {
            return;
        }
        StringBuilder name = new StringBuilder(tokens.get(i).word());
        i++;
        while (i + 1 < tokens.size() && tokens.get(i).is('.') && tokens.get(i + 1).isName()) {
            name.append('.').append(tokens.get(i + 1).word());
            i += 2;
        }
        if (mayBeFunction && i < tokens.size() && tokens.get(i).is('(')) {
            return;
        }
        names.add(name.toString());
    }

    /** Folds a target as PostgreSQL folds a name: each unquoted part to lowercase. */
    static String normalise(String target) {
        StringBuilder result = new StringBuilder(target.length());
        for (String part : target.strip().split("\\.", -1)) {
            if (!result.isEmpty()) {
                result.append('.');
            }
            boolean quoted = part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"");
            result.append(quoted ? part.substring(1, part.length() - 1).replace("\"\"", "\"")
                    : part.toLowerCase(Locale.ROOT));
        }
        return result.toString();
    }
}
