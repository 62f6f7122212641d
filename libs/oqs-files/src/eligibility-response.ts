import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeXml, type OqsEncoding } from './encoding';
import { OqsAnswer, type OqsAnswerStatus } from './eligibility-answer';
import { foldInsurerNumber } from './insurer-number';

/**
 * The only elements ever read from a response (INTERFACES.md §1). Every other element — above all
 * the consent flags for checkup, drug and care history (特定健診情報・薬剤情報 閲覧同意) the
 * terminal may add — is dropped by the parser itself, so no such value can reach an answer.
 */
const READ_ELEMENTS = new Set([
  'XmlMsg',
  'MessageHeader',
  'MessageBody',
  'ProcessExecutionTime',
  'QualificationConfirmationDate',
  'MedicalInstitutionCode',
  'ArbitraryFileIdentifier',
  'ReferenceClassification',
  'SegmentOfResult',
  'ErrorCode',
  'ErrorMessage',
  'CharacterCodeIdentifier',
  'ProcessingResultStatus',
  'ProcessingResultCode',
  'ProcessingResultMessage',
  'QualificationValidity',
  'ResultList',
  'ResultOfQualificationConfirmation',
  'InsuredCardClassification',
  'InsurerNumber',
  'InsuredCardSymbol',
  'InsuredIdentificationNumber',
  'InsuredBranchNumber',
  'PersonalFamilyClassification',
  'InsuredName',
  'Name',
  'NameKana',
  'Sex1',
  'Birthdate',
  'QualificationDate',
  'DisqualificationDate',
  'ReasonOfLoss',
  'InsurerName',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  // Values stay strings: leading zeros and the padding of insurer numbers matter.
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: { enabled: true, maxEntityCount: 10, maxTotalExpansions: 100 },
  isArray: (name) => name === 'ResultOfQualificationConfirmation',
  updateTag: (name) => (READ_ELEMENTS.has(name) ? name : false),
});

type Node = Record<string, unknown>;
const node = (value: unknown): Node => (value && typeof value === 'object' ? (value as Node) : {});
const text = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (value && typeof value === 'object' && '#text' in value) return text((value as Node)['#text']);
  return undefined;
};

const VALIDITY: Record<string, Exclude<OqsAnswerStatus, 'failed'>> = {
  '1': 'eligible',
  '2': 'lost',
  '3': 'changed-insurer',
  '4': 'not-found',
  '5': 'multiple',
};

const LOSS_REASON = { '01': 'death', '02': 'public-assistance', '03': 'other-insurance', '99': 'other' } as const;

/** YYYYMMDD → YYYY-MM-DD; undefined when absent. */
function isoDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : value;
}

/** YYYYMMDDHHmmss → YYYY-MM-DDTHH:mm:ss (the terminal's local time). */
function localDateTime(value: string | undefined): string | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : undefined;
}

function qualificationOf(result: Node): unknown {
  const field = (name: string) => text(result[name]);
  const relationship = field('PersonalFamilyClassification');
  const sex = field('Sex1');
  const lossReason = field('ReasonOfLoss');
  const insurerNumber = field('InsurerNumber');
  return {
    cardClassification: field('InsuredCardClassification'),
    insurerNumber: insurerNumber === undefined ? undefined : foldInsurerNumber(insurerNumber),
    insurerName: field('InsurerName'),
    symbol: field('InsuredCardSymbol') ?? '',
    number: field('InsuredIdentificationNumber'),
    branch: field('InsuredBranchNumber'),
    relationship: relationship === '1' ? 'insured' : relationship === '2' ? 'dependent' : relationship,
    name: field('Name'),
    nameKana: field('NameKana'),
    insuredName: field('InsuredName'),
    birthDate: isoDate(field('Birthdate')),
    sex: sex === '1' ? 'male' : sex === '2' ? 'female' : sex === '3' ? 'unset' : sex,
    acquiredOn: isoDate(field('QualificationDate')),
    lostOn: isoDate(field('DisqualificationDate')),
    lossReason: lossReason === undefined ? undefined : (LOSS_REASON[lossReason as keyof typeof LOSS_REASON] ?? 'other'),
  };
}

const unreadable = (message: string): OqsAnswer => ({ status: 'failed', reason: 'unreadable-response', message });

/** What a response file says, and what it identifies itself as (for matching it to its request). */
export interface OqsResponse {
  answer: OqsAnswer;
  encoding: OqsEncoding;
  /** ArbitraryFileIdentifier echoed by the terminal, when present. */
  fileId?: string;
}

/** True when the bytes are a complete, well-formed XML document (a file still being written is not). */
export function isCompleteXml(bytes: Buffer): boolean {
  try {
    return XMLValidator.validate(decodeXml(bytes).text) === true;
  } catch {
    return false;
  }
}

/**
 * Maps an `OQSsiquc01res_<id>.xml` response (UTF-8 or Shift_JIS, INTERFACES.md §1) to an answer:
 * SegmentOfResult other than 1 → `failed` / `terminal-error` with ErrorCode and ErrorMessage (the
 * failure value is 9 in one source and 3 in another); ProcessingResultStatus other than 1 →
 * `failed` / `processing-error`; else QualificationValidity 1–5 with the qualifications of
 * ResultList, and ProcessingResultMessage passed on as a notice. Never throws: anything else is
 * `failed` / `unreadable-response`, with a sentence that holds no value from the file.
 */
export function parseEligibilityResponse(bytes: Buffer): OqsResponse {
  const { text: xml, encoding } = decodeXml(bytes);
  if (XMLValidator.validate(xml) !== true) return { encoding, answer: unreadable('The response file is not well-formed XML.') };
  let root: Node;
  try {
    root = node(node(parser.parse(xml) as unknown).XmlMsg);
  } catch {
    return { encoding, answer: unreadable('The response file could not be parsed.') };
  }
  const header = node(root.MessageHeader);
  const body = node(root.MessageBody);
  const fileId = text(header.ArbitraryFileIdentifier);
  const answer = answerOf(header, body);
  return { encoding, answer, ...(fileId ? { fileId } : {}) };
}

function answerOf(header: Node, body: Node): OqsAnswer {
  const segment = text(header.SegmentOfResult);
  if (segment === undefined) return unreadable('The response has no SegmentOfResult.');
  if (segment !== '1') {
    const code = text(header.ErrorCode);
    return {
      status: 'failed',
      reason: 'terminal-error',
      ...(code ? { code } : {}),
      message: text(header.ErrorMessage) ?? `The terminal answered SegmentOfResult ${segment} without a message.`,
    };
  }
  const processingStatus = text(body.ProcessingResultStatus);
  const processingCode = text(body.ProcessingResultCode);
  const processingMessage = text(body.ProcessingResultMessage);
  if (processingStatus !== undefined && processingStatus !== '1') {
    return {
      status: 'failed',
      reason: 'processing-error',
      ...(processingCode ? { code: processingCode } : {}),
      message: processingMessage ?? `The terminal answered ProcessingResultStatus ${processingStatus} without a message.`,
    };
  }
  const results = (node(body.ResultList).ResultOfQualificationConfirmation as unknown[] | undefined) ?? [];
  const validity = text(body.QualificationValidity) ?? (results[0] ? text(node(results[0]).QualificationValidity) : undefined);
  const status = validity === undefined ? undefined : VALIDITY[validity];
  if (!status) return unreadable('The response has no QualificationValidity from 1 to 5.');
  const processedAt = localDateTime(text(header.ProcessExecutionTime));
  const candidate = {
    status,
    qualifications: results.map((r) => qualificationOf(node(r))),
    ...(processingMessage ? { notice: { ...(processingCode ? { code: processingCode } : {}), message: processingMessage } } : {}),
    ...(processedAt ? { processedAt } : {}),
  };
  const parsed = OqsAnswer.safeParse(candidate);
  if (parsed.success) return parsed.data;
  // Names the fields at fault, never their values (personal data).
  const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[i.path.length - 1] ?? i.path.join('.'))))].join(', ');
  return unreadable(`The response's qualification data is not as expected (${fields}).`);
}
