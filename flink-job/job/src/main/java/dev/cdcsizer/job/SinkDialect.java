package dev.cdcsizer.job;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What differs between the database sinks the JDBC writer speaks: identifier quoting, the upsert
 * statement, where a table's columns and primary key are read from, and how a value (SinkValues)
 * is bound. MySQL (MariaDB, and StarRocks' FE for reading) and PostgreSQL.
 */
abstract class SinkDialect implements Serializable {

    private static final long serialVersionUID = 1L;

    static SinkDialect of(String name) {
        if ("postgres".equals(name)) return new Postgres();
        if ("mysql".equals(name)) return new MySql();
        throw new IllegalArgumentException("no JDBC dialect " + name);
    }

    abstract String quote(String identifier);

    /** The sink table as SQL names it; MySQL qualifies it by the run's database, PostgreSQL by its schema (the database is the connection's). */
    abstract String qualified(String database, TableName table);

    abstract String upsert(String table, List<String> columns, List<String> key);

    /** {@code INSERT INTO table (a, b) VALUES (?, ?)}: what both dialects' upserts start with. */
    String insert(String table, List<String> columns) {
        List<String> quoted = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        for (String c : columns) {
            quoted.add(quote(c));
            marks.add("?");
        }
        return "INSERT INTO " + table + " (" + String.join(", ", quoted) + ") VALUES (" + String.join(", ", marks) + ")";
    }

    String delete(String table, List<String> key) {
        List<String> where = new ArrayList<>();
        for (String k : key) where.add(quote(k) + " = ?");
        return "DELETE FROM " + table + " WHERE " + String.join(" AND ", where);
    }

    /** The sink table's columns (name, type name) in order, and its primary key. */
    abstract TableShape shape(Connection c, String database, TableName table) throws SQLException;

    abstract void bind(PreparedStatement s, int index, Object value, String columnType) throws SQLException;

    /** A table's shape from two catalog queries, each taking (schema or database, table): columns with their types, then the key's columns in order. */
    static TableShape read(Connection c, String columnsSql, String keySql, String where, String table) throws SQLException {
        TableShape shape = new TableShape();
        try (PreparedStatement s = c.prepareStatement(columnsSql)) {
            s.setString(1, where);
            s.setString(2, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    shape.columns.add(r.getString(1));
                    shape.types.add(r.getString(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(keySql)) {
            s.setString(1, where);
            s.setString(2, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) shape.key.add(r.getString(1));
            }
        }
        return shape;
    }

    /** A table's columns and key as the sink has them. */
    static final class TableShape {
        final List<String> columns = new ArrayList<>();
        final List<String> types = new ArrayList<>();
        final List<String> key = new ArrayList<>();
    }

    static String hex(byte[] b) {
        char[] digits = "0123456789abcdef".toCharArray();
        StringBuilder out = new StringBuilder(b.length * 2);
        for (byte x : b) out.append(digits[(x >> 4) & 0xf]).append(digits[x & 0xf]);
        return out.toString();
    }

    static final class MySql extends SinkDialect {
        private static final long serialVersionUID = 1L;

        @Override
        String quote(String identifier) {
            return "`" + identifier.replace("`", "``") + "`";
        }

        @Override
        String qualified(String database, TableName table) {
            return quote(database) + "." + quote(table.table);
        }

        @Override
        String upsert(String table, List<String> columns, List<String> key) {
            List<String> updates = new ArrayList<>();
            for (String c : columns) if (!key.contains(c)) updates.add(quote(c) + " = VALUES(" + quote(c) + ")");
            // A table of key columns only has nothing to update: the row being there is the upsert.
            if (updates.isEmpty()) updates.add(quote(key.get(0)) + " = " + quote(key.get(0)));
            return insert(table, columns) + " ON DUPLICATE KEY UPDATE " + String.join(", ", updates);
        }

        @Override
        TableShape shape(Connection c, String database, TableName table) throws SQLException {
            return read(c, "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                    "SELECT column_name FROM information_schema.key_column_usage WHERE table_schema = ? AND table_name = ? AND constraint_name = 'PRIMARY' ORDER BY ordinal_position",
                    database, table.table);
        }

        @Override
        void bind(PreparedStatement s, int i, Object v, String type) throws SQLException {
            if (v == null) s.setNull(i, Types.NULL);
            else if (v instanceof Boolean) s.setBoolean(i, (Boolean) v);
            else if (v instanceof Long) s.setLong(i, (Long) v);
            else if (v instanceof Float) s.setFloat(i, (Float) v);
            else if (v instanceof Double) s.setDouble(i, (Double) v);
            else if (v instanceof byte[]) s.setBytes(i, (byte[]) v);
            else if (v instanceof SinkValues.Micros) s.setLong(i, ((SinkValues.Micros) v).micros);
            else if (v instanceof List) s.setString(i, json(v));
            // MySQL has no zoned timestamp: a zoned value is stored as its UTC date-time.
            else if (("datetime".equals(type) || "timestamp".equals(type))) s.setString(i, SinkValues.utcDateTime(v.toString()));
            else s.setString(i, v.toString());
        }

        /** Arrays as JSON arrays (MySQL has no array type). */
        static String json(Object v) {
            if (v == null) return "null";
            if (v instanceof List) {
                List<String> parts = new ArrayList<>();
                for (Object e : (List<?>) v) parts.add(json(e));
                return "[" + String.join(",", parts) + "]";
            }
            if (v instanceof Boolean || v instanceof Long) return v.toString();
            if ((v instanceof Double && Double.isFinite((Double) v)) || (v instanceof Float && Float.isFinite((Float) v))) return v.toString();
            if (v instanceof byte[]) return SinkValues.jsonString("\\x" + hex((byte[]) v));
            return SinkValues.jsonString(v.toString());
        }
    }

    static final class Postgres extends SinkDialect {
        private static final long serialVersionUID = 1L;

        @Override
        String quote(String identifier) {
            return "\"" + identifier.replace("\"", "\"\"") + "\"";
        }

        @Override
        String qualified(String database, TableName table) {
            return quote(table.schema) + "." + quote(table.table);
        }

        @Override
        String upsert(String table, List<String> columns, List<String> key) {
            List<String> updates = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (String k : key) keys.add(quote(k));
            for (String c : columns) if (!key.contains(c)) updates.add(quote(c) + " = EXCLUDED." + quote(c));
            return insert(table, columns) + " ON CONFLICT (" + String.join(", ", keys) + ") " + (updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates));
        }

        @Override
        TableShape shape(Connection c, String database, TableName table) throws SQLException {
            return read(c, "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                    "SELECT a.attname FROM pg_index i JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE i.indrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass AND i.indisprimary ORDER BY k.n",
                    table.schema, table.table);
        }

        /** Every value as PostgreSQL's input text of unspecified type: the server reads it as the column's type, whatever that is. */
        @Override
        void bind(PreparedStatement s, int i, Object v, String type) throws SQLException {
            if (v == null) s.setNull(i, Types.OTHER);
            else s.setObject(i, text(v, type), Types.OTHER);
        }

        static String text(Object v, String type) {
            if (v instanceof Boolean) return type.startsWith("bit") ? ((Boolean) v ? "1" : "0") : v.toString();
            // ISO's signed years (+10000, -4332) are not PostgreSQL's: a zoned timestamp goes as PostgreSQL writes it.
            if (v instanceof String && type.startsWith("timestamp") && type.endsWith("with time zone")) return SinkValues.pgZoned((String) v);
            if (v instanceof byte[]) return "\\x" + hex((byte[]) v);
            if (v instanceof List) return arrayLiteral((List<?>) v);
            return v.toString();
        }

        private static String arrayLiteral(List<?> elements) {
            List<String> parts = new ArrayList<>();
            for (Object e : elements) {
                if (e == null) parts.add("NULL");
                else if (e instanceof List) parts.add(arrayLiteral((List<?>) e));
                else parts.add("\"" + text(e, "").replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
            return "{" + String.join(",", parts) + "}";
        }
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
