import { withInstitutionCheckDigit } from '@hcv/domain';
import { seededRandom } from '@hcv/eligibility-simulator';
import { PREFECTURES } from '@hcv/operations-desk';
import { driveVerification, seedFederation } from './drive-verification';
import { planFederation, type ItineraryStop, type SitePlan, type VisitPlan } from './federation-plan';
import type { PlatformClient } from './platform-client';

/** A site of the large federation: where it is, what it is called, and (a bus) its stops today. */
export interface LargeSitePlan extends SitePlan {
  name: string;
  prefecture: string;
  itinerary?: ItineraryStop[];
}

/**
 * The prefectures of the big metropolitan areas get three times the share of the others. A synthetic
 * spread for the demo and the benchmark, not a statistic.
 */
const METROPOLITAN = new Set(['11', '12', '13', '14', '23', '27', '28', '40']);

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const JST_OFFSET_MILLIS = 9 * 3600_000;
const hhmm = (minutes: number) => {
  const m = Math.max(0, Math.min(23 * 60 + 59, Math.round(minutes)));
  return `${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}`;
};

/** Which prefecture each of `count` sites lies in: every prefecture at least once, then by weight. */
function spread(count: number, rnd: () => number): string[] {
  const codes = PREFECTURES.map((p) => p.code);
  const weighted = codes.flatMap((c) => (METROPOLITAN.has(c) ? [c, c, c] : [c]));
  return Array.from({ length: count }, (_, i) => (i < codes.length ? codes[i]! : weighted[Math.floor(rnd() * weighted.length)]!)).sort();
}

/**
 * A bus's stops today (JST) so that, at `now`, about half the buses are inside their operating hours,
 * a quarter finished their day and a quarter have no stop today: the desk must alert on the first
 * only. Stop times stay within the day (00:00–23:59).
 */
function itineraryOf(busIndex: number, now: Date): ItineraryStop[] {
  const jst = new Date(now.getTime() + JST_OFFSET_MILLIS);
  const today = jst.toISOString().slice(0, 10);
  const tomorrow = new Date(jst.getTime() + 86_400_000).toISOString().slice(0, 10);
  const minute = jst.getUTCHours() * 60 + jst.getUTCMinutes();
  const stop = (n: number, date: string, from: number, to: number): ItineraryStop => ({
    stopId: `stop-${n}`,
    name: `巡回会場${n}`,
    date,
    from: hhmm(from),
    to: hhmm(to),
  });
  switch (busIndex % 4) {
    case 0:
    case 1: // operating now: a stop around now and one later
      return [stop(1, today, minute - 120, minute + 60), stop(2, today, minute + 75, minute + 240)];
    case 2: // the day is over (or, just after midnight, it starts tomorrow)
      return minute >= 120 ? [stop(1, today, 0, minute - 60)] : [stop(1, tomorrow, 540, 720)];
    default: // no stop today
      return [stop(1, tomorrow, 540, 720)];
  }
}

/**
 * The large federation of the desk's demo and benchmark: `facilities` checkup centres and `buses`
 * checkup buses over the 47 prefectures, each run by its own institution (prefecture code from
 * JIS X 0401, 点数表番号 1, 郡市区 and institution digits, the check digit over the 9-digit body by
 * the repository's rule), `devicesPerSite` devices each, and each bus with today's stops.
 */
export function planLargeFederation(options: {
  seed: number;
  facilities: number;
  buses: number;
  devicesPerSite: number;
  now: Date;
}): LargeSitePlan[] {
  const rnd = seededRandom(options.seed ^ 0x1a7e);
  const sites: LargeSitePlan[] = [];
  const make = (kind: 'facility' | 'bus', prefectures: string[]) => {
    const perPrefecture = new Map<string, number>();
    prefectures.forEach((code, i) => {
      const n = (perPrefecture.get(code) ?? 0) + 1;
      perPrefecture.set(code, n);
      const name = PREFECTURES[Number(code) - 1]!.name;
      const siteId = `${kind === 'bus' ? 'bus' : 'fac'}-${code}-${pad(n, 3)}`;
      // 郡市区 01–89, institution digits by kind and rank: unique per site
      const body = `${code}1${pad((n % 89) + 1, 2)}${kind === 'bus' ? 5 : 1}${pad(n, 3)}`;
      sites.push({
        siteId,
        kind,
        name: kind === 'bus' ? `${name}検診車${n}号` : `${name}健診センター${n}`,
        prefecture: code,
        institutionNumber: withInstitutionCheckDigit(body),
        devices: Array.from({ length: options.devicesPerSite }, (_, d) => `${siteId}-dev-${d + 1}`),
        ...(kind === 'bus' ? { itinerary: itineraryOf(i, options.now) } : {}),
      });
    });
  };
  make('facility', spread(options.facilities, rnd));
  make('bus', spread(options.buses, rnd));
  return sites;
}

/** The seeded large federation: its sites and the visits (vouchers imported) its traffic draws from. */
export interface LargeFederation {
  sites: LargeSitePlan[];
  visits: VisitPlan[];
  /** Devices that fell silent after one heartbeat (the registry reports them offline after its threshold). */
  silent: Set<string>;
}

/**
 * Seeds the large federation through the platform's APIs (institutions, sites with today's stops,
 * devices activated, the insurers' vouchers and the collective contract) and plans `visits` visits
 * spread over the devices that stay live.
 */
export async function seedLargeFederation(
  client: PlatformClient,
  options: { seed: number; now: Date; checkupDate: string; facilities: number; buses: number; devicesPerSite: number; visits: number },
): Promise<LargeFederation> {
  const sites = planLargeFederation(options);
  const rnd = seededRandom(options.seed ^ 0x5eed);
  // a few sites go quiet: all their devices (the site is down) or one of them (degraded)
  const silent = new Set<string>();
  for (const site of sites) {
    const roll = rnd();
    if (roll < 0.03) site.devices.forEach((d) => silent.add(d));
    else if (roll < 0.08) silent.add(site.devices[0]!);
  }
  const live = sites.flatMap((s) => s.devices).filter((d) => !silent.has(d));
  const small = planFederation({
    seed: options.seed,
    population: Math.min(5_000, options.visits),
    facilities: 1,
    buses: 0,
    devicesPerSite: 1,
    visits: options.visits,
    checkupDate: options.checkupDate,
  });
  const visits = small.visits.map((v) => ({ ...v, deviceId: live[Math.floor(rnd() * live.length)]! }));
  await seedFederation(client, { sites, vouchers: small.vouchers, visits });
  return { sites, visits, silent };
}

/**
 * Keeps traffic flowing until `stop()`: every live device sends a heartbeat every
 * `heartbeatEveryMillis` (a silent device sends one, then nothing), and visits start at `rate` per
 * second (at most `maxInFlight` at once), each driven to its outcome. Errors are counted, not thrown.
 */
export function keepTrafficFlowing(
  client: PlatformClient,
  federation: LargeFederation,
  options: { checkupDate: string; rate: number; maxInFlight: number; heartbeatEveryMillis: number },
): { stop(): Promise<void>; stats: { started: number; completed: number; failed: number; heartbeats: number; lastError?: string } } {
  const stats: { started: number; completed: number; failed: number; heartbeats: number; lastError?: string } = {
    started: 0,
    completed: 0,
    failed: 0,
    heartbeats: 0,
  };
  const failed = (error: unknown) => {
    stats.failed++;
    stats.lastError = String((error as Error)?.message ?? error).slice(0, 200);
  };
  const devices = federation.sites.flatMap((s) => s.devices.map((d) => ({ deviceId: d, stopId: s.itinerary?.[0]?.stopId })));
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const beat = (d: { deviceId: string; stopId?: string }) =>
    track(client.heartbeat(d.deviceId, d.stopId).then(() => stats.heartbeats++, failed));
  devices.forEach(beat);
  // spread the live devices' heartbeats over the interval
  let nextBeat = 0;
  const live = devices.filter((d) => !federation.silent.has(d.deviceId));
  const beatTimer = setInterval(
    () => {
      const n = Math.ceil(live.length / 10);
      for (let i = 0; i < n; i++) beat(live[nextBeat++ % live.length]!);
    },
    Math.max(10, options.heartbeatEveryMillis / 10),
  );
  let inFlight = 0;
  let next = 0;
  const visitTimer = setInterval(
    () => {
      if (inFlight >= options.maxInFlight || next >= federation.visits.length) return;
      const visit = federation.visits[next++]!;
      inFlight++;
      stats.started++;
      track(
        driveVerification(client, visit, { checkupDate: options.checkupDate })
          .then(() => stats.completed++, failed)
          .finally(() => inFlight--),
      );
    },
    Math.max(1, 1000 / options.rate),
  );
  return {
    stats,
    async stop() {
      clearInterval(beatTimer);
      clearInterval(visitTimer);
      await Promise.allSettled([...pending]);
    },
  };
}
