import type { OqsAnswer, OqsEligibilityQueryInput } from '@hcv/oqs-files';

/**
 * The site's 資格確認端末, asked one question at a time. Never throws for what the terminal does
 * or fails to do: a terminal error, no answer within the timeout, an unreadable file or a request
 * that cannot be written are answers with status `failed` and their reason.
 */
export interface Terminal {
  query(query: OqsEligibilityQueryInput): Promise<OqsAnswer>;
}
