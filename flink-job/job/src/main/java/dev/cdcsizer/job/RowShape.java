package dev.cdcsizer.job;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The columns a record's row carries as the sink sees them: each field's name, Kafka Connect type
 * and logical name (e.g. {@code org.apache.kafka.connect.data.Decimal}), fields separated by
 * U+0000 and name from type by U+0001 (neither can be in a PostgreSQL identifier). A DDL step
 * during a sync shows here: a column added, dropped, renamed or retyped changes the shape of the
 * rows that follow it, if the connector noticed.
 *
 * <p>Debezium builds a table's row schema once per schema version and reuses the object, so the
 * text is cached by identity: one map lookup per record.
 */
final class RowShape {

    private static final int MAX_CACHED = 4096;

    private final Map<Schema, String> cache = new IdentityHashMap<>();

    /** The shape of the record's {@code after} row (or {@code before}, for a delete); null when it has neither. */
    String of(SourceRecord record) {
        if (!(record.value() instanceof Struct)) return null;
        Struct value = (Struct) record.value();
        Field row = value.schema().field("after");
        if (row == null || value.get(row) == null) row = value.schema().field("before");
        if (row == null) return null;
        Schema schema = row.schema();
        String shape = cache.get(schema);
        if (shape == null) {
            if (cache.size() >= MAX_CACHED) cache.clear();
            cache.put(schema, shape = text(schema));
        }
        return shape;
    }

    private static String text(Schema schema) {
        StringBuilder b = new StringBuilder();
        for (Field f : schema.fields()) {
            if (b.length() > 0) b.append('\u0000');
            b.append(f.name()).append('\u0001').append(f.schema().type().getName());
            if (f.schema().name() != null) b.append('\u0001').append(f.schema().name());
        }
        return b.toString();
    }
}
