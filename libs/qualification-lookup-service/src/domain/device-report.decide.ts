import type { LookupResultV2, ReportedEligibility } from '@hcv/contracts';
import { qualificationOf, reasonOf } from './qualification-of';

/**
 * 資格確認限定型: what the device's national app showed, as the answer to the session's request.
 * 資格有効性 1 → eligible; 2 → lost (on 有効終了日 when the app showed one, otherwise by the checkup date:
 * the app found it invalid); 3 → changed-insurer (a newer qualification exists: the new insurer's
 * voucher is needed); 4 → not-found; 5 → multiple (the count the app gave, at least 2). A report that
 * cannot be a qualification (a field left out, an insurer number failing its check digit) answers
 * "unavailable" with the reason, which leads the desk to a manual check; nothing is guessed.
 */
export function resultOfReport(reported: ReportedEligibility, checkupDate: string): LookupResultV2 {
  switch (reported.validity) {
    case 'no-match':
      return { status: 'not-found' };
    case 'multiple':
      return { status: 'multiple', candidates: reported.candidates ?? 2 };
    case 'valid':
    case 'invalid':
    case 'invalid-newer-exists':
      break;
  }
  const lostOn = reported.validity === 'invalid' ? (reported.validUntil ?? checkupDate) : reported.validUntil;
  const made = qualificationOf({
    insurerNumber: reported.insurerNumber,
    insurerName: reported.insurerName,
    symbol: reported.symbol,
    number: reported.number,
    branch: reported.branch,
    relationship: reported.relationship,
    name: reported.name,
    nameKana: reported.nameKana,
    birthDate: reported.birthDate,
    sex: reported.sex,
    // 資格取得年月日; the app's 有効開始日 where it showed only that.
    acquiredOn: reported.acquiredOn ?? reported.validFrom,
    ...(reported.validity !== 'valid' && lostOn ? { lostOn } : {}),
  });
  if ('problem' in made) return { status: 'unavailable', reason: reasonOf(`the device's report of the national app ${made.problem}`) };
  const { qualification } = made;
  if (reported.validity === 'valid') return { status: 'eligible', qualification };
  if (reported.validity === 'invalid') return { status: 'lost', qualification, lostOn: lostOn! };
  return { status: 'changed-insurer', qualification, ...(lostOn ? { lostOn } : {}) };
}

/** The typed failure of a device-reported institution whose request carries no report. */
export const NO_REPORT_REASON =
  'this institution confirms eligibility with the national app on the device (限定型): the request carries no report of what it showed';
