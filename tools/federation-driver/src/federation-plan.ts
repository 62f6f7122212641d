import type { VoucherRecord } from '@hcv/contracts';
import { generatePopulation, seededRandom, syntheticInsurers, type InsuredPerson } from '@hcv/eligibility-simulator';

/** A checkup site: a fixed facility or a checkup bus (巡回健診). */
export interface SitePlan {
  siteId: string;
  kind: 'facility' | 'bus';
  institutionNumber: string;
  devices: string[];
}

/** One visitor's arrival: which card, which voucher, how the holder is confirmed. */
export interface VisitPlan {
  deviceId: string;
  purpose: 'specific-checkup' | 'specific-guidance' | 'comprehensive-checkup';
  identityCheck: 'pin' | 'visual';
  cardReference: string;
  voucherNumber: string;
  /** What the scenario was built to produce (for the printout; the platform decides). */
  scenario: 'regular' | 'expired-voucher' | 'insurer-mismatch' | 'birth-date-mismatch' | 'unknown-card';
}

export interface FederationPlan {
  sites: SitePlan[];
  vouchers: VoucherRecord[];
  visits: VisitPlan[];
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
}): FederationPlan {
  const rnd = seededRandom(options.seed ^ 0xfeed);
  const sites: SitePlan[] = [];
  for (let i = 0; i < options.facilities + options.buses; i++) {
    const bus = i >= options.facilities;
    const siteId = bus ? `bus-${pad(i - options.facilities + 1, 2)}` : `facility-${pad(i + 1, 2)}`;
    const institutionNumber = `${pad(13 + (i % 30), 2)}2${pad(100000 + i, 7)}`; // prefecture + category 2 + code
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
    const scenario: VisitPlan['scenario'] =
      roll < 0.8
        ? 'regular'
        : roll < 0.85
          ? 'expired-voucher'
          : roll < 0.9
            ? 'insurer-mismatch'
            : roll < 0.95
              ? 'birth-date-mismatch'
              : 'unknown-card';
    const voucherNumber = `${pad(fiscalYear % 100, 2)}${pad(options.seed % 1000, 3)}${pad(v, 6)}`;
    vouchers.push({
      voucherNumber,
      cardType: roll < 0.7 ? 'checkup' : 'guidance',
      insurerNumber: scenario === 'insurer-mismatch' ? otherInsurer.find((n) => n !== q.insurerNumber)! : q.insurerNumber,
      symbol: q.symbol,
      number: q.number,
      branch: q.branch,
      name: q.name,
      birthDate: scenario === 'birth-date-mismatch' ? `${Number(q.birthDate.slice(0, 4)) + 1}${q.birthDate.slice(4)}` : q.birthDate,
      sex: q.sex,
      validFrom: `${fiscalYear}-04-01`,
      validUntil: scenario === 'expired-voucher' ? `${fiscalYear}-04-30` : `${fiscalYear + 1}-03-31`,
      fiscalYear,
    });
    visits.push({
      deviceId: allDevices[v % allDevices.length]!,
      purpose: roll < 0.7 ? 'specific-checkup' : roll < 0.9 ? 'specific-guidance' : 'comprehensive-checkup',
      identityCheck: rnd() < 0.85 ? 'pin' : 'visual',
      cardReference: scenario === 'unknown-card' ? `card-unknown-${pad(v, 6)}` : person.cardReference,
      voucherNumber,
      scenario,
    });
  }
  return { sites, vouchers, visits };
}
