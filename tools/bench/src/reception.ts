import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { SessionCompletedV3, SessionCompletedV4 } from '@hcv/contracts';
import {
  formatMillis,
  formatReport,
  OutcomeFeed,
  runLoad,
  summarise,
  waitForDevices,
  type LatencySummary,
  type LoadReport,
  type LoadVisit,
  type PlatformClient,
} from '@hcv/federation-driver';
import { cliArgs, loadAverage, log, recordResult, runMain, startBench, type StartedBench } from './bench-run';
import { benchKafkaClient } from './bench-kafka';

/**
 * "Voucher entered → result shown" as the reception app lives it, at idle and while background load
 * runs at half the platform's capacity. A probe device does what the app does after the staff press
 * 照合する: POST /sessions/:id/voucher (signed), then reads GET /sessions/:id/stream (signed,
 * text/event-stream) until a `session` event carries the outcome. The figure runs from sending the
 * voucher to that event; the voucher's answer is reported apart. The browser's own drawing is not
 * in it (the browser spec records one idle sample with the click and the screen: test-output/reception/timing.json).
 *
 * `npm run bench:reception -- [--samples 100] [--load-seconds 120] [--capacity N] [--saturate 300] [--simulator-latency-ms 50]`
 * Capacity, unless given: a saturation run (`--saturate`/s offered for 20 s, at most 400 in flight,
 * far above what two cores carry) — its completions per second, which the sustained rate of
 * bench:e2e sits just below.
 */
export interface ReceptionProbe {
  /** POST voucher sent → the outcome's `session` event read from the stream. */
  millis: number;
  /** POST voucher sent → its answer. */
  voucherAnswerMillis: number;
  outcome: string;
}

/**
 * The background load's outcomes, read from session.completed (the version card-session publishes,
 * and the one before) by a consumer group of its own: the load waits without polling the device API.
 */
class CompletedFeed {
  private readonly consumer: Consumer;
  private readonly feed = new OutcomeFeed();
  readonly awaitOutcome = this.feed.awaitOutcome;

  constructor(brokers: string) {
    const kafka = new Kafka({ clientId: 'bench-reception', ...benchKafkaClient(brokers), logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: `bench-reception-${process.pid}-${Date.now().toString(36)}`, maxWaitTimeInMs: 20 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [SessionCompletedV4.topic, SessionCompletedV3.topic], fromBeginning: false });
    const joined = new Promise<void>((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    await this.consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as { subject: string; data: { outcome?: string } };
          this.feed.completed(event.subject, event.data.outcome ?? 'unknown');
        }
      },
    });
    await joined;
    // The first fetch resolves the "latest" offsets; give it a moment before load starts.
    await sleep(1_000);
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads `session` events of a text/event-stream body until one has an outcome (or the session ended). */
async function outcomeFromStream(response: Response): Promise<string> {
  if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}: ${await response.text()}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended without an outcome');
      buffer += value.replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        const event =
          lines
            .find((l) => l.startsWith('event:'))
            ?.slice(6)
            .trim() ?? 'message';
        const data = lines
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).replace(/^ /, ''))
          .join('\n');
        if (event !== 'session' || !data) continue;
        const view = JSON.parse(data) as { state: string; outcome?: { kind: string } };
        if (view.outcome) return view.outcome.kind;
        if (view.state === 'cancelled' || view.state === 'expired') return view.state;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** One visit at a probe device, as the app makes it; times the voucher → outcome part. */
async function probe(
  client: PlatformClient,
  cardSessionUrl: string,
  deviceId: string,
  visit: LoadVisit,
  checkupDate: string,
): Promise<ReceptionProbe> {
  const opened = await client.openSession({ deviceId, purpose: visit.purpose, checkupDate });
  await client.submitCardRead(opened.sessionId, {
    identityCheck: visit.method === 'card-visual' ? 'visual' : 'pin',
    ...(visit.method === 'card-visual' ? { checkedBy: 'desk-staff' } : { pinVerified: true }),
    cardReference: visit.cardReference,
  });
  const started = performance.now();
  await client.presentVoucher(opened.sessionId, visit.voucher);
  const voucherAnswerMillis = performance.now() - started;
  // Then the app's waiting screen opens the stream (its first event is the session as it is now).
  const stream = await client.deviceRequest(deviceId, 'GET', `${cardSessionUrl}/sessions/${opened.sessionId}/stream`, '');
  const outcome = await outcomeFromStream(stream);
  return { millis: performance.now() - started, voucherAnswerMillis, outcome };
}

/**
 * Probes one after another (the next visitor steps up 100–400 ms after a result) until `samples` are
 * taken or `until` says stop; probe devices take turns, so none is still releasing its last session.
 */
async function probeSeries(
  bench: StartedBench,
  devices: readonly string[],
  visits: readonly LoadVisit[],
  options: { samples: number; until?: () => boolean },
): Promise<{ probes: ReceptionProbe[]; errors: string[] }> {
  const client = bench.platform.client();
  const cardSessionUrl = bench.platform.url('card-session');
  const probes: ReceptionProbe[] = [];
  const errors: string[] = [];
  for (let i = 0; probes.length < options.samples && i < visits.length && !(options.until?.() ?? false); i++) {
    try {
      probes.push(await probe(client, cardSessionUrl, devices[i % devices.length]!, visits[i]!, bench.checkupDate));
    } catch (error) {
      errors.push((error as Error).message.slice(0, 160));
    }
    await sleep(100 + ((i * 97) % 300));
  }
  return { probes, errors };
}

const line = (label: string, s: LatencySummary) =>
  `    ${label.padEnd(30)} p50 ${formatMillis(s.p50).padStart(8)}  p95 ${formatMillis(s.p95).padStart(8)}  p99 ${formatMillis(s.p99).padStart(8)}  (n=${s.count})`;

function summary(label: string, series: { probes: ReceptionProbe[]; errors: string[] }) {
  const total = summarise(series.probes.map((p) => p.millis));
  const voucherAnswer = summarise(series.probes.map((p) => p.voucherAnswerMillis));
  const outcomes: Record<string, number> = {};
  for (const p of series.probes) outcomes[p.outcome] = (outcomes[p.outcome] ?? 0) + 1;
  log(`  ${label}`);
  log(line('voucher entered → result shown', total));
  log(line('  of which the voucher’s answer', voucherAnswer));
  log(`    outcomes ${JSON.stringify(outcomes)}${series.errors.length ? `; ${series.errors.length} failed: ${series.errors[0]}` : ''}`);
  return { total, voucherAnswer, outcomes, errors: series.errors };
}

runMain(async () => {
  const args = cliArgs({
    samples: { type: 'string', default: '100' },
    'load-seconds': { type: 'string', default: '120' },
    capacity: { type: 'string' },
    'simulator-latency-ms': { type: 'string', default: '50' },
    'probe-devices': { type: 'string', default: '4' },
    saturate: { type: 'string', default: '300' },
  });
  const samples = Number(args.samples);
  const loadSeconds = Number(args['load-seconds']);
  const saturate = Number(args.saturate);
  // Plan visits for the saturation run and the background load (an arrival takes the next one, shed or
  // not; past the end they start again, as already-used vouchers), then the probes' own at the end.
  const loadVisits = 12_000;
  const probeVisits = samples * 3 + 40;
  const bench = await startBench({
    shape: { facilities: 20, buses: 5, devicesPerSite: 12, visits: loadVisits + probeVisits },
    env: { SIMULATOR_LATENCY_MS: String(args['simulator-latency-ms']) },
  });
  const feed = new CompletedFeed(bench.infra.brokers);
  // Open loop as bench.load runs it, with outcomes from session.completed as card-session publishes it now.
  const load = (options: { rate: number; durationSeconds: number; maxInFlight: number; firstVisit?: number }) =>
    runLoad(bench.platform.client(), bench.plan, { ...options, checkupDate: bench.checkupDate, awaitOutcome: feed.awaitOutcome });
  try {
    await feed.start();
    const client = bench.platform.client();
    const site = bench.plan.sites.find((s) => s.kind === 'facility')!;
    // Probe devices of their own (at the first centre): the background load never takes them.
    const probeDevices = Array.from({ length: Number(args['probe-devices']) }, (_, i) => `reception-probe-${i + 1}`);
    for (const deviceId of probeDevices) {
      await client.registerDevice({
        deviceId,
        institutionNumber: site.institutionNumber,
        siteId: site.siteId,
        kind: 'tablet',
        requestedBy: 'bench',
      });
      await client.activateDevice(deviceId, 'bench');
    }
    await waitForDevices(client, probeDevices, { checkupDate: bench.checkupDate, timeoutMillis: 120_000 });
    // The probes' visits: live card reads at the end of the plan, which the load never reaches.
    const reserved = bench.plan.visits.slice(loadVisits).filter((v) => v.method === 'card-pin' || v.method === 'card-visual');
    bench.plan.visits.length = loadVisits;
    const idleVisits = reserved.slice(0, Math.floor(reserved.length / 2));
    const loadedVisits = reserved.slice(Math.floor(reserved.length / 2));

    // Warm-up (first connections, compiled paths), not counted.
    await probeSeries(bench, probeDevices, idleVisits.splice(0, 10), { samples: 10 });
    const idleLoad = loadAverage();
    log(`idle: ${samples} visits one after another; load average ${idleLoad}`);
    const idle = summary('idle', await probeSeries(bench, probeDevices, idleVisits, { samples }));

    let capacity = args.capacity ? Number(args.capacity) : Number.NaN;
    let saturation: LoadReport | undefined;
    let firstVisit = 0;
    if (!Number.isFinite(capacity)) {
      log(`capacity: saturation run, ${saturate}/s offered for 20 s, at most 400 in flight; load average ${loadAverage()}`);
      saturation = await load({ rate: saturate, durationSeconds: 20, maxInFlight: 400 });
      firstVisit = saturation.offered;
      log(formatReport(saturation));
      capacity = saturation.throughput;
      await sleep(5_000);
    }
    const rate = Math.max(1, Math.round(capacity / 2));
    log(`half capacity: background load ${rate}/s (capacity ${capacity.toFixed(1)}/s) for ${loadSeconds} s; probes after 10 s`);
    let loadDone = false;
    const background = load({ rate, durationSeconds: loadSeconds, firstVisit, maxInFlight: 2_000 }).finally(() => (loadDone = true));
    await sleep(10_000);
    const loadedLoadBefore = loadAverage();
    const series = await probeSeries(bench, probeDevices, loadedVisits, { samples, until: () => loadDone });
    const loadedLoadAfter = loadAverage();
    const report = await background;
    log(formatReport(report));
    const loaded = summary(`at half capacity (${rate}/s)`, series);
    log(`load average before ${loadedLoadBefore}, after ${loadedLoadAfter}`);
    recordResult('reception', {
      simulatorLatencyMillis: Number(args['simulator-latency-ms']),
      idle: { ...idle, loadAverage: idleLoad },
      halfCapacity: {
        ...loaded,
        rate,
        capacity,
        saturation,
        background: report,
        loadAverageBefore: loadedLoadBefore,
        loadAverageAfter: loadedLoadAfter,
      },
    });
  } finally {
    await feed.stop().catch(() => undefined);
    await bench.stop();
  }
});
