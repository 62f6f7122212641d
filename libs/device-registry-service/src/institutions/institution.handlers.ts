import {
  DeviceSuspendedV1,
  InstitutionRegisteredV1,
  InstitutionWithdrawnV1,
  type IntroductionNoticeRequest,
  type RegisterInstitutionRequest,
  type WithdrawalNoticeRequest,
} from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain-errors';
import { institutionNumberProblem, isValidInsurerNumber, normalizeInsurerNumber, onlineEligibilityCode } from '@hcv/domain-identifiers';
import type { EventPublisher } from '@hcv/messaging';
import { transition } from '../devices/device';
import type { DeviceRepository } from '../devices/device.repository';
import type { Institution, InstitutionRepository } from './institution.repository';

const PROBLEM_SENTENCE = {
  format: 'An institution number (健診・保健指導機関番号) has exactly 10 digits.',
  prefecture: 'The first two digits must be a prefecture code from 01 to 47.',
  category: 'The third digit must be 1 (insured medical institution) or 2 (other checkup institution).',
  'check-digit': 'The check digit of the medical institution code is wrong; check the number on the notice.',
} as const;

/** The optional 実施機関一覧表 details a request gave (absent ones stay absent). */
function listingOf(command: Pick<Institution, 'postalCode' | 'address' | 'phone' | 'checkupKinds'>): Partial<Institution> {
  const { postalCode, address, phone, checkupKinds } = command;
  return { ...(postalCode ? { postalCode } : {}), ...(address ? { address } : {}), ...(phone ? { phone } : {}), ...(checkupKinds ? { checkupKinds: [...new Set(checkupKinds)] } : {}) };
}

export class InstitutionHandlers {
  constructor(
    private readonly institutions: InstitutionRepository,
    private readonly devices: DeviceRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  async register(command: RegisterInstitutionRequest, correlationId: string): Promise<Institution> {
    const problem = institutionNumberProblem(command.institutionNumber);
    if (problem) throw new DomainError('invalid-institution-number', PROBLEM_SENTENCE[problem], 400, 'institutionNumber');
    return this.add({ institutionNumber: command.institutionNumber, kind: 'checkup-institution', name: command.name, ...listingOf(command) }, command.registeredBy, correlationId);
  }

  /** 導入届: an insurer that runs checkups itself is issued an オンライン資格確認用コード. */
  async introduce(command: IntroductionNoticeRequest, correlationId: string): Promise<Institution> {
    const insurerNumber = normalizeInsurerNumber(command.insurerNumber);
    if (!isValidInsurerNumber(insurerNumber)) {
      throw new DomainError('invalid-insurer-number', 'The insurer number (保険者番号) has a wrong check digit.', 400, 'insurerNumber');
    }
    const existing = await this.institutions.activeEnrolment(insurerNumber);
    if (existing) {
      throw new DomainError('insurer-already-enrolled', `Insurer ${insurerNumber} already holds code ${existing.institutionNumber}; file a withdrawal first.`, 409, 'insurerNumber');
    }
    const code = onlineEligibilityCode(await this.institutions.nextCodeSerial());
    return this.add({ institutionNumber: code, kind: 'insurer', name: command.insurerName, insurerNumber, ...listingOf(command) }, command.filedBy, correlationId);
  }

  /** 廃止届: ends the code and suspends every device registered under it. */
  async withdraw(command: WithdrawalNoticeRequest, correlationId: string): Promise<{ institution: Institution; suspendedDevices: string[] }> {
    const institution = await this.institutions.get(command.onlineEligibilityCode);
    if (!institution || institution.kind !== 'insurer') throw new NotFoundError('online-eligibility-code', command.onlineEligibilityCode);
    const at = this.clock();
    if (!(await this.institutions.withdraw(institution.institutionNumber, at.toISOString(), command.reason))) {
      throw new DomainError('already-withdrawn', `Code ${institution.institutionNumber} was already withdrawn.`, 409);
    }
    const reason = `withdrawal notice (廃止届): ${command.reason}`;
    const suspendedDevices: string[] = [];
    for (const device of await this.devices.list({ institutionNumber: institution.institutionNumber })) {
      if (device.state !== 'active' && device.state !== 'requested') continue;
      const next = transition(device, device.state === 'active' ? 'suspended' : 'retired', command.filedBy, at, reason);
      if (!(await this.devices.replace(next, device.state))) continue;
      suspendedDevices.push(device.deviceId);
      await this.publisher.publish(
        DeviceSuspendedV1,
        { deviceId: device.deviceId, at: at.toISOString(), by: command.filedBy, reason },
        { subject: device.deviceId, correlationId },
      );
    }
    await this.publisher.publish(
      InstitutionWithdrawnV1,
      { institutionNumber: institution.institutionNumber, withdrawnAt: at.toISOString(), withdrawnBy: command.filedBy, reason: command.reason },
      { subject: institution.institutionNumber, correlationId },
    );
    return { institution: { ...institution, status: 'withdrawn', withdrawnAt: at.toISOString() }, suspendedDevices };
  }

  private async add(input: Omit<Institution, 'status' | 'registeredAt'>, by: string, correlationId: string): Promise<Institution> {
    const institution: Institution = { ...input, status: 'active', registeredAt: this.clock().toISOString() };
    await this.institutions.insert(institution);
    await this.publisher.publish(
      InstitutionRegisteredV1,
      {
        institutionNumber: institution.institutionNumber,
        kind: institution.kind,
        name: institution.name,
        ...(institution.insurerNumber ? { insurerNumber: institution.insurerNumber } : {}),
        registeredAt: institution.registeredAt,
        registeredBy: by,
      },
      { subject: institution.institutionNumber, correlationId },
    );
    return institution;
  }
}
