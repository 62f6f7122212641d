import { DomainError } from '@hcv/domain';
import type { OutboxEntry, OutboxStore } from '@hcv/persistence';
import type { InsurerEnrolment } from '../domain/insurer.decide';

export type { InsurerEnrolment };

/** The only code that touches the registry's insurer enrolments (導入届 / 廃止届), keyed by the code 支払基金 assigned. */
export interface InsurerRepository {
  /** Events staged with a write ride in the enrolment's document until the relay sent them. */
  readonly outbox: OutboxStore;
  /** Fails with online-eligibility-code-already-registered if the code is recorded. */
  insert(enrolment: InsurerEnrolment, events?: readonly OutboxEntry[]): Promise<void>;
  get(onlineEligibilityCode: string): Promise<InsurerEnrolment | null>;
  /** Stores `next` only if the stored status and withdrawal are still `current`'s; null otherwise. */
  write(current: InsurerEnrolment, next: InsurerEnrolment, events?: readonly OutboxEntry[]): Promise<InsurerEnrolment | null>;
  /** The insurer's enrolment whose status is still `active` (its withdrawal may be filed for a later date). */
  activeEnrolment(insurerNumber: string): Promise<InsurerEnrolment | null>;
  /** Active enrolments whose withdrawal took effect at or before `at` (ISO instant): the sweep applies them. */
  dueWithdrawals(at: string): Promise<InsurerEnrolment[]>;
  /** Every enrolment, by code. */
  list(): Promise<InsurerEnrolment[]>;
}

export const codeAlreadyRegistered = (code: string) =>
  new DomainError(
    'online-eligibility-code-already-registered',
    `Code ${code} is already recorded for an insurer; check the code 支払基金 assigned.`,
    409,
    'onlineEligibilityCode',
  );
