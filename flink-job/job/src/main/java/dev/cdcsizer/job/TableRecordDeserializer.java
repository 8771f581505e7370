package dev.cdcsizer.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.cdc.debezium.JsonDebeziumDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Debezium JSON, as a real pipeline pays for it, with the record's table so the sink can count per
 * table without parsing the JSON again.
 *
 * <p>With {@code sampleRows} > 0 it also picks rows for the type-fidelity check: the acceptance half
 * of reservoir sampling (Algorithm R) per table, so the sample is spread over the whole table, not
 * its first chunk; the sink keeps the reservoir. Only picked rows pay for the extra JSON.
 */
final class TableRecordDeserializer implements DebeziumDeserializationSchema<CdcRecord> {

    private static final long serialVersionUID = 1L;

    private final JsonDebeziumDeserializationSchema json = new JsonDebeziumDeserializationSchema();
    private final int sampleRows;

    private transient Map<String, long[]> seen;
    private transient Random random;
    private transient JsonConverter rowConverter;
    private transient JsonConverter schemaConverter;

    TableRecordDeserializer(int sampleRows) {
        this.sampleRows = sampleRows;
    }

    @Override
    public void deserialize(SourceRecord record, Collector<CdcRecord> out) throws Exception {
        String table = tableOf(record);
        String[] picked = sampleRows > 0 ? pick(table, record) : null;
        json.deserialize(
                record,
                new Collector<String>() {
                    @Override
                    public void collect(String value) {
                        out.collect(new CdcRecord(table, value, picked == null ? null : picked[0], picked == null ? null : picked[1]));
                    }

                    @Override
                    public void close() {}
                });
    }

    /** {row JSON, schema JSON or null} when this record enters the reservoir, else null. */
    private String[] pick(String table, SourceRecord record) {
        if (seen == null) {
            seen = new HashMap<>();
            random = new Random(20261126L);
            rowConverter = converter(false);
            schemaConverter = converter(true);
        }
        long[] count = seen.computeIfAbsent(table, t -> new long[1]);
        long k = count[0]++;
        if (k >= sampleRows && random.nextDouble() * (k + 1) >= sampleRows) return null;
        if (!(record.value() instanceof Struct)) return null;
        Struct value = (Struct) record.value();
        Field after = value.schema().field("after");
        if (after == null || value.get(after) == null) return null;
        Schema rowSchema = after.schema();
        String row = new String(rowConverter.fromConnectData(record.topic(), rowSchema, value.get(after)), StandardCharsets.UTF_8);
        // {"schema": …, "payload": …}: the harness reads the declared type of every column from it.
        String schema = k == 0 ? new String(schemaConverter.fromConnectData(record.topic(), rowSchema, value.get(after)), StandardCharsets.UTF_8) : null;
        return new String[] {row, schema};
    }

    /** Configured as Flink CDC's JsonDebeziumDeserializationSchema configures its own. */
    private static JsonConverter converter(boolean withSchema) {
        JsonConverter c = new JsonConverter();
        Map<String, Object> config = new HashMap<>();
        config.put(ConverterConfig.TYPE_CONFIG, ConverterType.VALUE.getName());
        config.put(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, withSchema);
        c.configure(config);
        return c;
    }

    @Override
    public TypeInformation<CdcRecord> getProducedType() {
        return TypeInformation.of(CdcRecord.class);
    }

    private static String tableOf(SourceRecord record) {
        if (record.value() instanceof Struct) {
            Struct value = (Struct) record.value();
            if (value.schema().field("source") != null) {
                Struct source = value.getStruct("source");
                return source.getString("schema") + "." + source.getString("table");
            }
        }
        // topic is <server name>.<schema>.<table>
        String topic = record.topic();
        return topic.substring(topic.indexOf('.') + 1);
    }
}
