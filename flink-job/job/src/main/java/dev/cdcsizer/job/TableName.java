package dev.cdcsizer.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A schema-qualified table as the harness names it: written as SQL quotes it
 * ({@code "Sales.EU"."Order.Items"}, {@code ""} for a quote), so that a name holding a dot, a comma
 * or an equals sign cannot be mis-split on its way into the job.
 *
 * <p>The connector's table list is Debezium's {@code table.include.list}: split on commas that no
 * backslash escapes, each entry a regular expression compiled CASE_INSENSITIVE and matched against
 * the whole {@code schema.table}. {@link #includePattern()} therefore writes every character that is
 * not an ASCII letter, digit or underscore as {@code \x{hex}} (no comma, dot or metacharacter is left
 * to be split or interpreted, and no space at an end to be trimmed) and turns case folding off, so
 * that {@code public.orders} matches that table alone (not {@code public.orders2}, {@code public.Orders}
 * or {@code publicXorders}).
 */
final class TableName implements Serializable {

    private static final long serialVersionUID = 1L;

    final String schema;
    final String table;

    TableName(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    /**
     * {@code schema.table} unquoted: the name the connector's records carry (source.schema and
     * source.table) and the one per-table accumulators are named by.
     */
    String id() {
        return schema + "." + table;
    }

    /** The entry for the connector's table list (see the class comment). */
    String includePattern() {
        return "(?-i)" + literal(schema) + "\\." + literal(table);
    }

    /** The entry for the connector's schema list, matched like the table list. */
    static String schemaPattern(String schema) {
        return "(?-i)" + literal(schema);
    }

    static String literal(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(c -> {
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (plain) b.appendCodePoint(c);
            else b.append("\\x{").append(Integer.toHexString(c)).append('}');
        });
        return b.toString();
    }

    /** {@code "schema"."table"}, as the harness passes it. */
    String quoted() {
        return quote(schema) + "." + quote(table);
    }

    private static String quote(String part) {
        return "\"" + part.replace("\"", "\"\"") + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableName && ((TableName) o).schema.equals(schema) && ((TableName) o).table.equals(table);
    }

    @Override
    public int hashCode() {
        return schema.hashCode() * 31 + table.hashCode();
    }

    @Override
    public String toString() {
        return id();
    }

    /**
     * A comma-separated list of names, each {@code "schema"."table"}; for use by hand also an
     * unquoted {@code schema.table} or {@code table} (in {@code defaultSchema}), split at its first dot.
     */
    static List<TableName> parseList(String text, String defaultSchema) {
        List<TableName> out = new ArrayList<>();
        Cursor c = new Cursor(text);
        while (true) {
            c.skipSpaces();
            if (c.atEnd()) break;
            if (c.peek() == ',') {
                c.pos++;
                continue;
            }
            out.add(c.name(defaultSchema, ","));
            c.skipSpaces();
            if (!c.atEnd() && c.peek() != ',') throw c.error("expected ',' after a table name");
        }
        return out;
    }

    /**
     * {@code "schema"."table"=column} (or unquoted {@code schema.table=column}): the table and the
     * text after the equals sign.
     */
    static java.util.Map.Entry<TableName, String> parseAssignment(String text, String defaultSchema) {
        Cursor c = new Cursor(text);
        c.skipSpaces();
        TableName name = c.name(defaultSchema, "=");
        c.skipSpaces();
        if (c.atEnd() || c.peek() != '=') throw c.error("expected '=' after the table name");
        String value = text.substring(c.pos + 1).trim();
        if (value.isEmpty()) throw c.error("nothing after '='");
        return java.util.Map.entry(name, value);
    }

    /** Reads names part by part; quoted parts take any character, unquoted ones end at a stop character. */
    private static final class Cursor {
        final String text;
        int pos;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) pos++;
        }

        TableName name(String defaultSchema, String stops) {
            String first = part(stops);
            if (!atEnd() && peek() == '.') {
                pos++;
                return new TableName(first, part(stops));
            }
            return new TableName(defaultSchema, first);
        }

        /** One part: {@code "…"} with {@code ""} for a quote, or unquoted up to a dot or a stop character. */
        private String part(String stops) {
            if (atEnd()) throw error("a table name is missing");
            if (peek() != '"') {
                int start = pos;
                while (!atEnd() && peek() != '.' && stops.indexOf(peek()) < 0) pos++;
                String s = text.substring(start, pos).trim();
                if (s.isEmpty()) throw error("an empty name part");
                return s;
            }
            StringBuilder b = new StringBuilder();
            pos++;
            while (true) {
                if (atEnd()) throw error("an unterminated quoted name");
                char ch = text.charAt(pos++);
                if (ch != '"') {
                    b.append(ch);
                } else if (!atEnd() && peek() == '"') {
                    b.append('"');
                    pos++;
                } else {
                    break;
                }
            }
            if (b.length() == 0) throw error("an empty quoted name");
            return b.toString();
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at character " + (pos + 1) + " of '" + text + "'");
        }
    }
}
