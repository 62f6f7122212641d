import type { ActivationCode } from '../domain/activation-code';

export type { ActivationCode };

/** The only code that touches the registry's activation codes and the count of failed redemptions. */
export interface ActivationCodeRepository {
  /** Stores a new unused code and voids the device's earlier unused ones. */
  issue(code: ActivationCode): Promise<void>;
  find(codeHash: string): Promise<ActivationCode | null>;
  /** Marks an unused code used at `at`; false when it was not unused any more (another redemption won). */
  claim(codeHash: string, at: string): Promise<boolean>;
  /** Gives back a code claimed at `at` whose activation then failed, so that it can be tried again. */
  release(codeHash: string, at: string): Promise<void>;
  /** Counts one failed redemption from the address in the window starting at `windowStart`; the count so far. */
  countFailure(address: string, windowStart: string, windowEnd: string): Promise<number>;
  /** The failed redemptions from the address in the window starting at `windowStart`. */
  failures(address: string, windowStart: string): Promise<number>;
}
