/**
 * File names of the 既存型 資格確認端末's single eligibility query (個別照会, INTERFACES.md §1): a request
 * `OQSsiquc01req_<id>.xml` written into the terminal's `req` folder is answered by
 * `OQSsiquc01res_<id>.xml` in its `res` folder. Other programs (a レセコン, a 健診システム) share those
 * folders: a bridge only ever touches files whose `<id>` it issued itself.
 */
export const REQUEST_FILE_PREFIX = 'OQSsiquc01req_';
export const RESPONSE_FILE_PREFIX = 'OQSsiquc01res_';

/**
 * Our own file ids: letters and digits, at most 20. The terminal's limit on `<id>` (and on
 * ArbitraryFileIdentifier, which carries the same value) is not public; 20 plain characters stay
 * well inside what vendors are seen to write (a timestamp and a counter).
 */
export const FILE_ID_PATTERN = /^[A-Za-z0-9]{1,20}$/;

function checkedId(fileId: string): string {
  if (!FILE_ID_PATTERN.test(fileId)) throw new Error('a file id has 1 to 20 letters or digits');
  return fileId;
}

export function requestFileName(fileId: string): string {
  return `${REQUEST_FILE_PREFIX}${checkedId(fileId)}.xml`;
}

export function responseFileName(fileId: string): string {
  return `${RESPONSE_FILE_PREFIX}${checkedId(fileId)}.xml`;
}

/** The temporary name a request is written under before its rename: outside the terminal's prefix and extension. */
export function temporaryRequestFileName(fileId: string): string {
  return `~${REQUEST_FILE_PREFIX}${checkedId(fileId)}.tmp`;
}

/** The id of a single-query response file name, or undefined for any other file (face results, bulk answers, others' files). */
export function fileIdOfResponse(fileName: string): string | undefined {
  const match = /^OQSsiquc01res_([A-Za-z0-9]{1,20})\.xml$/i.exec(fileName);
  return match?.[1];
}

/**
 * A fresh file id: an optional prefix, the local month, day and time to the millisecond, and a
 * counter (unique within one bridge process), e.g. `0501101530123007`. Two bridges sharing one
 * terminal run under different prefixes.
 */
export function newFileIdFactory(prefix = ''): (now?: Date) => string {
  if (!/^[A-Za-z0-9]{0,3}$/.test(prefix)) throw new Error('a file id prefix has at most 3 letters or digits');
  let counter = 0;
  return (now = new Date()) => {
    counter = (counter + 1) % 1000;
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    const stamp =
      `${pad(now.getMonth() + 1)}${pad(now.getDate())}${pad(now.getHours())}${pad(now.getMinutes())}` +
      `${pad(now.getSeconds())}${pad(now.getMilliseconds(), 3)}`;
    return `${prefix}${stamp}${pad(counter, 3)}`.slice(0, 20);
  };
}
