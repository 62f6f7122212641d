import { XMLBuilder } from 'fast-xml-parser';
import { DECLARATION_LABEL, encodeXml, type OqsEncoding } from './encoding';
import { OqsEligibilityQuery, OqsInstitutionNumber, type OqsEligibilityQueryInput } from './eligibility-query';
import { requestFileName } from './file-names';
import { padInsurerNumber, type InsurerPadding } from './insurer-number';

/** How this site's terminal wants its requests written (settings of the bridge; see its README). */
export interface OqsRequestOptions {
  /** 医療機関コード / 健診機関番号 the terminal is registered for (10 digits). */
  institutionNumber: string;
  /** The `<id>` of the file names, also written as ArbitraryFileIdentifier. */
  fileId: string;
  /** Vendors write Shift_JIS (UTF-8 also seen): Shift_JIS by default. */
  encoding?: OqsEncoding;
  /** How a 6-digit 国保 number is widened to 8 characters (default `space`). */
  insurerPadding?: InsurerPadding;
}

const compact = (isoDate: string) => isoDate.replace(/-/g, '');

const builder = new XMLBuilder({ format: true, indentBy: '  ' });

/**
 * The single eligibility query (`OQSsiquc01req_<id>.xml`, INTERFACES.md §1): XmlMsg → MessageHeader
 * {QualificationConfirmationDate, MedicalInstitutionCode, ArbitraryFileIdentifier} → MessageBody →
 * QualificationConfirmSearchInfo {InsurerNumber, InsuredCardSymbol, InsuredIdentificationNumber,
 * InsuredBranchNumber, Birthdate, LimitApplicationCertificateRelatedConsFlg}. The 限度額適用認定証 consent
 * flag is always 0: a checkup asks for nothing beyond the qualification. Throws on an invalid query
 * (a zod error naming the field, never its value in a log).
 */
export function buildEligibilityRequest(
  input: OqsEligibilityQueryInput,
  options: OqsRequestOptions,
): { fileName: string; bytes: Buffer; query: OqsEligibilityQuery } {
  const query = OqsEligibilityQuery.parse(input);
  const institutionNumber = OqsInstitutionNumber.parse(options.institutionNumber);
  const encoding = options.encoding ?? 'shift_jis';
  const fileName = requestFileName(options.fileId);
  const document = {
    XmlMsg: {
      MessageHeader: {
        QualificationConfirmationDate: compact(query.onDate),
        MedicalInstitutionCode: institutionNumber,
        ArbitraryFileIdentifier: options.fileId,
      },
      MessageBody: {
        QualificationConfirmSearchInfo: {
          InsurerNumber: padInsurerNumber(query.insurerNumber, options.insurerPadding ?? 'space'),
          InsuredCardSymbol: query.symbol,
          InsuredIdentificationNumber: query.number,
          ...(query.branch ? { InsuredBranchNumber: query.branch } : {}),
          Birthdate: compact(query.birthDate),
          LimitApplicationCertificateRelatedConsFlg: '0',
        },
      },
    },
  };
  const text = `<?xml version="1.0" encoding="${DECLARATION_LABEL[encoding]}"?>\n${builder.build(document) as string}`;
  return { fileName, bytes: encodeXml(text, encoding), query };
}
