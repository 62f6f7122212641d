import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { DECLARATION_LABEL, decodeXml, encodeXml, type OqsEncoding } from '../encoding';

/** One ResultOfQualificationConfirmation as a terminal writes it (element name → text). */
export type TerminalResult = Record<string, string>;

/** A qualification of 協会けんぽ東京 (01130012) as the terminal would answer it; test data only. */
export function aTerminalResult(overrides: TerminalResult = {}): TerminalResult {
  return {
    InsuredCardClassification: '01',
    InsurerNumber: '01130012',
    InsuredCardSymbol: '１２３４',
    InsuredIdentificationNumber: '567',
    InsuredBranchNumber: '01',
    PersonalFamilyClassification: '1',
    InsuredName: '健診　太郎',
    Name: '健診　太郎',
    NameKana: 'ｹﾝｼﾝ ﾀﾛｳ',
    Sex1: '1',
    Birthdate: '19700401',
    QualificationDate: '20200401',
    InsurerName: '全国健康保険協会東京支部',
    ...overrides,
  };
}

/**
 * Consent elements for health data as vendors' code names them (the real layout was not
 * available): a response carrying them must yield none of their values. The values are markers a
 * test can search for.
 */
export const CONSENT_ELEMENTS: TerminalResult = {
  SpecificHealthCheckupsInfoConsFlg: '1',
  SpecificHealthCheckupsInfoConsTime: '20240501101010',
  SpecificHealthCheckupsInfoAvailableTime: 'CONSENT-MARKER-1',
  PharmacistsInfoConsFlg: '1',
  PharmacistsInfoConsTime: 'CONSENT-MARKER-2',
  MedicalTreatmentInfoConsFlg: '1',
  OperationInfoConsFlg: 'CONSENT-MARKER-3',
};

export interface ResponseXmlOptions {
  encoding?: OqsEncoding;
  /** Write `CharacterCodeIdentifier` (0 UTF-8, 1 Shift_JIS); default true. */
  characterCode?: boolean;
  /** Write the XML declaration with its encoding; default true. */
  declaration?: boolean;
  fileId?: string;
  institutionNumber?: string;
  segmentOfResult?: string;
  errorCode?: string;
  errorMessage?: string;
  processingResultStatus?: string;
  processingResultCode?: string;
  processingResultMessage?: string;
  validity?: string;
  results?: TerminalResult[];
  /** Add the consent elements to the body and to every result. */
  withConsent?: boolean;
}

const builder = new XMLBuilder({ format: true, indentBy: '  ' });

/** A `…01res_<id>.xml` response as the 資格確認端末 writes it (INTERFACES.md §1), for tests and the fake terminal. */
export function responseXml(options: ResponseXmlOptions = {}): Buffer {
  const encoding = options.encoding ?? 'utf-8';
  const segment = options.segmentOfResult ?? '1';
  const results = (options.results ?? (options.validity === '4' ? [] : [aTerminalResult()])).map((r) => ({
    ...r,
    ...(options.withConsent ? CONSENT_ELEMENTS : {}),
  }));
  const header = {
    ProcessExecutionTime: '20240501101530',
    QualificationConfirmationDate: '20240501',
    MedicalInstitutionCode: options.institutionNumber ?? '3410712362',
    ArbitraryFileIdentifier: options.fileId ?? '0501101530123001',
    ReferenceClassification: '2',
    SegmentOfResult: segment,
    ...(options.errorCode ? { ErrorCode: options.errorCode } : {}),
    ...(options.errorMessage ? { ErrorMessage: options.errorMessage } : {}),
    ...((options.characterCode ?? true) ? { CharacterCodeIdentifier: encoding === 'utf-8' ? '0' : '1' } : {}),
  };
  const body =
    segment === '1'
      ? {
          ProcessingResultStatus: options.processingResultStatus ?? '1',
          ...(options.processingResultCode ? { ProcessingResultCode: options.processingResultCode } : {}),
          ...(options.processingResultMessage ? { ProcessingResultMessage: options.processingResultMessage } : {}),
          ...(options.validity ? { QualificationValidity: options.validity } : {}),
          ...(options.withConsent ? CONSENT_ELEMENTS : {}),
          ...(results.length ? { ResultList: { ResultOfQualificationConfirmation: results } } : {}),
        }
      : {};
  const declaration = (options.declaration ?? true) ? `<?xml version="1.0" encoding="${DECLARATION_LABEL[encoding]}"?>\n` : '';
  return encodeXml(`${declaration}${builder.build({ XmlMsg: { MessageHeader: header, MessageBody: body } }) as string}`, encoding);
}

const requestParser = new XMLParser({ parseTagValue: false, trimValues: false, ignoreDeclaration: true });

/** The fields of an `OQSsiquc01req_` request, flattened (element name → text), as a terminal reads them; throws on a file that is not well-formed. */
export function readEligibilityRequest(bytes: Buffer): { encoding: OqsEncoding; header: TerminalResult; search: TerminalResult } {
  const { text, encoding } = decodeXml(bytes);
  if (XMLValidator.validate(text) !== true) throw new Error('the request is not well-formed XML');
  const root = (
    requestParser.parse(text) as {
      XmlMsg: { MessageHeader: TerminalResult; MessageBody: { QualificationConfirmSearchInfo: TerminalResult } };
    }
  ).XmlMsg;
  // Untrimmed (to see the padding of InsurerNumber), so the indentation between elements is dropped here.
  const fields = (element: TerminalResult) => Object.fromEntries(Object.entries(element).filter(([name]) => name !== '#text'));
  return { encoding, header: fields(root.MessageHeader), search: fields(root.MessageBody.QualificationConfirmSearchInfo) };
}
