import type {
  Copayments,
  GuidanceLevel,
  Organisation,
  PresentedVoucher,
  ReportedEligibility,
  VoucherPart,
  VoucherRecord,
} from '@hcv/contracts';
import { withInstitutionCheckDigit } from '@hcv/domain';
import { generatePopulation, nationalAppReport, seededRandom, syntheticInsurers, type InsuredPerson } from '@hcv/eligibility-simulator';

/** The 契約取りまとめ機関 of the federation's collective contract (集合契約 A), printed on its vouchers. */
export const FEDERATION_COORDINATOR: Organisation = { id: 'zeneiren', name: '全国労働衛生団体連合会' };

/** The contract's 単価 per part (yen): what a rate (定率) 窓口負担 is a percentage of. */
export const FEDERATION_UNIT_PRICES: Partial<Record<VoucherPart, number>> = {
  basic: 8_000,
  detailed: 2_000,
  comprehensive: 40_000,
  guidance: 30_000,
};

/** One stop of a bus's day (JST date and times), as POST /sites takes it. */
export interface ItineraryStop {
  stopId: string;
  name: string;
  date: string;
  from: string;
  to: string;
}

/** A checkup site: a fixed facility or a checkup bus (巡回健診). */
export interface SitePlan {
  siteId: string;
  kind: 'facility' | 'bus';
  institutionNumber: string;
  devices: string[];
  /** The registered name (default: "Checkup centre <id>" / "Checkup bus <id>"). */
  name?: string;
  /** A bus's stops (default: none). */
  itinerary?: ItineraryStop[];
}

/** One visitor's arrival: which card, the voucher as printed (what the desk types in), how the holder is confirmed. */
export interface VisitPlan {
  deviceId: string;
  purpose: 'specific-checkup' | 'specific-guidance' | 'comprehensive-checkup';
  identityCheck: 'pin' | 'visual';
  /** The card's reference, for a site answered by the simulator or a 既存型 terminal. */
  cardReference: string;
  /** What the device's national app showed for the card (資格確認限定型, the default source): what the driver sends. */
  reported: ReportedEligibility;
  voucher: PresentedVoucher;
  /**
   * What the scenario was built to produce (for the printout; the platform decides). `paper-only`: the
   * insurer sent no record (集合契約: the visitor brings the paper voucher) — it still matches from the
   * printed fields; `birth-date-mismatch` ends member-mismatch, which staff then settle.
   */
  scenario: 'regular' | 'paper-only' | 'expired-voucher' | 'insurer-mismatch' | 'birth-date-mismatch' | 'unknown-card';
}

export interface FederationPlan {
  sites: SitePlan[];
  /** The vouchers the insurers sent (imported); a paper-only visit's voucher is not among them. */
  vouchers: VoucherRecord[];
  visits: VisitPlan[];
}

const LEVELS: GuidanceLevel[] = ['intensive', 'motivational', 'motivational-equivalent'];

/**
 * The 券種 and 窓口負担 a visit's purpose needs: a 受診券 for 特定健診 (basic and detailed parts) and
 * 人間ドック (under a contract that covers it), a 利用券 with its level for 特定保健指導 — never a 利用券
 * for a checkup. 窓口負担 varies: a fixed amount, a rate of the contract's unit price, or none.
 */
function printedTerms(purpose: VisitPlan['purpose'], roll: number): Pick<PresentedVoucher, 'voucherKind' | 'copayments' | 'guidanceLevel'> {
  if (purpose === 'specific-guidance')
    return {
      voucherKind: 'guidance',
      guidanceLevel: LEVELS[Math.floor(roll * 10) % LEVELS.length]!,
      copayments: { guidance: { kind: 'none' } },
    };
  if (purpose === 'comprehensive-checkup') return { voucherKind: 'checkup', copayments: { comprehensive: { kind: 'rate', percent: 30 } } };
  const basic: Copayments['basic'] =
    roll < 0.35 ? { kind: 'fixed', amount: 1_000 } : roll < 0.55 ? { kind: 'rate', percent: 10 } : { kind: 'none' };
  return { voucherKind: 'checkup', copayments: { basic, detailed: { kind: 'none' } } };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A small federation: facilities and buses with devices, the insurers' vouchers, and a stream of visits. */
export function planFederation(options: {
  seed: number;
  population: number;
  facilities: number;
  buses: number;
  devicesPerSite: number;
  visits: number;
  checkupDate: string;
  /** Scenarios the first visits are given whatever the seed rolls (a demo that must show a paper-only voucher or a settlement). */
  firstScenarios?: readonly VisitPlan['scenario'][];
}): FederationPlan {
  const rnd = seededRandom(options.seed ^ 0xfeed);
  const sites: SitePlan[] = [];
  for (let i = 0; i < options.facilities + options.buses; i++) {
    const bus = i >= options.facilities;
    const siteId = bus ? `bus-${pad(i - options.facilities + 1, 2)}` : `facility-${pad(i + 1, 2)}`;
    // prefecture + category 2 (a checkup institution) + 郡市区 and institution code, with its check digit
    const institutionNumber = withInstitutionCheckDigit(`${pad(13 + (i % 30), 2)}2${pad(100000 + i, 6)}`);
    const devices = Array.from({ length: options.devicesPerSite }, (_, d) => `${siteId}-dev-${d + 1}`);
    sites.push({ siteId, kind: bus ? 'bus' : 'facility', institutionNumber, devices });
  }
  const people = generatePopulation({ seed: options.seed, size: options.population });
  const otherInsurer = syntheticInsurers(options.seed).map((i) => i.insurerNumber);
  const fiscalYear = Number(options.checkupDate.slice(0, 4)) - (Number(options.checkupDate.slice(5, 7)) < 4 ? 1 : 0);

  const vouchers: VoucherRecord[] = [];
  const visits: VisitPlan[] = [];
  const allDevices = sites.flatMap((s) => s.devices);
  for (let v = 0; v < options.visits; v++) {
    const person: InsuredPerson = people[v % people.length]!;
    const q = person.qualification;
    const roll = rnd();
    const forced = options.firstScenarios?.[v];
    const scenario: VisitPlan['scenario'] =
      forced === 'paper-only'
        ? 'regular'
        : (forced ??
          (roll < 0.8
            ? 'regular'
            : roll < 0.85
              ? 'expired-voucher'
              : roll < 0.9
                ? 'insurer-mismatch'
                : roll < 0.95
                  ? 'birth-date-mismatch'
                  : 'unknown-card'));
    const voucherNumber = `${pad(fiscalYear % 100, 2)}${pad(options.seed % 1000, 3)}${pad(v, 6)}`;
    const purpose: VisitPlan['purpose'] = roll < 0.7 ? 'specific-checkup' : roll < 0.9 ? 'specific-guidance' : 'comprehensive-checkup';
    const terms = printedTerms(purpose, rnd());
    const insurerNumber = scenario === 'insurer-mismatch' ? otherInsurer.find((n) => n !== q.insurerNumber)! : q.insurerNumber;
    const validUntil = scenario === 'expired-voucher' ? `${fiscalYear}-04-30` : `${fiscalYear + 1}-03-31`;
    // a fifth of the regular visits bring a voucher the insurer never sent (paper only, 集合契約)
    const paperOnly = forced === 'paper-only' || (forced === undefined && scenario === 'regular' && rnd() < 0.2);
    const coordinator = { kind: 'collective-A' as const, organisation: FEDERATION_COORDINATOR };
    const record: VoucherRecord = {
      voucherNumber,
      ...terms,
      insurerNumber,
      symbol: q.symbol,
      number: q.number,
      branch: q.branch,
      name: q.name,
      birthDate: scenario === 'birth-date-mismatch' ? `${Number(q.birthDate.slice(0, 4)) + 1}${q.birthDate.slice(4)}` : q.birthDate,
      sex: q.sex,
      validFrom: `${fiscalYear}-04-01`,
      validUntil,
      fiscalYear,
      coordinator,
    };
    if (!paperOnly) vouchers.push(record);
    visits.push({
      deviceId: allDevices[v % allDevices.length]!,
      purpose,
      identityCheck: rnd() < 0.85 ? 'pin' : 'visual',
      cardReference: scenario === 'unknown-card' ? `card-unknown-${pad(v, 6)}` : person.cardReference,
      // the simulator's person is whose data the app shows; an unknown card shows 該当資格なし
      reported: nationalAppReport(
        scenario === 'unknown-card' ? undefined : person,
        options.checkupDate,
        `${options.checkupDate}T09:00:00+09:00`,
      ),
      // the printed fields: the same as the insurer's record (a birth date is not printed on a voucher)
      voucher: {
        insurerNumber,
        voucherNumber,
        ...terms,
        validUntil,
        coordinator,
        symbol: q.symbol,
        number: q.number,
      },
      scenario: paperOnly ? 'paper-only' : scenario,
    });
  }
  return { sites, vouchers, visits };
}
