import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { QualificationResolvedV2, type DataOf } from '@hcv/contracts';
import { InMemoryProcessedEventLog, InProcessMessageBus, MessageBusTransport, on, stageEvent } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';

/**
 * The in-process bus's own cost per event, apart from what handlers do: `node
 * dist/apps/embedded/src/bus-bench.js [--events 30000] [--groups 3] [--rounds 5]` stages events as the
 * outbox does (envelope, schema, JSON, trace headers), publishes them and delivers each to every
 * group (decode, dedupe, span, record) with handlers that do nothing, 200 events in flight. Prints CPU µs per event, the
 * best of the rounds (CPU time, not wall clock: the machine is shared).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '30000' },
      groups: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '5' },
    },
  });
  const events = Number(values.events);
  const groups = Number(values.groups);
  const sessions = Array.from({ length: 1_000 }, () => randomUUID());
  // the answer as qualification-lookup publishes it: the request echoed with the voucher as presented
  const data = (sessionId: string): DataOf<typeof QualificationResolvedV2> => ({
    request: {
      sessionId,
      institutionNumber: '1311234569',
      siteId: 'bus-1',
      purpose: 'specific-checkup',
      checkupDate: '2026-11-25',
      voucher: {
        insurerNumber: '06139018',
        voucherNumber: '12345678901',
        voucherKind: 'checkup',
        validUntil: '2027-03-31',
        copayments: { basic: { kind: 'fixed', amount: 1000 }, detailed: { kind: 'none' } },
        coordinator: { kind: 'collective-A', organisation: { id: 'zeneiren', name: '全国労働衛生団体連合会' } },
        symbol: '12',
        number: '3456',
      },
    },
    result: {
      status: 'eligible',
      qualification: {
        insurerNumber: '06139018',
        insurerName: 'テスト健康保険組合',
        symbol: '12',
        number: '3456',
        branch: '01',
        relationship: 'insured',
        name: '山田 太郎',
        nameKana: 'ヤマダ タロウ',
        birthDate: '1980-04-01',
        sex: 'male',
        acquiredOn: '2020-04-01',
      },
    },
    resolvedAt: new Date().toISOString(),
    upstreamMillis: 3,
  });
  let best = Infinity;
  for (let round = 0; round < Number(values.rounds); round++) {
    const bus = new InProcessMessageBus(createLogger({ service: 'bus-bench', level: 'error' }));
    let handled = 0;
    const consumers = new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() });
    for (let g = 0; g < groups; g++) consumers.consume({ group: `bench.${g}` }, [on(QualificationResolvedV2, async () => void handled++)]);
    await consumers.start();
    const started = process.cpuUsage();
    for (let i = 0; i < events; i++) {
      const sessionId = sessions[i % sessions.length]!;
      const staged = stageEvent(QualificationResolvedV2, data(sessionId), 'qualification-lookup', {
        subject: sessionId,
        correlationId: sessionId,
      });
      await bus.publishRaw(staged.topic, staged.message);
      // A few hundred in flight, as in a steady load run (not every event queued before any is handled).
      if (i % 200 === 199) await bus.idle();
    }
    await bus.idle();
    const used = process.cpuUsage(started);
    if (handled !== events * groups) throw new Error(`handled ${handled} of ${events * groups} deliveries`);
    const perEvent = (used.user + used.system) / events;
    best = Math.min(best, perEvent);
    console.log(`round ${round + 1}: ${perEvent.toFixed(1)} µs CPU per event (${groups} groups)`);
    await bus.stop();
  }
  console.log(`best: ${best.toFixed(1)} µs CPU per event staged, published and delivered to ${groups} groups`);
}

void main();
