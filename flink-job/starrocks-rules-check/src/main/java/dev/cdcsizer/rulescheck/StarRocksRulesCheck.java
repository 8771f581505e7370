package dev.cdcsizer.rulescheck;

import com.starrocks.connector.flink.catalog.StarRocksColumn;
import org.apache.flink.cdc.common.schema.Column;
import org.apache.flink.cdc.common.types.DataType;
import org.apache.flink.cdc.common.types.DataTypes;
import org.apache.flink.cdc.common.types.ZonedTimestampType;
import org.apache.flink.cdc.connectors.starrocks.sink.StarRocksUtils;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines {@code <flink cdc type>\t<key|column>} on stdin and prints, for each, the line followed
 * by a tab and the StarRocks column type the connector's own StarRocksUtils builds for it, or
 * {@code FAILS: <message>} when the connector throws. Types are written as Flink CDC prints them:
 * BOOLEAN, INT, DECIMAL(38, 0), VARCHAR(10), STRING, BYTES, TIME(6), TIMESTAMP(6),
 * TIMESTAMP_LTZ(6), TIMESTAMP_TZ(6), ARRAY<STRING>, BINARY(3).
 */
public final class StarRocksRulesCheck {

    private StarRocksRulesCheck() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) continue;
            String[] parts = line.split("\t");
            System.out.println(line + "\t" + starRocksType(parts[0].trim(), parts.length > 1 && parts[1].trim().equals("key")));
        }
    }

    static String starRocksType(String spec, boolean key) {
        try {
            StarRocksColumn.Builder builder = new StarRocksColumn.Builder().setColumnName("c").setOrdinalPosition(0);
            StarRocksUtils.toStarRocksDataType(Column.physicalColumn("c", parse(spec)), key, builder);
            StarRocksColumn c = builder.build();
            String size = c.getColumnSize().map(n -> c.getDecimalDigits().map(d -> "(" + n + "," + d + ")").orElse("(" + n + ")")).orElse("");
            return c.getDataType() + size;
        } catch (RuntimeException e) {
            return "FAILS: " + e.getMessage();
        }
    }

    static DataType parse(String spec) {
        String s = spec.replace(" ", "");
        if (s.startsWith("ARRAY<") && s.endsWith(">")) return DataTypes.ARRAY(parse(s.substring(6, s.length() - 1)));
        String name = s.contains("(") ? s.substring(0, s.indexOf('(')) : s;
        int[] n = s.contains("(") ? numbers(s.substring(s.indexOf('(') + 1, s.length() - 1)) : new int[0];
        switch (name) {
            case "BOOLEAN": return DataTypes.BOOLEAN();
            case "TINYINT": return DataTypes.TINYINT();
            case "SMALLINT": return DataTypes.SMALLINT();
            case "INT": return DataTypes.INT();
            case "BIGINT": return DataTypes.BIGINT();
            case "FLOAT": return DataTypes.FLOAT();
            case "DOUBLE": return DataTypes.DOUBLE();
            case "DECIMAL": return DataTypes.DECIMAL(n[0], n[1]);
            case "CHAR": return DataTypes.CHAR(n[0]);
            case "VARCHAR": return DataTypes.VARCHAR(n[0]);
            case "STRING": return DataTypes.STRING();
            case "BINARY": return DataTypes.BINARY(n[0]);
            case "VARBINARY": return DataTypes.VARBINARY(n[0]);
            case "BYTES": return DataTypes.BYTES();
            case "DATE": return DataTypes.DATE();
            case "TIME": return DataTypes.TIME(n[0]);
            case "TIMESTAMP": return DataTypes.TIMESTAMP(n[0]);
            case "TIMESTAMP_LTZ": return DataTypes.TIMESTAMP_LTZ(n[0]);
            case "TIMESTAMP_TZ": return new ZonedTimestampType(n[0]);
            default: throw new IllegalArgumentException("unknown Flink CDC type " + spec);
        }
    }

    private static int[] numbers(String list) {
        String[] parts = list.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i]);
        return out;
    }
}
