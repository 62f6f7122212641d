import {
  draft,
  InsurerIntroducedV1,
  InsurerWithdrawnV1,
  unchanged,
  type CheckPurpose,
  type Decision,
  type IntroductionNotice,
  type WithdrawalNoticeRequest,
} from '@hcv/contracts';
import { DomainError, isOnlineEligibilityCode, isValidInsurerNumber, normalizeInsurerNumber, onlineEligibilityCode } from '@hcv/domain';

/**
 * An insurer that runs checkups itself, recorded from its introduction notice (導入届, 別添1) under
 * the オンライン資格確認用コード that 支払基金 assigned to it. The platform never issues a code, and the
 * code is never an institution number. A withdrawal notice (廃止届, 別添2) ends it from its effective date.
 */
export interface InsurerEnrolment {
  onlineEligibilityCode: string;
  insurerNumber: string;
  name: string;
  /** 実施施設 */
  facilities: { name: string; address?: string }[];
  /** 担当者 (absent on enrolments recorded before the notice's fields were kept). */
  contact?: { name: string; phone: string };
  /** 導入予定日 */
  plannedStartDate?: string;
  /** The 保険者団体 that filed the notice for the insurer (bulk filing). */
  filedFor?: string;
  /** `withdrawn` once the withdrawal's effective date is reached (see insurerStatusAt). */
  status: 'active' | 'withdrawn';
  registeredAt: string;
  withdrawal?: { effectiveDate: string; effectiveFrom: string; filedAt: string; filedBy: string; reason: string };
  postalCode?: string;
  address?: string;
  phone?: string;
  checkupKinds?: CheckPurpose[];
}

/**
 * The first instant of a date in Japan time (UTC+9, no daylight saving): a withdrawal dated
 * 2027-04-01 takes effect at 2027-04-01T00:00+09:00.
 */
export function startOfJapanDate(date: string): Date {
  return new Date(`${date}T00:00:00+09:00`);
}

/** The code as 支払基金 assigned it, folded to half width; refused with a typed error when it is not 1–20 letters/digits. */
export function recordedCode(raw: string): string {
  const code = onlineEligibilityCode(raw);
  if (!isOnlineEligibilityCode(code)) {
    throw new DomainError(
      'invalid-online-eligibility-code',
      'The online eligibility code (オンライン資格確認用コード, as 支払基金 assigned it) must be 1–20 letters or digits.',
      400,
      'onlineEligibilityCode',
    );
  }
  return code;
}

/** The insurer number of a 導入届, normalised; refused when its check digit is wrong. */
export function introducedInsurerNumber(notice: Pick<IntroductionNotice, 'insurerNumber'>): string {
  const insurerNumber = normalizeInsurerNumber(notice.insurerNumber);
  if (!isValidInsurerNumber(insurerNumber)) {
    throw new DomainError('invalid-insurer-number', 'The insurer number (保険者番号) has a wrong check digit.', 400, 'insurerNumber');
  }
  return insurerNumber;
}

/** Whether the enrolment still counts at `at`: a withdrawal counts from its effective instant, swept or not. */
export function insurerStatusAt(enrolment: InsurerEnrolment, at: Date): 'active' | 'withdrawn' {
  if (enrolment.status === 'withdrawn') return 'withdrawn';
  return enrolment.withdrawal && new Date(enrolment.withdrawal.effectiveFrom) <= at ? 'withdrawn' : 'active';
}

/** The facts a 導入届 is decided on: the insurer's current enrolment, and whoever holds the code already. */
export interface IntroductionFacts {
  insurerNumber: string;
  code: string;
  currentEnrolment: InsurerEnrolment | null;
  codeHolder: InsurerEnrolment | null;
}

/**
 * 導入届: the insurer is recorded under the code 支払基金 assigned. Refused while it holds an enrolment
 * that counts (one code at a time: a 廃止届 first), and when the code is already recorded (for any
 * insurer, withdrawn or not: codes are not reused by the platform).
 */
export function introduceInsurer(
  notice: IntroductionNotice & { filedBy: string; filedFor?: string },
  facts: IntroductionFacts,
  at: Date,
): Decision<InsurerEnrolment> {
  const { insurerNumber, code, currentEnrolment, codeHolder } = facts;
  if (currentEnrolment && insurerStatusAt(currentEnrolment, at) === 'active') {
    throw new DomainError(
      'insurer-already-enrolled',
      `Insurer ${insurerNumber} already holds code ${currentEnrolment.onlineEligibilityCode}; file a withdrawal first.`,
      409,
      'insurerNumber',
    );
  }
  if (codeHolder) {
    throw new DomainError(
      'online-eligibility-code-already-registered',
      `Code ${code} is already recorded for insurer ${codeHolder.insurerNumber}; check the code 支払基金 assigned.`,
      409,
      'onlineEligibilityCode',
    );
  }
  const { postalCode, address, phone, checkupKinds } = notice;
  const facilities = notice.facilities.map((f) => ({ name: f.name, ...(f.address ? { address: f.address } : {}) }));
  const enrolment: InsurerEnrolment = {
    onlineEligibilityCode: code,
    insurerNumber,
    name: notice.insurerName,
    facilities,
    contact: { name: notice.contact.name, phone: notice.contact.phone },
    plannedStartDate: notice.plannedStartDate,
    ...(notice.filedFor ? { filedFor: notice.filedFor } : {}),
    status: 'active',
    registeredAt: at.toISOString(),
    ...(postalCode ? { postalCode } : {}),
    ...(address ? { address } : {}),
    ...(phone ? { phone } : {}),
    ...(checkupKinds ? { checkupKinds: [...new Set(checkupKinds)] } : {}),
  };
  return {
    state: enrolment,
    events: [
      // The contact person (担当者) is personal data no consumer needs: it stays in the registry.
      draft(InsurerIntroducedV1, {
        onlineEligibilityCode: code,
        insurerNumber,
        insurerName: enrolment.name,
        facilities,
        plannedStartDate: notice.plannedStartDate,
        filedAt: enrolment.registeredAt,
        filedBy: notice.filedBy,
        ...(notice.filedFor ? { filedFor: notice.filedFor } : {}),
      }),
    ],
  };
}

/**
 * 廃止届: records the withdrawal with its effective date (any date: a past or present one takes effect
 * at once, a future one when it is reached). The status stays `active` until the withdrawal is
 * applied (applyDueWithdrawal, after the devices are suspended), so a crash in between leaves it for
 * the sweep; insurerStatusAt already counts it withdrawn. A second notice for the same code is refused.
 */
export function fileWithdrawal(command: WithdrawalNoticeRequest, enrolment: InsurerEnrolment, at: Date): Decision<InsurerEnrolment> {
  const code = enrolment.onlineEligibilityCode;
  if (enrolment.status !== 'active' || enrolment.withdrawal) {
    throw new DomainError('already-withdrawn', `Code ${code} was already withdrawn, or its withdrawal is already filed.`, 409);
  }
  const effectiveFrom = startOfJapanDate(command.effectiveDate);
  const withdrawal = {
    effectiveDate: command.effectiveDate,
    effectiveFrom: effectiveFrom.toISOString(),
    filedAt: at.toISOString(),
    filedBy: command.filedBy,
    reason: command.reason,
  };
  return {
    state: { ...enrolment, withdrawal },
    events: [draft(InsurerWithdrawnV1, { onlineEligibilityCode: code, insurerNumber: enrolment.insurerNumber, ...withdrawal })],
  };
}

/** A withdrawal whose effective instant has come is applied (no event: insurer.withdrawn told it when filed). */
export function applyDueWithdrawal(enrolment: InsurerEnrolment, at: Date): Decision<InsurerEnrolment> {
  if (enrolment.status === 'active' && insurerStatusAt(enrolment, at) === 'withdrawn') {
    return { state: { ...enrolment, status: 'withdrawn' }, events: [] };
  }
  return unchanged(enrolment);
}
