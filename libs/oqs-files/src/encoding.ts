import iconv from 'iconv-lite';

/**
 * The two encodings of the terminal's files (INTERFACES.md §1): UTF-8, and Shift_JIS as Windows
 * writes it. The terminal is a Windows PC, so "Shift_JIS" is decoded and encoded as CP932
 * (Windows-31J, a superset: NEC/IBM extensions such as ①, 髙 and ～ exist only there).
 */
export type OqsEncoding = 'utf-8' | 'shift_jis';

const XML_DECLARATION = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;
const CHARACTER_CODE = /<CharacterCodeIdentifier>\s*([0-9])\s*<\/CharacterCodeIdentifier>/;

function encodingOfLabel(label: string): OqsEncoding | undefined {
  const l = label.toLowerCase().replace(/_/g, '-');
  if (l === 'utf-8' || l === 'utf8') return 'utf-8';
  if (['shift-jis', 'sjis', 'x-sjis', 'ms932', 'cp932', 'windows-31j', 'ms-kanji'].includes(l)) return 'shift_jis';
  return undefined;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding a response file was written in. Element names, digits and the declaration are
 * ASCII in both encodings, so they can be read before decoding: a UTF-8 byte-order mark first,
 * then the XML declaration, then `CharacterCodeIdentifier` (0 UTF-8, 1 Shift_JIS), else UTF-8.
 * When the clue says UTF-8 but the bytes are not valid UTF-8, the file is Shift_JIS whatever it
 * claims (a writer that copied a template's declaration).
 */
export function detectEncoding(bytes: Buffer): OqsEncoding {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  const ascii = bytes.toString('latin1');
  const declared = XML_DECLARATION.exec(ascii)?.[1];
  const byDeclaration = declared ? encodingOfLabel(declared) : undefined;
  const code = CHARACTER_CODE.exec(ascii)?.[1];
  const byIdentifier: OqsEncoding | undefined = code === '1' ? 'shift_jis' : code === '0' ? 'utf-8' : undefined;
  const claimed = byDeclaration ?? byIdentifier ?? 'utf-8';
  if (claimed === 'utf-8' && !isUtf8(bytes)) return 'shift_jis';
  return claimed;
}

export function decodeXml(bytes: Buffer): { text: string; encoding: OqsEncoding } {
  const encoding = detectEncoding(bytes);
  const text = encoding === 'utf-8' ? bytes.toString('utf8').replace(/^\uFEFF/, '') : iconv.decode(bytes, 'cp932');
  return { text, encoding };
}

/** The label written into an XML declaration for each encoding. */
export const DECLARATION_LABEL: Record<OqsEncoding, string> = { 'utf-8': 'UTF-8', shift_jis: 'Shift_JIS' };

/**
 * Encodes a document; refuses a character the encoding cannot hold (iconv-lite would write "?"
 * silently, and a "?" in a 記号 would ask the terminal about someone else).
 */
export function encodeXml(text: string, encoding: OqsEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const bytes = iconv.encode(text, 'cp932');
  if (iconv.decode(bytes, 'cp932') !== text) throw new Error('the request holds a character Shift_JIS (CP932) cannot encode');
  return bytes;
}
