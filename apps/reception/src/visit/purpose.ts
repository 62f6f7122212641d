import type { CheckPurpose } from '@hcv/contracts';

export type Purpose = CheckPurpose;

/** The purposes a desk chooses from, in the order shown (本人確認 is never one: online eligibility may not serve it). */
export const PURPOSES: readonly Purpose[] = ['specific-checkup', 'specific-guidance', 'comprehensive-checkup'];
