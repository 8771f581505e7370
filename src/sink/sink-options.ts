/**
 * `--sink-option k=v`: the sink's buffering and flushing, checked before anything starts (the job
 * checks them again, for jobs submitted by hand). The JDBC sink is our own writer (two options,
 * named as Flink's JDBC connector names its own); the StarRocks sink passes the StarRocks
 * connector's own options, except those that say where it writes, who it is and its format.
 */
export const JDBC_SINK_OPTIONS: Readonly<Record<string, string>> = {
  'sink.buffer-flush.max-rows': 'rows buffered over all tables before a flush (default 1000)',
  'sink.buffer-flush.interval-ms': 'the longest a row waits before a flush, in ms (default 1000); every checkpoint and the end of input flush too',
};

export const STARROCKS_SINK_OPTIONS: readonly string[] = [
  'sink.buffer-flush.max-bytes', 'sink.buffer-flush.max-rows', 'sink.buffer-flush.interval-ms',
  'sink.buffer-flush.enqueue-timeout-ms', 'sink.io.thread-count', 'sink.connect.timeout-ms',
  'sink.socket.timeout-ms', 'sink.wait-for-continue.timeout-ms', 'sink.label-prefix',
  'sink.max-retries', 'sink.retry.interval-ms', 'sink.scan-frequency.ms', 'sink.chunk-limit',
  'sink.at-least-once.use-transaction-stream-load', 'sink.metric.histogram-window-size',
];

/** Stream Load properties the sink sets itself: JSON rows with __op. */
const STARROCKS_FIXED = ['sink.properties.format', 'sink.properties.strip_outer_array', 'sink.properties.columns', 'sink.properties.ignore_json_size'];

/** A --sink-option that cannot be right: bad input. */
export class SinkOptionError extends Error {
  override name = 'SinkOptionError';
}

/** `k=v` pairs into a record; an unknown key, or a JDBC option that is not a positive whole number, is refused by name. */
export function parseSinkOptions(sink: 'jdbc' | 'starrocks', given: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of given) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new SinkOptionError(`--sink-option needs key=value, got "${kv}"`);
    const key = kv.slice(0, eq).trim();
    const value = kv.slice(eq + 1).trim();
    if (sink === 'jdbc') {
      if (!(key in JDBC_SINK_OPTIONS)) throw new SinkOptionError(`--sink-option ${key} is not an option of the jdbc sink; it takes ${Object.keys(JDBC_SINK_OPTIONS).join(' and ')}`);
      if (!/^[1-9]\d*$/.test(value)) throw new SinkOptionError(`--sink-option ${key} must be a positive whole number, got "${value}"`);
    } else {
      const known = STARROCKS_SINK_OPTIONS.includes(key) || (key.startsWith('sink.properties.') && !STARROCKS_FIXED.includes(key));
      if (!known) throw new SinkOptionError(`--sink-option ${key} is not an option of the starrocks sink; it takes ${STARROCKS_SINK_OPTIONS.join(', ')} and sink.properties.* (Stream Load properties other than ${STARROCKS_FIXED.map((k) => k.slice('sink.properties.'.length)).join(', ')})`);
    }
    out[key] = value;
  }
  return out;
}
