package dev.cdcsizer.job;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * FNV-1a 64 over the UTF-8 of a record's key columns' text, joined by U+001F: integers as their
 * decimal digits, strings as they are. The sink sums these per table ({@code keyHash:<table>}, a
 * LongCounter, which wraps mod 2^64); the harness computes the same sum from the source's keys, so
 * a lost row and a duplicated one, which cancel out in a count, still show. Other key types hash
 * their toString(); the harness does not fingerprint tables keyed by them.
 *
 * <p>Cost per record: one pass over the key's few bytes, no allocation for ASCII keys.
 */
final class KeyHash {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private KeyHash() {}

    /**
     * The key Struct's fields in their order (the primary key's); for a table without a
     * primary key, whose records carry no key, the chunk key column of the {@code after} row.
     * 0 when neither is there.
     */
    static long of(SourceRecord record, String chunkKeyColumn) {
        Object key = record.key();
        if (key instanceof Struct) {
            Struct k = (Struct) key;
            long h = OFFSET;
            boolean first = true;
            for (Field f : k.schema().fields()) {
                if (!first) h = mix(h, 0x1f);
                first = false;
                h = text(h, k.get(f));
            }
            return h;
        }
        if (chunkKeyColumn != null && record.value() instanceof Struct) {
            Struct value = (Struct) record.value();
            if (value.schema().field("after") == null) return 0;
            Struct after = value.getStruct("after");
            if (after == null || after.schema().field(chunkKeyColumn) == null) return 0;
            return text(OFFSET, after.get(chunkKeyColumn));
        }
        return 0;
    }

    /**
     * SplitMix64's finalizer: FNV-1a of neighbouring keys differs in few bits, and the fidelity
     * sample keeps the smallest hashes, which must not favour one end of the key range.
     */
    static long spread(long h) {
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    private static long text(long h, Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return ascii(h, Long.toString(((Number) v).longValue()));
        return utf8(h, v == null ? "" : v.toString());
    }

    private static long ascii(long h, String s) {
        for (int i = 0; i < s.length(); i++) h = mix(h, s.charAt(i));
        return h;
    }

    private static long utf8(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                h = mix(h, c);
                continue;
            }
            int cp = s.codePointAt(i);
            if (cp > 0xffff) i++;
            if (cp < 0x800) {
                h = mix(h, 0xc0 | (cp >> 6));
            } else if (cp < 0x10000) {
                h = mix(h, 0xe0 | (cp >> 12));
                h = mix(h, 0x80 | ((cp >> 6) & 0x3f));
            } else {
                h = mix(h, 0xf0 | (cp >> 18));
                h = mix(h, 0x80 | ((cp >> 12) & 0x3f));
                h = mix(h, 0x80 | ((cp >> 6) & 0x3f));
            }
            h = mix(h, 0x80 | (cp & 0x3f));
        }
        return h;
    }

    private static long mix(long h, int b) {
        return (h ^ (b & 0xff)) * PRIME;
    }
}
