package dev.cdcsizer.job;

/**
 * One change record on its way to the sink: its table, its Debezium JSON, and, for the few records
 * that may belong to the type-fidelity sample, the JSON of its {@code after} row with its key hash
 * (and, once per table and reader, that row's declared Kafka Connect schema). A POJO because sample and schema are usually
 * null, which Flink's tuples do not allow.
 */
public class CdcRecord {
    /** schema.table */
    public String table;
    /** The record as Debezium JSON without schema: what a real pipeline serializes and pays for. */
    public String json;
    /** The {@code after} row as JSON, or null when this record is not sampled. */
    public String sample;
    /** The {@code after} row's schema as JSON, or null (sent once per table and reader). */
    public String schema;
    /** The sampled row's key hash: the sample keeps the rows with the smallest ones. */
    public long sampleHash;
    /** FNV-1a 64 of the record's key text (see KeyHash), summed per table by the sink. */
    public long keyHash;
    /** Debezium's op: r (a snapshot row), c, u or d (a change read from the stream). */
    public String op = "r";
    /** The change's WAL position ({@code source.lsn}); 0 for snapshot rows. */
    public long lsn;
    /** The row's columns and their types (RowShape): the same String object for every record of one schema version. */
    public String shape;
    /** The source's commit time of the change ({@code source.ts_ms}); 0 when absent. */
    public long sourceTsMs;
    /**
     * With a database sink (--sink jdbc|starrocks), the row it writes: the {@code after} image's
     * columns and values (SinkValues), or for a delete the {@code before} image's, whose key
     * columns say what to delete. Null without a database sink, so the discard path pays nothing.
     */
    public String[] sinkColumns;
    public Object[] sinkValues;
    /** The row is deleted at the sink (Debezium op d); otherwise it is upserted. */
    public boolean sinkDelete;

    public CdcRecord() {}

    CdcRecord(String table, String json, String sample, String schema, long sampleHash, long keyHash) {
        this.table = table;
        this.json = json;
        this.sample = sample;
        this.schema = schema;
        this.sampleHash = sampleHash;
        this.keyHash = keyHash;
    }

    /** A change read from the stream: its op, WAL position and commit time. */
    CdcRecord change(String op, long lsn, long sourceTsMs) {
        this.op = op;
        this.lsn = lsn;
        this.sourceTsMs = sourceTsMs;
        return this;
    }

    boolean isSnapshotRow() {
        return op == null || "r".equals(op);
    }
}
