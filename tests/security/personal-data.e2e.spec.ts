import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Qualification, VoucherRecord } from '@hcv/contracts';
import { generatePopulation } from '@hcv/eligibility-simulator';
import { driveVerification, planFederation, PlatformClient, seedFederation, type VisitPlan } from '@hcv/federation-driver';
import { connectMongo } from '@hcv/persistence';
import { PLATFORM_SERVICES, startPlatformProcesses, temporaryFolder, testStaffTokens, waitFor, type ServiceProcess } from '@hcv/testing';
import { ControllableUpstream } from '../faults/support/national-system-upstream';
import { occursIn, shortCodeForms, writtenForms } from './support/personal-values';

/**
 * Personal data of a full run never leaves in a log line or a span, and is stored in clear only
 * where it must be read back in clear. The five services run as separate processes (debug logs and
 * exported spans in files) over the real broker and database; the run covers a PIN and a visual
 * check that match, every alternative method (Mynaportal screen, マイナ保険証 + お知らせ, 資格確認書
 * after three PIN failures), a member mismatch, an insurer mismatch and a bus's offline capture.
 * Then every value the run used — insurance symbol, number, branch, name (kanji and kana), birth
 * date, card reference; from the simulator's population and from the vouchers — is searched in
 * every log and span file, in half- and full-width forms (the spans include the national-system
 * call over HTTP — the generic-http source against a test upstream answering with the person's
 * qualification —, every MongoDB command and the Kafka hops); and every document of every service's
 * MongoDB collections is searched, each field holding a personal value in clear listed and checked
 * against the fields that may (with the reason).
 */
jest.setTimeout(420_000);

const SEED = 6060;

/** Fields allowed to hold a personal value in clear, and why. Anything else found in clear fails. */
const STORED_IN_CLEAR_BECAUSE: Record<string, string> = {};

/** Field names that must never carry a value (other than the logger's "[redacted]") in a log record or a span attribute. */
const PERSONAL_KEYS = ['symbol', 'number', 'branch', 'name', 'nameKana', 'birthDate', 'cardReference', '記号', '番号', '枝番'];

describe('personal data in logs, spans and storage (five processes)', () => {
  const workDir = temporaryFolder('pii');
  const prefix = `e2e_pii_${randomUUID().slice(0, 8)}`;
  const checkupDate = new Date().toISOString().slice(0, 10);
  const plan = planFederation({ seed: SEED, population: 200, facilities: 1, buses: 1, devicesPerSite: 2, visits: 200, checkupDate });
  const people = generatePopulation({ seed: SEED, size: 200 });
  const personOf = (ref: string) => people.find((p) => p.cardReference === ref);
  const eligible = (v: VisitPlan) => {
    const p = personOf(v.cardReference);
    return v.scenario === 'regular' && !!p && !p.duplicated && !p.qualification.lostOn;
  };
  const used: { qualifications: Qualification[]; vouchers: VoucherRecord[]; cardReferences: string[] } = {
    qualifications: [],
    vouchers: [],
    cardReferences: [],
  };
  let processes: ServiceProcess[] = [];
  let client: PlatformClient;
  // The national system over real HTTP: its request carries the card reference, its answer the person.
  const upstream = new ControllableUpstream({ seed: SEED, population: 200 });

  const useVisit = (visit: VisitPlan) => {
    const person = personOf(visit.cardReference);
    if (person) used.qualifications.push(person.qualification);
    // a paper-only voucher has no imported record; its printed 記号・番号 are the holder's, collected above
    const record = plan.vouchers.find(
      (v) => v.insurerNumber === visit.voucher.insurerNumber && v.voucherNumber === visit.voucher.voucherNumber,
    );
    if (record) used.vouchers.push(record);
    used.cardReferences.push(visit.cardReference);
    return visit;
  };

  beforeAll(async () => {
    const upstreamUrl = await upstream.start();
    const platform = await startPlatformProcesses({
      workDir,
      databasePrefix: prefix,
      env: {
        ELIGIBILITY_SOURCE: 'generic-http',
        GENERIC_HTTP_URL: upstreamUrl,
        SIMULATOR_SEED: String(SEED),
        SIMULATOR_POPULATION: '200',
        AUDIT_PII_KEY: 'e2e-test-personal-data-audit-key',
        LOG_LEVEL: 'debug',
      },
    });
    processes = platform.processes;
    const url = platform.url;
    client = new PlatformClient(
      {
        deviceRegistry: url('device-registry'),
        cardSession: url('card-session'),
        voucherMatching: url('voucher-matching'),
        audit: url('audit'),
      },
      { staffTokens: testStaffTokens() },
    );
    await seedFederation(client, plan);
    const first = plan.sites.flatMap((s) => s.devices);
    await waitFor(
      async () => {
        for (const deviceId of first) {
          const answer = await client.deviceRequest(deviceId, 'GET', `${url('card-session')}/sessions/${randomUUID()}`, '');
          if (answer.status !== 404) return false;
        }
        return true;
      },
      60_000,
      'card-session to accept every device',
    );
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await upstream.stop();
  });

  it('runs the happy path, the alternative methods, mismatches and a captured session', async () => {
    const regular = plan.visits.filter(eligible);
    const outcomes: string[] = [];
    const pin = useVisit({ ...regular[0]!, identityCheck: 'pin' });
    const visual = useVisit({ ...regular[1]!, identityCheck: 'visual' });
    // The PIN visit without the device's report: qualification-lookup asks the national system over HTTP.
    for (const visit of [pin, visual])
      outcomes.push(
        (
          await driveVerification(client, visit, {
            checkupDate,
            timeoutMillis: 60_000,
            ...(visit === pin ? { answer: 'card-reference' as const } : {}),
          })
        ).session.outcome!.kind,
      );
    for (const visit of [
      plan.visits.find(
        (v) =>
          v.scenario === 'birth-date-mismatch' &&
          personOf(v.cardReference) &&
          !personOf(v.cardReference)!.duplicated &&
          !personOf(v.cardReference)!.qualification.lostOn,
      )!,
      plan.visits.find((v) => v.scenario === 'insurer-mismatch')!,
    ]) {
      outcomes.push((await driveVerification(client, useVisit(visit), { checkupDate, timeoutMillis: 60_000 })).session.outcome!.kind);
    }
    // The alternative methods: transcribed by the operator from the document shown.
    const methods = ['mynaportal-screen', 'myna-card-with-notice', 'eligibility-certificate'] as const;
    for (const [i, method] of methods.entries()) {
      const visit = useVisit(regular[2 + i]!);
      const q = personOf(visit.cardReference)!.qualification;
      const opened = await client.openSession({ deviceId: visit.deviceId, purpose: visit.purpose, checkupDate });
      if (method === 'eligibility-certificate') {
        for (let n = 0; n < 3; n++)
          await client.submitCardRead(opened.sessionId, { identityCheck: 'pin', pinVerified: false, cardReference: visit.cardReference });
      }
      await client.presentVoucher(opened.sessionId, visit.voucher);
      await client.recordAlternative(opened.sessionId, {
        method,
        // Full-width digits as an operator might type them: matching folds widths.
        eligibility: {
          insurerNumber: q.insurerNumber,
          symbol: q.symbol,
          number:
            method === 'mynaportal-screen'
              ? q.number.normalize('NFKC').replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
              : q.number,
          branch: q.branch,
          name: q.name,
          birthDate: q.birthDate,
          ...(method === 'eligibility-certificate' ? { validUntil: `${Number(checkupDate.slice(0, 4)) + 1}-07-31` } : {}),
        },
      });
      outcomes.push((await client.waitForOutcome(opened.sessionId, 60_000)).outcome!.kind);
    }
    // A bus's offline capture, sent later: 限定型 reads no card offline, so the crew transcribes a 資格確認書.
    const bus = plan.sites.find((s) => s.kind === 'bus')!;
    const captured = useVisit({ ...regular[5]!, deviceId: bus.devices[0]! });
    const q5 = personOf(captured.cardReference)!.qualification;
    const sent = await client.submitCaptured({
      idempotencyKey: `pii-${randomUUID()}`,
      deviceId: captured.deviceId,
      purpose: captured.purpose,
      checkupDate,
      capturedAt: new Date().toISOString(),
      alternative: {
        method: 'eligibility-certificate',
        eligibility: {
          insurerNumber: q5.insurerNumber,
          symbol: q5.symbol,
          number: q5.number,
          branch: q5.branch,
          name: q5.name,
          birthDate: q5.birthDate,
          validUntil: `${Number(checkupDate.slice(0, 4)) + 1}-07-31`,
        },
      },
      voucher: captured.voucher,
    });
    outcomes.push((await client.waitForOutcome(sent.sessionId, 60_000)).outcome!.kind);
    // Sessions that end without an outcome: cancelled after the card was read, and after a transcription.
    const cancelledCard = useVisit(regular[6]!);
    const afterCard = await client.openSession({ deviceId: cancelledCard.deviceId, purpose: cancelledCard.purpose, checkupDate });
    await client.submitCardRead(afterCard.sessionId, {
      identityCheck: 'visual',
      checkedBy: 'desk-staff',
      cardReference: cancelledCard.cardReference,
    });
    expect((await client.cancelSession(afterCard.sessionId, 'operator', 'visitor left')).state).toBe('cancelled');
    const cancelledAlternative = useVisit(regular[7]!);
    const q7 = personOf(cancelledAlternative.cardReference)!.qualification;
    const afterTranscription = await client.openSession({
      deviceId: cancelledAlternative.deviceId,
      purpose: cancelledAlternative.purpose,
      checkupDate,
    });
    await client.recordAlternative(afterTranscription.sessionId, {
      method: 'mynaportal-screen',
      eligibility: {
        insurerNumber: q7.insurerNumber,
        symbol: q7.symbol,
        number: q7.number,
        branch: q7.branch,
        name: q7.name,
        birthDate: q7.birthDate,
      },
    });
    expect((await client.cancelSession(afterTranscription.sessionId, 'operator', 'visitor left')).state).toBe('cancelled');
    expect(outcomes).toEqual(['matched', 'matched', 'member-mismatch', 'insurer-mismatch', 'matched', 'matched', 'matched', 'matched']);
    // Let the audit service record the last events, and the span processors flush.
    await waitFor(
      async () => (await client.auditTrail(sent.sessionId)).events.some((e) => e.type === 'session.completed'),
      60_000,
      'the audit trail of the last session',
    );
  });

  /** Every personal value of the run with the forms to search for. */
  function personalForms(): Array<{ what: string; forms: string[]; short: boolean }> {
    const out: Array<{ what: string; forms: string[]; short: boolean }> = [];
    const code = (what: string, value: string | undefined) => {
      if (!value) return;
      const short = value.normalize('NFKC').length < 6 && /^[0-9A-Za-z]+$/.test(value.normalize('NFKC'));
      out.push({ what, forms: short ? shortCodeForms(value) : writtenForms(value, 'code'), short });
    };
    for (const record of [...used.qualifications, ...used.vouchers]) {
      code('symbol', record.symbol);
      code('number', record.number);
      code('branch', record.branch);
      out.push({ what: 'name', forms: writtenForms(record.name, 'name'), short: false });
      out.push({ what: 'birthDate', forms: writtenForms(record.birthDate, 'date'), short: false });
      if ('nameKana' in record) out.push({ what: 'nameKana', forms: writtenForms(record.nameKana, 'name'), short: false });
    }
    for (const ref of used.cardReferences) out.push({ what: 'cardReference', forms: [ref], short: false });
    return out;
  }

  const leaksIn = (text: string) =>
    personalForms().flatMap(({ what, forms, short }) =>
      forms.filter((f) => (short ? text.includes(f) : occursIn(text, f))).map((f) => `${what} as ${JSON.stringify(f)}`),
    );

  it('no log line and no exported span holds a personal value (any width) or a personal field', async () => {
    expect(used.qualifications.length).toBeGreaterThanOrEqual(7);
    const leaks: string[] = [];
    let lines = 0;
    for (const p of processes) {
      for (const file of [p.logFile, p.spansFile]) {
        expect({ file, exists: existsSync(file) }).toEqual({ file, exists: true });
        const text = readFileSync(file, 'utf8');
        lines += text.split('\n').length;
        for (const leak of leaksIn(text)) leaks.push(`${p.service} ${file.endsWith('.jsonl') ? 'spans' : 'log'}: ${leak}`);
        for (const line of text.split('\n')) {
          let record: unknown;
          try {
            record = JSON.parse(line);
          } catch {
            continue;
          }
          // A span's own `name` is its operation; its attributes, and every field of a log record, are what is checked.
          const fields = file.endsWith('.jsonl') ? (record as { attributes?: unknown }).attributes : record;
          for (const [key, value] of entriesOf(fields)) {
            if (PERSONAL_KEYS.includes(key) && value !== '[redacted]')
              leaks.push(`${p.service}: ${key} = ${JSON.stringify(value).slice(0, 40)} in ${line.slice(0, 160)}`);
          }
        }
      }
    }
    // The spans searched include the ones that see personal data pass: the national-system call,
    // MongoDB commands, and the Kafka hops (named and described by the messaging conventions).
    const spans = processes.flatMap((p) =>
      readFileSync(p.spansFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => ({
          service: p.service,
          ...(JSON.parse(line) as { name: string; kind: number; attributes: Record<string, unknown> }),
        })),
    );
    const kinds = {
      nationalSystemCall: spans.some(
        (s) => s.service === 'qualification-lookup' && String(s.attributes['url.full'] ?? '').endsWith('/eligibility/inquiries'),
      ),
      mongoServices: [...new Set(spans.filter((s) => s.attributes['db.system.name'] === 'mongodb').map((s) => s.service))].sort(),
      mongoStatementsWithValues: spans.filter((s) => /:\s*"(?!\?"|…")/.test(String(s.attributes['db.query.text'] ?? ''))).length,
      kafkaSend: spans.some((s) => /^(send|create) \S+$/.test(s.name) && s.attributes['messaging.system'] === 'kafka'),
      kafkaProcess: spans.some(
        (s) =>
          /^process \S+$/.test(s.name) &&
          s.attributes['messaging.operation.type'] === 'process' &&
          typeof s.attributes['messaging.destination.name'] === 'string' &&
          typeof s.attributes['messaging.consumer.group.name'] === 'string',
      ),
    };
    expect(kinds).toEqual({
      nationalSystemCall: true,
      mongoServices: [...PLATFORM_SERVICES].sort(),
      mongoStatementsWithValues: 0,
      kafkaSend: true,
      kafkaProcess: true,
    });
    console.log(
      `searched ${lines} log and span lines of ${processes.length} processes for ${personalForms().reduce((n, p) => n + p.forms.length, 0)} written forms`,
    );
    expect([...new Set(leaks)]).toEqual([]);
  });

  it('stores personal values in clear only where they must be read back in clear', async () => {
    const inClear = new Map<string, Set<string>>();
    let documents = 0;
    for (const service of PLATFORM_SERVICES) {
      const connection = await connectMongo({ url: process.env.MONGO_URL!, dbName: `${prefix}_${service.replace(/-/g, '_')}` });
      try {
        for (const { name } of await connection.db!.listCollections().toArray()) {
          for (const doc of await connection.db!.collection(name).find({}).toArray()) {
            documents++;
            for (const [path, value] of stringLeaves(doc)) {
              const found = leaksIn(value);
              if (found.length)
                inClear.set(
                  `${service}.${name}.${path.replace(/\.\d+(?=\.|$)/g, '[]')}`,
                  new Set([
                    ...(inClear.get(`${service}.${name}.${path.replace(/\.\d+(?=\.|$)/g, '[]')}`) ?? []),
                    ...found.map((f) => f.split(' ')[0]!),
                  ]),
                );
            }
          }
        }
      } finally {
        await connection.close();
      }
    }
    const report = [...inClear].map(([field, what]) => `${field}: ${[...what].join(', ')}`).sort();
    console.log(`searched ${documents} documents; personal values stored in clear:\n  ${report.join('\n  ') || '(none)'}`);
    expect(documents).toBeGreaterThan(50);
    expect([...inClear.keys()].filter((field) => !STORED_IN_CLEAR_BECAUSE[field]).sort()).toEqual([]);
  });
});

/** Every key of a JSON value with its value, at any depth. */
function entriesOf(value: unknown): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap(entriesOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[k, v] as [string, unknown], ...entriesOf(v)]);
  return [];
}

/** Every string (or number) leaf of a stored document, with its dotted path. */
function stringLeaves(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'number') return [[path, String(value)]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${path}.${i}`));
  if (
    value &&
    typeof value === 'object' &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value) &&
    value.constructor?.name !== 'ObjectId' &&
    value.constructor?.name !== 'Binary'
  ) {
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, path ? `${path}.${k}` : k));
  }
  return [];
}
