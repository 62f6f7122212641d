import type { AlternativeMethodV2 } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';

/** The checkup dates each alternative method is accepted for (inclusive); read from card-session.config.ts. */
export interface MethodValidity {
  /** Paper 被保険者証: last checkup date. */
  healthInsuranceCardUntil: string;
  /** 国保 and 後期高齢者医療 paper cards: a later last date, when one was announced. */
  healthInsuranceCardGraceUntil?: string;
  mynaportalScreenFrom: string;
  mynaCardWithNoticeFrom: string;
  eligibilityCertificateFrom: string;
}

/** The notice's dates, without any grace (the defaults of card-session.config.ts). */
export const NOTICE_METHOD_VALIDITY: MethodValidity = {
  healthInsuranceCardUntil: '2025-12-01',
  mynaportalScreenFrom: '2024-01-31',
  mynaCardWithNoticeFrom: '2024-12-02',
  eligibilityCertificateFrom: '2024-12-02',
};

/** A method's window: first and last accepted checkup date (either may be open). */
export interface MethodWindow {
  from?: string;
  until?: string;
}

const NAMES: Record<AlternativeMethodV2, { en: string; ja: string }> = {
  'mynaportal-screen': { en: 'the Mynaportal eligibility screen', ja: 'マイナポータルの資格情報画面' },
  'myna-card-with-notice': { en: 'the My Number insurance card with the eligibility notice', ja: 'マイナ保険証＋資格情報のお知らせ' },
  'eligibility-certificate': { en: 'the eligibility certificate', ja: '資格確認書' },
  'health-insurance-card': { en: 'the paper health insurance card', ja: '被保険者証（紙の保険証）' },
};

/**
 * 国保 (municipal and 国保組合: 6-digit insurer numbers) and 後期高齢者医療 (法別番号 39): the insurers
 * whose paper cards the grace setting covers.
 */
export function isRegionalInsurer(insurerNumber: string | undefined): boolean {
  return insurerNumber !== undefined && (insurerNumber.length === 6 || insurerNumber.startsWith('39'));
}

/** The window of one method; the paper card's depends on the insurer (the grace for 国保/後期). */
export function methodWindow(method: AlternativeMethodV2, validity: MethodValidity, insurerNumber?: string): MethodWindow {
  switch (method) {
    case 'mynaportal-screen':
      return { from: validity.mynaportalScreenFrom };
    case 'myna-card-with-notice':
      return { from: validity.mynaCardWithNoticeFrom };
    case 'eligibility-certificate':
      return { from: validity.eligibilityCertificateFrom };
    case 'health-insurance-card': {
      const grace = validity.healthInsuranceCardGraceUntil;
      const until =
        grace && isRegionalInsurer(insurerNumber) && grace > validity.healthInsuranceCardUntil ? grace : validity.healthInsuranceCardUntil;
      return { until };
    }
  }
}

export const ALTERNATIVE_METHODS: AlternativeMethodV2[] = [
  'mynaportal-screen',
  'myna-card-with-notice',
  'eligibility-certificate',
  'health-insurance-card',
];

function within(date: string, window: MethodWindow): boolean {
  return (window.from === undefined || date >= window.from) && (window.until === undefined || date <= window.until);
}

/**
 * The methods that may show eligibility on a checkup date (the session view's offer). The paper
 * card is offered while any insurer's card is still accepted; the insurer decides at recording.
 */
export function methodsValidOn(checkupDate: string, validity: MethodValidity): AlternativeMethodV2[] {
  return ALTERNATIVE_METHODS.filter((m) => {
    const general = methodWindow(m, validity);
    const regional = methodWindow(m, validity, '131011');
    return within(checkupDate, general) || within(checkupDate, regional);
  });
}

/** Refuses a method outside its dates, naming the method and its dates in English and Japanese. */
export function requireMethodValidOn(
  method: AlternativeMethodV2,
  checkupDate: string,
  validity: MethodValidity,
  insurerNumber?: string,
): void {
  const window = methodWindow(method, validity, insurerNumber);
  if (within(checkupDate, window)) return;
  const name = NAMES[method];
  const en = window.from ? `from ${window.from}` : `up to ${window.until}`;
  const ja = window.from ? `${window.from}以降` : `${window.until}まで`;
  throw new DomainError(
    'method-not-valid-on-date',
    `${name.en} (${method}) is accepted for checkup dates ${en}; the checkup date is ${checkupDate}. ` +
      `${name.ja}は受診日${ja}の確認にのみ使えます（受診日 ${checkupDate}）。別の方法で資格を確認してください。`,
    422,
    'method',
  );
}
