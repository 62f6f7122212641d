import {
  draft,
  InstitutionRegisteredV1,
  InstitutionWithdrawnV1,
  type CheckPurpose,
  type Decision,
  type IntroductionNoticeRequest,
  type RegisterInstitutionRequest,
  type WithdrawalNoticeRequest,
} from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain';
import { institutionNumberProblem, isValidInsurerNumber, normalizeInsurerNumber } from '@hcv/domain';

/**
 * A checkup/guidance institution (by its 健診・保健指導機関番号) or an insurer running checkups itself
 * (by the オンライン資格確認用コード issued on its 導入届; a 廃止届 withdraws it).
 */
export interface Institution {
  institutionNumber: string;
  kind: 'checkup-institution' | 'insurer';
  name: string;
  insurerNumber?: string;
  status: 'active' | 'withdrawn';
  registeredAt: string;
  withdrawnAt?: string;
  withdrawalReason?: string;
  /** For the 実施機関一覧表 (optional; see InstitutionListingFields). */
  postalCode?: string;
  address?: string;
  phone?: string;
  checkupKinds?: CheckPurpose[];
}

const PROBLEM_SENTENCE = {
  format: 'An institution number (健診・保健指導機関番号) has exactly 10 digits.',
  prefecture: 'The first two digits must be a prefecture code from 01 to 47.',
  category: 'The third digit must be 1 (insured medical institution) or 2 (other checkup institution).',
  'check-digit': 'The check digit of the medical institution code is wrong; check the number on the notice.',
} as const;

/** The optional 実施機関一覧表 details a request gave (absent ones stay absent). */
function listingOf(command: Pick<Institution, 'postalCode' | 'address' | 'phone' | 'checkupKinds'>): Partial<Institution> {
  const { postalCode, address, phone, checkupKinds } = command;
  return {
    ...(postalCode ? { postalCode } : {}),
    ...(address ? { address } : {}),
    ...(phone ? { phone } : {}),
    ...(checkupKinds ? { checkupKinds: [...new Set(checkupKinds)] } : {}),
  };
}

function added(input: Omit<Institution, 'status' | 'registeredAt'>, by: string, at: Date): Decision<Institution> {
  const institution: Institution = { ...input, status: 'active', registeredAt: at.toISOString() };
  const { institutionNumber, kind, name, insurerNumber, registeredAt } = institution;
  return {
    state: institution,
    events: [
      draft(InstitutionRegisteredV1, {
        institutionNumber,
        kind,
        name,
        ...(insurerNumber ? { insurerNumber } : {}),
        registeredAt,
        registeredBy: by,
      }),
    ],
  };
}

/** A checkup institution, by a valid 健診・保健指導機関番号 (refused with the sentence saying what is wrong). */
export function registerInstitution(command: RegisterInstitutionRequest, at: Date): Decision<Institution> {
  const problem = institutionNumberProblem(command.institutionNumber);
  if (problem) throw new DomainError('invalid-institution-number', PROBLEM_SENTENCE[problem], 400, 'institutionNumber');
  return added(
    { institutionNumber: command.institutionNumber, kind: 'checkup-institution', name: command.name, ...listingOf(command) },
    command.registeredBy,
    at,
  );
}

/** The insurer number of a 導入届, normalised; refused when its check digit is wrong. */
export function introducedInsurerNumber(command: IntroductionNoticeRequest): string {
  const insurerNumber = normalizeInsurerNumber(command.insurerNumber);
  if (!isValidInsurerNumber(insurerNumber)) {
    throw new DomainError('invalid-insurer-number', 'The insurer number (保険者番号) has a wrong check digit.', 400, 'insurerNumber');
  }
  return insurerNumber;
}

/** An insurer holds one active code at a time: a second 導入届 is refused until it files a 廃止届. */
export function refuseSecondEnrolment(insurerNumber: string, existing: Institution | null): void {
  if (existing) {
    throw new DomainError(
      'insurer-already-enrolled',
      `Insurer ${insurerNumber} already holds code ${existing.institutionNumber}; file a withdrawal first.`,
      409,
      'insurerNumber',
    );
  }
}

/** 導入届: the insurer is enrolled under the オンライン資格確認用コード issued to it. */
export function introduceInsurer(
  command: IntroductionNoticeRequest,
  enrolment: { insurerNumber: string; code: string },
  at: Date,
): Decision<Institution> {
  return added(
    {
      institutionNumber: enrolment.code,
      kind: 'insurer',
      name: command.insurerName,
      insurerNumber: enrolment.insurerNumber,
      ...listingOf(command),
    },
    command.filedBy,
    at,
  );
}

/** 廃止届: ends an insurer's active code (its devices are suspended one by one, see decideDevice). */
export function withdrawInsurer(command: WithdrawalNoticeRequest, institution: Institution, at: Date): Decision<Institution> {
  const { institutionNumber } = institution;
  if (institution.kind !== 'insurer') throw new NotFoundError('online-eligibility-code', command.onlineEligibilityCode);
  if (institution.status !== 'active') throw new DomainError('already-withdrawn', `Code ${institutionNumber} was already withdrawn.`, 409);
  const withdrawnAt = at.toISOString();
  return {
    state: { ...institution, status: 'withdrawn', withdrawnAt, withdrawalReason: command.reason },
    events: [draft(InstitutionWithdrawnV1, { institutionNumber, withdrawnAt, withdrawnBy: command.filedBy, reason: command.reason })],
  };
}
