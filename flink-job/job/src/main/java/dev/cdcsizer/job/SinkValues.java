package dev.cdcsizer.job;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Debezium row (a Kafka Connect Struct) turned into the values a database sink writes: the
 * Connect schema of every field decides what its value means (a Decimal's bytes, a
 * MicroTimestamp's count, Bits' little-endian bytes), as a real pipeline's converter decides it.
 * Values come out as one of: null, Boolean, Long, Float, Double, String (PostgreSQL's input text:
 * numbers as plain digits, dates and times ISO, {@code (x,y)} points, bit strings), byte[], a
 * {@link Micros} duration, or a List of those for arrays. Each sink writer renders them in its
 * dialect (MultiTableJdbcSink, StarRocksRows).
 *
 * <p>Zoned timestamps stay ISO text with their offset: PostgreSQL stores them as they are; a sink
 * without a zoned type (MySQL, StarRocks) gets them in UTC, which {@link #utcDateTime} gives.
 */
final class SinkValues {

    private SinkValues() {}

    /** An interval as Debezium's MicroDuration gives it: microseconds, months and days folded in. */
    static final class Micros implements Serializable {
        private static final long serialVersionUID = 1L;
        final long micros;

        Micros(long micros) {
            this.micros = micros;
        }

        @Override
        public String toString() {
            return micros + " microseconds";
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    /** The row's column names: its schema's field names, in order. */
    static String[] names(Schema schema) {
        List<Field> fields = schema.fields();
        String[] names = new String[fields.size()];
        for (int i = 0; i < names.length; i++) names[i] = fields.get(i).name();
        return names;
    }

    /** The row's values, in its schema's field order, converted for a database. */
    static Object[] values(Struct row) {
        List<Field> fields = row.schema().fields();
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) values[i] = value(fields.get(i).schema(), row.get(fields.get(i)));
        return values;
    }

    static Object value(Schema schema, Object v) {
        if (v == null) return null;
        String name = schema.name();
        if (name != null) {
            Object logical = logical(name, schema, v);
            if (logical != null) return logical;
        }
        switch (schema.type()) {
            case BOOLEAN:
                return v;
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return ((Number) v).longValue();
            case FLOAT32:
                return ((Number) v).floatValue();
            case FLOAT64:
                return ((Number) v).doubleValue();
            case STRING:
                return v.toString();
            case BYTES:
                return bytes(v);
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object e : (List<?>) v) out.add(value(schema.valueSchema(), e));
                return out;
            }
            case MAP: {
                // hstore in Debezium's map mode: written as JSON text, as its default (json) mode gives it.
                StringBuilder b = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    if (!first) b.append(',');
                    first = false;
                    b.append(jsonString(String.valueOf(e.getKey()))).append(':').append(e.getValue() == null ? "null" : jsonString(e.getValue().toString()));
                }
                return b.append('}').toString();
            }
            default:
                return v.toString();
        }
    }

    private static Object logical(String name, Schema schema, Object v) {
        switch (name) {
            case "org.apache.kafka.connect.data.Decimal":
                return v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : null;
            case "io.debezium.data.VariableScaleDecimal": {
                Struct s = (Struct) v;
                return new BigDecimal(new BigInteger(bytes(s.get("value"))), s.getInt32("scale")).toPlainString();
            }
            case "io.debezium.time.Date":
                return date(LocalDate.ofEpochDay(((Number) v).longValue()), "");
            case "org.apache.kafka.connect.data.Date":
                return date(LocalDate.ofEpochDay(Math.floorDiv(((java.util.Date) v).getTime(), 86_400_000L)), "");
            case "io.debezium.time.Timestamp":
                return dateTime(((Number) v).longValue() * 1000);
            case "io.debezium.time.MicroTimestamp":
                return dateTime(((Number) v).longValue());
            case "io.debezium.time.NanoTimestamp":
                return dateTime(Math.floorDiv(((Number) v).longValue(), 1000));
            case "io.debezium.time.Time":
                return time(((Number) v).longValue() * 1000);
            case "io.debezium.time.MicroTime":
                return time(((Number) v).longValue());
            case "io.debezium.time.NanoTime":
                return time(((Number) v).longValue() / 1000);
            case "io.debezium.time.MicroDuration":
                return new Micros(((Number) v).longValue());
            case "io.debezium.data.Bits":
                return bitString(bytes(v), schema);
            case "io.debezium.data.geometry.Point": {
                Struct s = (Struct) v;
                return "(" + s.getFloat64("x") + "," + s.getFloat64("y") + ")";
            }
            default:
                return null; // Json, Uuid, Enum, Xml, ZonedTimestamp, ZonedTime …: their plain type says it
        }
    }

    /** PostgreSQL's text of a timestamp without zone from microseconds since the epoch. */
    static String dateTime(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
        return dateTime(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), "");
    }

    /**
     * As PostgreSQL writes a date: four digits or more without a sign (year 10000 is {@code 10000},
     * not ISO's {@code +10000}), and a year before 1 as {@code 0044 … BC} (ISO's year -43), which
     * PostgreSQL reads back; `suffix` (a time, a zone) goes between the day and the era.
     */
    static String date(LocalDate d, String suffix) {
        int y = d.getYear();
        String day = String.format("%04d-%02d-%02d", y <= 0 ? 1 - y : y, d.getMonthValue(), d.getDayOfMonth());
        return day + suffix + (y <= 0 ? " BC" : "");
    }

    private static String dateTime(LocalDateTime t, String zone) {
        return date(t.toLocalDate(), " " + t.toLocalTime().format(TIME) + zone);
    }

    /** An ISO zoned timestamp (Debezium's ZonedTimestamp) as PostgreSQL's timestamptz text in UTC; the text unchanged when it is not one. */
    static String pgZoned(String iso) {
        try {
            Instant i = OffsetDateTime.parse(iso).toInstant();
            return dateTime(LocalDateTime.ofEpochSecond(i.getEpochSecond(), i.getNano(), ZoneOffset.UTC), "+00");
        } catch (RuntimeException e) {
            return iso;
        }
    }

    private static String time(long micros) {
        // time '24:00:00' is a legal PostgreSQL value that LocalTime cannot hold.
        if (micros >= 86_400_000_000L) return "24:00:00";
        return LocalTime.ofNanoOfDay(micros * 1000).format(TIME);
    }

    /** An ISO zoned timestamp (Debezium's ZonedTimestamp) as a UTC date-time without zone; the text unchanged when it is not one. */
    static String utcDateTime(String iso) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(iso);
            Instant i = t.toInstant();
            return dateTime(LocalDateTime.ofEpochSecond(i.getEpochSecond(), i.getNano(), ZoneOffset.UTC), "");
        } catch (RuntimeException e) {
            return iso;
        }
    }

    /** java.util.BitSet's little-endian bytes as a bit string, padded to the declared length (bit varying: as short as it goes). */
    private static String bitString(byte[] b, Schema schema) {
        StringBuilder s = new StringBuilder();
        for (int i = b.length * 8 - 1; i >= 0; i--) s.append(((b[i / 8] >> (i % 8)) & 1) == 1 ? '1' : '0');
        String bits = s.toString().replaceFirst("^0+", "");
        String declared = schema.parameters() == null ? null : schema.parameters().get("length");
        int width = declared == null ? 0 : Integer.parseInt(declared);
        StringBuilder padded = new StringBuilder();
        for (int i = bits.length(); i < width; i++) padded.append('0');
        return padded.append(bits).toString();
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[]) return (byte[]) v;
        ByteBuffer buf = ((ByteBuffer) v).duplicate();
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
