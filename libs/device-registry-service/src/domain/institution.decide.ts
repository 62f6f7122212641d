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
import { institutionNumberOrThrow, insurerNumberOrThrow } from '@hcv/domain';

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
  const institutionNumber = institutionNumberOrThrow(command.institutionNumber, 'institutionNumber');
  return added(
    { institutionNumber, kind: 'checkup-institution', name: command.name, ...listingOf(command) },
    command.registeredBy,
    at,
  );
}

/** The insurer number of a 導入届, normalised; refused (invalid-insurer-number) when it is not one. */
export function introducedInsurerNumber(command: IntroductionNoticeRequest): string {
  return insurerNumberOrThrow(command.insurerNumber, 'insurerNumber');
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
