/**
 * RFC 4180 CSV for exports: CRLF line ends, fields with a comma, quote or line break quoted and
 * their quotes doubled, null as an empty field. A text cell starting with = + - @ (other than a
 * lone "-") gets a leading apostrophe so that a spreadsheet shows it instead of running it as a
 * formula (CSV injection).
 */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * Excel on a Japanese Windows reads a CSV without a byte-order mark as Shift_JIS (CP932) and garbles
 * UTF-8 kanji; with the BOM it reads UTF-8. Machine consumers can ask for the file without it.
 */
export const UTF8_BOM = '\uFEFF';

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(s) && s !== '-') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header line of `labels`, then one line per row with the values of `keys` in the same order. */
export function csvText<K extends string>(
  columns: readonly { key: K; label: string }[],
  rows: readonly Partial<Record<K, CsvValue>>[],
  options: { bom?: boolean } = {},
): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c.key])).join(','))];
  return (options.bom ? UTF8_BOM : '') + lines.join('\r\n') + '\r\n';
}
