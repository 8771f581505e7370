import { UsageError } from './usage-error.js';

const METADATA = 'https://repo1.maven.org/maven2/org/apache/flink/flink-connector-postgres-cdc/maven-metadata.xml';

/**
 * Refuses a connector version Maven Central does not serve, naming those it does, before any build
 * starts. When Central cannot be asked (offline, a proxy), Maven's own error is left to speak.
 */
export async function requireServedVersions(versions: string[], metadataUrl = METADATA): Promise<void> {
  const dupes = versions.filter((v, i) => versions.indexOf(v) !== i);
  if (dupes.length > 0) throw new UsageError(`--connector-version lists ${dupes[0]} twice`);
  const served = await servedVersions(metadataUrl);
  if (!served) return;
  const unknown = versions.filter((v) => !served.includes(v));
  if (unknown.length > 0) throw new UsageError(`Flink CDC ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not on Maven Central (flink-connector-postgres-cdc); it serves ${served.join(', ')}`);
}

async function servedVersions(url: string): Promise<string[] | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return undefined;
    const versions = [...(await res.text()).matchAll(/<version>([^<]+)<\/version>/g)].map((m) => m[1]!);
    return versions.length > 0 ? versions : undefined;
  } catch {
    return undefined; // offline or behind a proxy: Maven's own error speaks later (see above)
  }
}
