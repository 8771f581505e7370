import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The Debian mirror this machine's apt uses for a suite, so `images build` fetches packages from
 * where `apt-get` does (the only package source some machines can reach). Reads the one-line form
 * (`deb URI SUITE COMPONENTS` in sources.list) and the deb822 form (`URIs:`/`Suites:` stanzas in
 * *.sources); the first main-archive entry for the suite wins, security archives are skipped.
 */
export function mirrorFromAptSources(files: readonly string[], suite: string): string | undefined {
  for (const text of files) {
    for (const line of text.split('\n')) {
      const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
      if (m && m[2] === suite && !isSecurity(m[1]!)) return m[1]!.replace(/\/$/, '');
    }
    for (const stanza of text.split(/\n\s*\n/)) {
      const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
      if (field('Enabled')[0] === 'no' || !field('Types').includes('deb') || !field('Suites').includes(suite)) continue;
      const uri = field('URIs').find((u) => !isSecurity(u));
      if (uri) return uri.replace(/\/$/, '');
    }
  }
  return undefined;
}

const isSecurity = (uri: string) => /security/.test(uri);

/** The texts of /etc/apt/sources.list and /etc/apt/sources.list.d/*.list|*.sources (those that exist). */
export async function readAptSources(root = '/etc/apt'): Promise<string[]> {
  const files = [path.join(root, 'sources.list')];
  const dir = path.join(root, 'sources.list.d');
  for (const f of (await readdir(dir).catch(() => [] as string[])).sort()) if (/\.(list|sources)$/.test(f)) files.push(path.join(dir, f));
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => '')));
  return texts.filter(Boolean);
}
