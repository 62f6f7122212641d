import type { DataOf, EligibilityRequestedV2, EligibilityRequestedV3, LookupResultV2 } from '@hcv/contracts';
import { OqsEligibilityQuery, type OqsAnswer, type OqsQualification } from '@hcv/oqs-files';
import { qualificationOf, reasonOf, type PartialQualification } from './qualification-of';

const fromTerminal = (q: OqsQualification): PartialQualification => ({
  insurerNumber: q.insurerNumber,
  insurerName: q.insurerName,
  symbol: q.symbol,
  number: q.number,
  branch: q.branch,
  relationship: q.relationship,
  name: q.name,
  nameKana: q.nameKana,
  birthDate: q.birthDate,
  sex: q.sex,
  acquiredOn: q.acquiredOn,
  ...(q.lostOn ? { lostOn: q.lostOn } : {}),
});

/**
 * 既存型: the 資格確認端末's answer (through the on-site bridge) as the answer to the session's request.
 * 資格有効性 1 eligible, 2 lost (on the terminal's 資格喪失日, otherwise by the checkup date), 3
 * changed-insurer, 4 not-found, 5 multiple (as many as it listed, at least 2). The bridge's `failed`
 * (the terminal's error, a timeout, an unreachable folder) is "unavailable" with its reason and code;
 * so is an answer that lacks a field the platform's qualification needs (never filled in by guess).
 * The terminal's notice (e.g. the card expires soon) is shown by the bridge; it is not carried further.
 */
export function resultOfTerminalAnswer(answer: OqsAnswer, checkupDate: string): LookupResultV2 {
  switch (answer.status) {
    case 'failed':
      return {
        status: 'unavailable',
        reason: reasonOf(`資格確認端末: ${answer.reason}${answer.code ? ` (${answer.code})` : ''}: ${answer.message}`),
      };
    case 'not-found':
      return { status: 'not-found' };
    case 'multiple':
      return { status: 'multiple', candidates: Math.max(2, answer.qualifications.length) };
    case 'eligible':
    case 'lost':
    case 'changed-insurer':
      break;
  }
  const first = answer.qualifications[0];
  if (!first) return { status: 'unavailable', reason: `資格確認端末: the ${answer.status} answer lists no qualification` };
  const lostOn = answer.status === 'lost' ? (first.lostOn ?? checkupDate) : first.lostOn;
  const made = qualificationOf({ ...fromTerminal(first), ...(answer.status !== 'eligible' && lostOn ? { lostOn } : {}) });
  if ('problem' in made) return { status: 'unavailable', reason: reasonOf(`資格確認端末: the answer ${made.problem}`) };
  if (answer.status === 'eligible') return { status: 'eligible', qualification: made.qualification };
  if (answer.status === 'lost') return { status: 'lost', qualification: made.qualification, lostOn: lostOn! };
  return { status: 'changed-insurer', qualification: made.qualification, ...(lostOn ? { lostOn } : {}) };
}

/**
 * The question for the terminal (個別照会): 保険者番号, 記号・番号・枝番 and 生年月日 from the request's
 * `terminalQuery`, the insurer number, 記号 and 番号 taken from the presented voucher (when there is
 * one: an insurer-only 人間ドック has none) where the query leaves them out; 資格確認日 = the checkup date. Refused (the reason names fields, never values) when
 * there is no query or it does not make a valid request.
 */
export function terminalQueryOf(
  request: DataOf<typeof EligibilityRequestedV2> | DataOf<typeof EligibilityRequestedV3>,
): { query: OqsEligibilityQuery } | { problem: string } {
  const given = request.terminalQuery;
  if (!given)
    return {
      problem:
        'this institution confirms eligibility through its 資格確認端末 (既存型): the request carries no terminalQuery (birth date, 記号・番号)',
    };
  const parsed = OqsEligibilityQuery.safeParse({
    insurerNumber: given.insurerNumber ?? request.voucher?.insurerNumber,
    symbol: given.symbol ?? request.voucher?.symbol ?? '',
    number: given.number ?? request.voucher?.number,
    ...(given.branch ? { branch: given.branch } : {}),
    birthDate: given.birthDate,
    onDate: request.checkupDate,
  });
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'query'))];
    return { problem: reasonOf(`the query for the 資格確認端末 is incomplete or invalid: ${fields.join(', ')}`) };
  }
  return { query: parsed.data };
}
