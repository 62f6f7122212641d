import {
  draft,
  InstitutionRegisteredV2,
  type CheckPurpose,
  type Decision,
  type InstitutionListing,
  type RegisterInstitutionRequest,
} from '@hcv/contracts';
import { institutionNumberOrThrow } from '@hcv/domain';

/**
 * A checkup/guidance institution by its 健診・保健指導機関番号. (Insurers running checkups themselves
 * are InsurerEnrolments, by the code 支払基金 assigned; `kind: 'insurer'` only names rows stored before
 * that, which the registry migrates on start-up.)
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
  /** Days and hours of operation, and whether it has a 既存型 資格確認端末 (see InstitutionListing). */
  openingHours?: InstitutionListing['openingHours'];
  openingNote?: string;
  existingTypeTerminal?: boolean;
}

/** The optional 実施機関一覧表 details a request gave (absent ones stay absent). */
export function listingOf(command: InstitutionListing): Partial<Institution> {
  const { postalCode, address, phone, checkupKinds, openingHours, openingNote, existingTypeTerminal } = command;
  return {
    ...(postalCode ? { postalCode } : {}),
    ...(address ? { address } : {}),
    ...(phone ? { phone } : {}),
    ...(checkupKinds ? { checkupKinds: [...new Set(checkupKinds)] } : {}),
    ...(openingHours ? { openingHours: openingHours.map((h) => ({ ...h, days: [...new Set(h.days)] })) } : {}),
    ...(openingNote ? { openingNote } : {}),
    ...(existingTypeTerminal !== undefined ? { existingTypeTerminal } : {}),
  };
}

function added(input: Omit<Institution, 'status' | 'registeredAt'>, by: string, at: Date): Decision<Institution> {
  const institution: Institution = { ...input, status: 'active', registeredAt: at.toISOString() };
  const { institutionNumber, name, registeredAt } = institution;
  return {
    state: institution,
    events: [draft(InstitutionRegisteredV2, { institutionNumber, name, ...listingOf(institution), registeredAt, registeredBy: by })],
  };
}

/** A checkup institution, by a valid 健診・保健指導機関番号 (refused with the sentence saying what is wrong). */
export function registerInstitution(command: RegisterInstitutionRequest, at: Date): Decision<Institution> {
  const institutionNumber = institutionNumberOrThrow(command.institutionNumber, 'institutionNumber');
  return added({ institutionNumber, kind: 'checkup-institution', name: command.name, ...listingOf(command) }, command.registeredBy, at);
}
