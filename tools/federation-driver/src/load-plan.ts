import type { AlternativeMethodRequest, PresentedVoucher } from '@hcv/contracts';
import type { InsuredPerson } from '@hcv/eligibility-simulator';
import { generatePopulation } from '@hcv/eligibility-simulator';
import { seededRandom } from '@hcv/eligibility-simulator';
import { planFederation, type FederationPlan, type VisitPlan } from './federation-plan';

/** How the visitor's eligibility is shown at the device. */
export type LoadMethod = 'card-pin' | 'card-visual' | 'alternative' | 'captured';

/** A visit of the load mix: the federation plan's visit plus the method and the scenarios only load adds. */
export interface LoadVisit extends Omit<VisitPlan, 'scenario'> {
  scenario: VisitPlan['scenario'] | 'voucher-not-imported' | 'voucher-reused';
  method: LoadMethod;
  /** For `alternative` and `captured`: what the operator transcribes from the document (the voucher's own holder data). */
  alternative?: AlternativeMethodRequest;
}

export interface LoadPlan extends Omit<FederationPlan, 'visits'> {
  visits: LoadVisit[];
  /** Devices on checkup buses: captured (offline) sessions come from them. */
  busDevices: string[];
}

/** Shares of the mix (the rest is a My Number card read with PIN or visual check, as the base plan says). */
export interface LoadMix {
  /** A voucher the insurer never sent (only its paper): matched from the printed fields alone. */
  voucherNotImported: number;
  /** A voucher already presented by an earlier visit → already-used (at another site, usually). */
  voucherReused: number;
  /** 資格確認書 / マイナポータル画面 / 資格情報のお知らせ, transcribed by the operator. */
  alternative: number;
  /** A bus session captured offline and sent later in one request (bus devices only). */
  captured: number;
}

export const DEFAULT_LOAD_MIX: LoadMix = { voucherNotImported: 0.03, voucherReused: 0.03, alternative: 0.07, captured: 0.1 };

const ALTERNATIVES: AlternativeMethodRequest['method'][] = ['eligibility-certificate', 'mynaportal-screen', 'myna-card-with-notice'];

/** What the operator transcribes from the visitor's document: the holder's own qualification. */
function transcribed(holder: InsuredPerson, checkupDate: string, method: AlternativeMethodRequest['method']): AlternativeMethodRequest {
  const q = holder.qualification;
  return {
    method,
    eligibility: {
      insurerNumber: q.insurerNumber,
      symbol: q.symbol,
      number: q.number,
      ...(q.branch ? { branch: q.branch } : {}),
      name: q.name,
      birthDate: q.birthDate,
      validUntil: `${Number(checkupDate.slice(0, 4)) + 1}-07-31`,
    },
  };
}

/**
 * A federation for load: `facilities` fixed sites and `buses` checkup buses with `devicesPerSite`
 * devices each, the insurers' vouchers, and `visits` visits mixing methods (card with PIN or visual
 * check, alternative documents, captured bus sessions), purposes (特定健診, 特定保健指導, 人間ドック) and
 * scenarios that lead to every common outcome (matched, mismatches, not found, expired, already
 * used, no qualification, eligibility lost). Deterministic for a seed. The device of a live visit
 * is chosen by the driver when it arrives (a device holds one session at a time).
 */
export function planLoad(options: {
  seed: number;
  population: number;
  facilities: number;
  buses: number;
  devicesPerSite: number;
  visits: number;
  checkupDate: string;
  mix?: Partial<LoadMix>;
}): LoadPlan {
  const mix = { ...DEFAULT_LOAD_MIX, ...options.mix };
  const base = planFederation(options);
  const rnd = seededRandom(options.seed ^ 0x10ad);
  const busDevices = base.sites.filter((s) => s.kind === 'bus').flatMap((s) => s.devices);
  // the same population as the base plan (same seed): the holder of a card is who an alternative document names
  const holders = new Map(generatePopulation({ seed: options.seed, size: options.population }).map((p) => [p.cardReference, p]));
  const visits = base.visits.map((visit, i): LoadVisit => {
    const roll = rnd();
    let scenario: LoadVisit['scenario'] = visit.scenario;
    let voucher: PresentedVoucher = visit.voucher;
    let { cardReference, purpose } = visit;
    if (roll < mix.voucherNotImported) {
      scenario = 'voucher-not-imported';
      // Same fiscal-year prefix, a serial past every imported one: the insurer sent no record of it.
      voucher = {
        ...visit.voucher,
        voucherNumber: `${visit.voucher.voucherNumber.slice(0, 5)}${String(900_000 + (i % 100_000)).padStart(6, '0')}`,
      };
    } else if (roll < mix.voucherNotImported + mix.voucherReused && i > 0) {
      // The same visitor comes again (another site, another day) with the voucher already used.
      const earlier = base.visits[Math.floor(rnd() * i)]!;
      scenario = 'voucher-reused';
      ({ voucher, cardReference, purpose } = earlier);
    }
    const methodRoll = rnd();
    const holder = holders.get(visit.cardReference);
    let method: LoadMethod = visit.identityCheck === 'pin' ? 'card-pin' : 'card-visual';
    let alternative: AlternativeMethodRequest | undefined;
    if (methodRoll < mix.alternative && scenario === 'regular' && holder) {
      method = 'alternative';
      alternative = transcribed(holder, options.checkupDate, ALTERNATIVES[Math.floor(rnd() * ALTERNATIVES.length)]!);
    } else if (methodRoll < mix.alternative + mix.captured && busDevices.length && holder) {
      // 資格確認限定型 is online only: a bus crew offline records the 資格確認書 (the paper route), never a card read.
      method = 'captured';
      alternative = transcribed(holder, options.checkupDate, 'eligibility-certificate');
    }
    return {
      ...visit,
      deviceId: method === 'captured' ? busDevices[i % busDevices.length]! : visit.deviceId,
      voucher,
      cardReference,
      purpose,
      scenario,
      method,
      ...(alternative ? { alternative } : {}),
    };
  });
  return { sites: base.sites, vouchers: base.vouchers, visits, busDevices };
}
