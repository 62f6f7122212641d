import type { CardProblem, DeskNextStep } from '@hcv/contracts';

/** What the desk does next after each card problem, in order, and the sentences the session view shows. */
export const CARD_PROBLEM_STEPS: Record<CardProblem, { nextSteps: DeskNextStep[]; reason: string; reasonJa: string }> = {
  'not-registered': {
    nextSteps: ['present-alternative-document'],
    reason:
      'The card has no health-insurance use registration (利用登録), so it answers no eligibility check: confirm eligibility with an alternative document (Mynaportal screen, eligibility certificate, or the paper card while valid).',
    reasonJa:
      'このマイナンバーカードは健康保険証の利用登録がされていないため、資格確認できません。資格確認書・マイナポータルの資格情報画面など別の書類で資格を確認してください。',
  },
  'certificate-expired': {
    nextSteps: ['renew-card-at-municipality', 'present-alternative-document'],
    reason:
      'The card’s electronic certificate has expired: the visitor renews it at the municipality; today, confirm eligibility with an alternative document.',
    reasonJa:
      'カードの電子証明書の有効期限が切れています。お住まいの市区町村で更新手続きをご案内し、本日は資格確認書など別の書類で資格を確認してください。',
  },
  'certificate-revoked': {
    nextSteps: ['renew-card-at-municipality', 'present-alternative-document'],
    reason:
      'The card’s electronic certificate has been revoked: the visitor has it reissued at the municipality; today, confirm eligibility with an alternative document.',
    reasonJa:
      'カードの電子証明書が失効しています。お住まいの市区町村で再発行の手続きをご案内し、本日は資格確認書など別の書類で資格を確認してください。',
  },
  unreadable: {
    nextSteps: ['re-read-card', 'present-alternative-document'],
    reason:
      'The card could not be read: read it again (clean it, place it flat on the reader); if it still fails, use an alternative document.',
    reasonJa:
      'カードを読み取れませんでした。もう一度読み取ってください（カードを拭き、リーダーに平らに置く）。それでも読めない場合は別の書類で資格を確認してください。',
  },
};
