/**
 * A column type as a scenario writes it (`numeric(12,2)`, `double precision`, `int[][]`),
 * parsed into base name, numeric arguments and array dimensions. Whether the base name is a
 * known type is decided later, by the type catalog.
 */
export interface TypeRequest {
  base: string;
  args: number[];
  arrayDims: number;
}

const TYPE_TEXT = /^\s*([a-z][a-z0-9_ ]*?)\s*(?:\(\s*(\d+(?:\s*,\s*\d+)*)\s*\))?\s*((?:\[\s*\])*)\s*$/i;

/** Returns undefined when the text is not shaped like a type name. */
export function parseTypeName(text: string): TypeRequest | undefined {
  const m = TYPE_TEXT.exec(text);
  if (!m) return undefined;
  const base = m[1]!.toLowerCase().replace(/\s+/g, ' ');
  const args = m[2] ? m[2].split(',').map((a) => Number(a.trim())) : [];
  const arrayDims = (m[3] ?? '').replace(/\s/g, '').length / 2;
  return { base, args, arrayDims };
}

export function formatTypeName(req: TypeRequest): string {
  const args = req.args.length ? `(${req.args.join(',')})` : '';
  return `${req.base}${args}${'[]'.repeat(req.arrayDims)}`;
}
