/** `PostgreSQL 15.20`, `10.11.19-MariaDB`: a sink server's version without its build details, for titles and labels. */
export function shortSinkVersion(kind: string, version: string): string {
  return kind === 'postgres' ? (/PostgreSQL [\d.]+/.exec(version)?.[0] ?? version) : version.split('-').slice(0, 2).join('-');
}
