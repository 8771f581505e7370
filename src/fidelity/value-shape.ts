/**
 * What a report may show of a value read from a user's database: its shape, not its content.
 * Letters become x (X when upper case), digits 9; punctuation, spaces and symbols stay. That keeps
 * what a conversion bug is usually about (a timestamp's `.999999` becoming `.999`, `$9,999.99`
 * becoming `999999`, a case change in a uuid, a cut or padded string) while no name, number or
 * word of the user's survives. Lengths survive too; they are part of the diagnosis.
 */
export function maskValue(text: string): string {
  return text.replace(/\p{L}|\p{N}/gu, (c) => (/\p{N}/u.test(c) ? '9' : /\p{Lu}/u.test(c) ? 'X' : 'x'));
}

/**
 * How the emitted text differs from the source's, in positions and lengths only: said beside a
 * masked example, where two values of the same shape (`12:00` → `13:00`) would otherwise look equal.
 * Positions count characters from 1.
 */
export function changeNote(source: string | null, emitted: string): string {
  if (source === null) return `NULL became ${chars(emitted.length)}`;
  const s = [...source];
  const e = [...emitted];
  if (s.length === e.length && source.toLowerCase() === emitted.toLowerCase()) return 'letter case changed';
  if (source.replace(/\s+/g, '') === emitted.replace(/\s+/g, '')) return 'white space changed';
  let prefix = 0;
  while (prefix < s.length && prefix < e.length && s[prefix] === e[prefix]) prefix++;
  let suffix = 0;
  while (suffix < s.length - prefix && suffix < e.length - prefix && s[s.length - 1 - suffix] === e[e.length - 1 - suffix]) suffix++;
  if (prefix === e.length) return `the last ${chars(s.length - e.length)} of ${s.length} cut`;
  if (prefix === s.length) return `${chars(e.length - s.length)} appended to ${s.length}`;
  if (suffix === e.length) return `the first ${chars(s.length - e.length)} of ${s.length} cut`;
  if (suffix === s.length) return `${chars(e.length - s.length)} prepended to ${s.length}`;
  if (prefix + suffix === s.length) return `${chars(e.length - s.length)} inserted after character ${prefix} of ${s.length}`;
  if (prefix + suffix === e.length) return `characters ${span(prefix + 1, s.length - suffix)} of ${s.length} removed`;
  if (s.length === e.length) {
    const differing = s.filter((c, i) => c !== e[i]).length;
    return `${differing} of ${chars(s.length)} differ, ${differing === 1 ? 'at' : 'the first at'} ${prefix + 1}`;
  }
  return `characters ${span(prefix + 1, s.length - suffix)} of ${s.length} became ${chars(e.length - prefix - suffix)}`;
}

const chars = (n: number): string => `${n} character${n === 1 ? '' : 's'}`;
const span = (from: number, to: number): string => (from === to ? `${from}` : `${from}–${to}`);

/** A quoted text that names an object in PostgreSQL's messages (`relation "app.t"`, `column "id"`): a name, not a value. */
const NAMED = /(?:relation|column|table|schema|constraint|index|type|publication|slot|function|role|user|database|cursor|extension|sequence|view) $/i;

/**
 * An error message (a failed job's root exception, PostgreSQL's own text in it) with the values it
 * quotes masked by shape: `Bad value for type double : -92,233,720,368,547,758.08`, `For input
 * string: "12a"`, `Key (id)=(42) already exists`, `Failing row contains (…)`, and any other quoted
 * text that is not an object's name. Class names, stack frames and the message's words stay.
 */
export function maskMessageValues(text: string): string {
  return text
    .replace(/(Bad value for type [^:\n]+: ?)(.*)$/gm, (_, head: string, v: string) => head + maskValue(v))
    .replace(/(Key \([^)\n]*\)=\()([^\n]*?)(\))/g, (_, head: string, v: string, tail: string) => head + maskValue(v) + tail)
    .replace(/(Failing row contains \()(.*)(\))/g, (_, head: string, v: string, tail: string) => head + maskValue(v) + tail)
    .replace(/"((?:[^"\\\n]|\\.)*)"/g, (all: string, v: string, at: number, whole: string) => (NAMED.test(whole.slice(Math.max(0, at - 20), at)) ? all : `"${maskValue(v)}"`))
    .replace(/(?<!\p{L})'([^'\n]*)'/gu, (all: string, v: string, at: number, whole: string) => (NAMED.test(whole.slice(Math.max(0, at - 20), at)) ? all : `'${maskValue(v)}'`));
}
