import { createLogger } from '@hcv/observability';
import type { BridgeAnswerSubmission, OqsAnswer, OqsEligibilityQueryInput } from '@hcv/oqs-files';
import { OqsEligibilityQuery } from '@hcv/oqs-files';
import { BridgeLinkError, type BridgeLink, type PendingWork } from './bridge-link.port';
import { BridgeWorker, InstitutionMismatchError } from './bridge-worker';
import type { Terminal } from './terminal.port';

const INSTITUTION = '3410712362';
const query = OqsEligibilityQuery.parse({
  insurerNumber: '01130012',
  symbol: '1',
  number: '567',
  birthDate: '1970-04-01',
  onDate: '2024-05-01',
});
const notFound: OqsAnswer = { status: 'not-found', qualifications: [] };

/** The platform's side, in memory: a list of waiting requests, answers received, and a switch to refuse them. */
class MemoryLink implements BridgeLink {
  work: PendingWork[] = [];
  received: BridgeAnswerSubmission[] = [];
  refuseAnswers = false;
  institutionNumber = INSTITUTION;
  skipped = 0;
  async pending() {
    const answered = new Set(this.received.map((r) => r.requestId));
    return { institutionNumber: this.institutionNumber, work: this.work.filter((w) => !answered.has(w.requestId)), skipped: this.skipped };
  }
  async submit(submission: BridgeAnswerSubmission) {
    if (this.refuseAnswers) throw new BridgeLinkError('POST /bridge/answers failed: connection refused');
    this.received.push(submission);
  }
}

class CountingTerminal implements Terminal {
  asked: OqsEligibilityQueryInput[] = [];
  constructor(private readonly answer: OqsAnswer) {}
  async query(q: OqsEligibilityQueryInput) {
    this.asked.push(q);
    return this.answer;
  }
}

function worker(link: BridgeLink, terminal: Terminal, lines: string[] = []) {
  return new BridgeWorker({
    link,
    terminal,
    institutionNumber: INSTITUTION,
    log: createLogger({ service: 'oqs-bridge', sink: (l) => lines.push(l) }),
    now: () => new Date('2024-05-01T01:15:30.000Z'),
  });
}

describe('BridgeWorker', () => {
  it('asks the terminal each waiting request once and sends its answer back with the request id', async () => {
    const link = new MemoryLink();
    link.work = [
      { requestId: 'r1', query },
      { requestId: 'r2', query },
    ];
    const terminal = new CountingTerminal(notFound);
    expect(await worker(link, terminal).runOnce()).toEqual({ answered: 2, delivered: 2, undelivered: 0 });
    expect(terminal.asked).toHaveLength(2);
    expect(link.received).toEqual([
      { requestId: 'r1', answeredAt: '2024-05-01T01:15:30.000Z', answer: notFound },
      { requestId: 'r2', answeredAt: '2024-05-01T01:15:30.000Z', answer: notFound },
    ]);
  });

  it('sends a terminal failure back as an answer ("the terminal did not answer")', async () => {
    const link = new MemoryLink();
    link.work = [{ requestId: 'r1', query }];
    const timeout: OqsAnswer = { status: 'failed', reason: 'terminal-timeout', message: 'The terminal did not answer within 30 s.' };
    await worker(link, new CountingTerminal(timeout)).runOnce();
    expect(link.received[0].answer).toEqual(timeout);
  });

  it('answers a request it cannot put to the terminal as invalid-query without asking the terminal', async () => {
    const link = new MemoryLink();
    link.work = [{ requestId: 'r1', problem: 'query.insurerNumber: an insurer number has 6 or 8 digits' }];
    const terminal = new CountingTerminal(notFound);
    await worker(link, terminal).runOnce();
    expect(terminal.asked).toEqual([]);
    expect(link.received[0].answer).toEqual({
      status: 'failed',
      reason: 'invalid-query',
      message: 'The request cannot be written for the terminal (query.insurerNumber: an insurer number has 6 or 8 digits).',
    });
  });

  it('keeps an answer the platform did not take, sends it again first, and does not ask the terminal twice meanwhile', async () => {
    const link = new MemoryLink();
    link.work = [{ requestId: 'r1', query }];
    link.refuseAnswers = true;
    const terminal = new CountingTerminal(notFound);
    const lines: string[] = [];
    const w = worker(link, terminal, lines);
    expect(await w.runOnce()).toEqual({ answered: 1, delivered: 0, undelivered: 1 });
    expect(await w.runOnce()).toEqual({ answered: 0, delivered: 0, undelivered: 1 });
    expect(terminal.asked).toHaveLength(1);
    expect(lines.join('\n')).toContain('answer not delivered; kept for the next round');
    link.refuseAnswers = false;
    expect(await w.runOnce()).toEqual({ answered: 0, delivered: 1, undelivered: 0 });
    expect(link.received.map((r) => r.requestId)).toEqual(['r1']);
    expect(terminal.asked).toHaveLength(1);
  });

  it('refuses to ask its terminal for another institution', async () => {
    const link = new MemoryLink();
    link.institutionNumber = '0110113719';
    link.work = [{ requestId: 'r1', query }];
    const terminal = new CountingTerminal(notFound);
    await expect(worker(link, terminal).runOnce()).rejects.toThrow(InstitutionMismatchError);
    expect(terminal.asked).toEqual([]);
  });

  it('says when the platform listed requests it cannot answer (no usable request id)', async () => {
    const link = new MemoryLink();
    link.skipped = 2;
    const lines: string[] = [];
    await worker(link, new CountingTerminal(notFound), lines).runOnce();
    expect(lines.some((l) => l.includes('"level":"error"') && l.includes('"skipped":2'))).toBe(true);
  });

  it('runs rounds until stopped, waiting out a platform outage, and stops on a wrong institution', async () => {
    let calls = 0;
    const flaky: BridgeLink = {
      pending: async () => {
        calls++;
        if (calls === 1) throw new BridgeLinkError('GET /bridge/requests failed: connection refused');
        return { institutionNumber: INSTITUTION, work: [], skipped: 0 };
      },
      submit: async () => undefined,
    };
    const stop = new AbortController();
    const running = worker(flaky, new CountingTerminal(notFound)).run(stop.signal, 5);
    while (calls < 3) await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    await running;
    const wrong = new MemoryLink();
    wrong.institutionNumber = '0110113719';
    await expect(worker(wrong, new CountingTerminal(notFound)).run(new AbortController().signal, 5)).rejects.toThrow(
      InstitutionMismatchError,
    );
  });
});
