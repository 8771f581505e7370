/** Number formats shared by the terminal tables. */
export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function fmtBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v >= 100 || u === 0 ? 0 : 1)} ${units[u]}`;
}

export const fmtSeconds = (s: number): string => (s < 10 ? s.toFixed(2) : s < 100 ? s.toFixed(1) : s.toFixed(0));

/** cli-table3 style: colours on a terminal, plain text in files and CI logs. */
export const tableStyle = (): { head: string[]; border: string[] } =>
  process.stdout.isTTY ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] };
