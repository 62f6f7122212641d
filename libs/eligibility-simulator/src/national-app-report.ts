import type { ReportedEligibility } from '@hcv/contracts';
import type { InsuredPerson } from './population';

/**
 * What the national マイナ資格確認アプリ would show on a registered device (資格確認限定型) for a
 * synthetic person's card on a date — the fields of its result screen, as the device reports them
 * (`reported`): 有効 with the qualification, 無効 from its end date, 該当資格なし for an unknown card
 * (undefined), 複数該当 for a duplicated record. Development and demos only: a real device reports
 * what a real app showed.
 */
export function nationalAppReport(person: InsuredPerson | undefined, onDate: string, confirmedAt: string): ReportedEligibility {
  if (!person) return { validity: 'no-match', confirmedAt };
  if (person.duplicated) return { validity: 'multiple', candidates: 2, confirmedAt };
  const q = person.qualification;
  const lost = q.lostOn !== undefined && q.lostOn <= onDate;
  return {
    validity: lost ? 'invalid' : 'valid',
    insurerNumber: q.insurerNumber,
    insurerName: q.insurerName,
    symbol: q.symbol,
    number: q.number,
    branch: q.branch,
    name: q.name,
    nameKana: q.nameKana,
    birthDate: q.birthDate,
    sex: q.sex,
    relationship: q.relationship,
    acquiredOn: q.acquiredOn,
    ...(q.lostOn ? { validUntil: q.lostOn } : {}),
    confirmedAt,
  };
}
