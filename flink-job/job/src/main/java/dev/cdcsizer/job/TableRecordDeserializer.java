package dev.cdcsizer.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.cdc.debezium.JsonDebeziumDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium JSON, as a real pipeline pays for it, paired with the record's table so the sink can
 * count per table without parsing the JSON again.
 */
final class TableRecordDeserializer implements DebeziumDeserializationSchema<Tuple2<String, String>> {

    private static final long serialVersionUID = 1L;

    private final JsonDebeziumDeserializationSchema json = new JsonDebeziumDeserializationSchema();

    @Override
    public void deserialize(SourceRecord record, Collector<Tuple2<String, String>> out)
            throws Exception {
        String table = tableOf(record);
        json.deserialize(
                record,
                new Collector<String>() {
                    @Override
                    public void collect(String value) {
                        out.collect(Tuple2.of(table, value));
                    }

                    @Override
                    public void close() {}
                });
    }

    @Override
    public TypeInformation<Tuple2<String, String>> getProducedType() {
        return Types.TUPLE(Types.STRING, Types.STRING);
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
