import { Readable, pipeline } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import iconv from 'iconv-lite';
import { DomainError } from '@hcv/domain';

/**
 * The rows of a voucher file (RFC 4180 CSV with a header row), read by csv-parse as a stream from
 * the upload's bytes, each with the line it starts on (the header is line 1; a quoted cell may span
 * lines). UTF-8 by default; another charset the request declares (Shift_JIS, as Japanese
 * spreadsheets save) is decoded on the way by iconv-lite. The bytes stay a Buffer outside the JS
 * heap and only the rows in flight become strings, so a 200,000-row file fits the service's heap.
 */
export interface CsvRow {
  line: number;
  cells: string[];
}

/**
 * The parser's settings, chosen so that a file is either read exactly or refused:
 * - `relax_quotes: false`: a quote inside an unquoted cell, or text after a closing quote (`"b"c`),
 *   stops the parse — relaxed, csv-parse would keep the quotes as text and shift what follows.
 * - `ltrim`/`rtrim`: spaces around a cell, also before an opening quote (`a, "b, c"`), are not data;
 *   inside quotes they are kept.
 * - `relax_column_count: true`: a row whose cell count differs from the header's is still read, so
 *   it can be refused alone with its line (`unreadable-row`) — its cells cannot be trusted to line up.
 * - `max_record_size`: one row of at most 64 KiB; an unclosed quote would otherwise read the rest of
 *   the file into one cell.
 * - empty lines are read as rows of one empty cell, so every line is accounted for; the reader
 *   skips rows whose cells are all empty (they are not vouchers) after numbering.
 */
const PARSER_OPTIONS: Options<CsvRow, string[]> = {
  bom: true,
  // CRLF, LF or CR, mixed in one file (an edited export): auto-detection would take the first one seen
  // and read the others as cell text.
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_quotes: false,
  ltrim: true,
  rtrim: true,
  relax_column_count: true,
  skip_empty_lines: false,
  max_record_size: 64 * 1024,
};

/** Bytes handed to the parser at a time: slices of the upload, not copies. */
const SLICE = 64 * 1024;

/** The charsets a declared one may name: whatever iconv-lite decodes (Shift_JIS, Windows-31J, EUC-JP, …). */
export function checkCharset(charset: string | undefined): void {
  if (charset !== undefined && !iconv.encodingExists(charset))
    throw new DomainError('unsupported-charset', `The charset ${charset} is not known; send the file as UTF-8 or Shift_JIS.`, 400);
}

/** True when a decoded row holds bytes that were not valid in its charset (decoded as U+FFFD). */
export const hasUndecodableBytes = (cells: readonly string[]) => cells.some((c) => c.includes('\ufffd'));

/**
 * The file's rows, lazily. A file the parser cannot read to its end throws `unreadable-file` (400)
 * naming the line where the broken row starts and where the parser stopped.
 */
export async function* csvRows(file: Uint8Array | string, charset?: string): AsyncGenerator<CsvRow> {
  checkCharset(charset);
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const source = Readable.from(slices(bytes), { objectMode: false });
  // Numbered as the parser emits them (not as they are consumed), so that a parse error names the
  // line of the row it broke in even when rows read before it are still buffered. A row starts on
  // the line after the previous row's end: one record delimiter, plus the line breaks quoted inside
  // its cells (counted here: the parser's own count takes a quoted CRLF for two lines).
  let next = 1;
  const options: Options<CsvRow, string[]> = {
    ...PARSER_OPTIONS,
    on_record: (record) => {
      const line = next;
      next = line + 1 + lineBreaks(record);
      return record.some((c) => c !== '') ? { line, cells: record } : null;
    },
  };
  // The typings take on_record's result to be the record type; the stream yields CsvRow objects.
  const parser = parse(options as unknown as Options);
  const stages = charset === undefined ? [source, parser] : [source, iconv.decodeStream(charset), parser];
  // The parser's own error ends the iteration below; pipeline only tears the stages down.
  pipeline(stages as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream], () => undefined);
  try {
    yield* parser as AsyncIterable<CsvRow>;
  } catch (error) {
    if (error instanceof CsvError) throw unreadable(error, next);
    throw error;
  } finally {
    parser.destroy();
  }
}

function lineBreaks(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) if (cell.includes('\n') || cell.includes('\r')) count += cell.match(/\r\n|\r|\n/g)!.length;
  return count;
}

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += SLICE) yield bytes.subarray(at, at + SLICE);
}

/** The refusal of a file the parser stopped in; never the parser's message, which may quote a cell (personal data). */
function unreadable(error: CsvError, rowLine: number): DomainError {
  const at = (error as CsvError & { lines?: number }).lines;
  const what: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
    CSV_INVALID_CLOSING_QUOTE: 'text follows a closing quote (inside a quoted cell, write a quote as "")',
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows a closing quote (inside a quoted cell, write a quote as "")',
    INVALID_OPENING_QUOTE: 'a quote inside an unquoted cell (quote the whole cell and write the quote as "")',
    CSV_MAX_RECORD_SIZE: 'the row is longer than 64 KiB (an unclosed quote, most likely)',
  };
  const where = at !== undefined && at !== rowLine ? `the row starting on line ${rowLine} (at line ${at})` : `line ${rowLine}`;
  return new DomainError(
    'unreadable-file',
    `The file cannot be read past ${where}: ${what[error.code] ?? `the CSV parser stopped (${error.code})`}. Nothing was imported; correct the file and send it again.`,
    400,
  );
}
