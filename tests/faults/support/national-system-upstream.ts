import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LookupResult, Qualification } from '@hcv/contracts';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import type { UpstreamAnswer, UpstreamMatch } from '@hcv/qualification-lookup-service';

/**
 * A national eligibility system the test controls: qualification-lookup's HTTP adapter
 * (the generic-http source, GENERIC_HTTP_URL) talks to it over real HTTP, in the upstream's JSON format. It answers from
 * the same synthetic population as the simulator, and the test switches its behaviour mid-stream:
 * healthy, slow (every answer delayed), failing (HTTP 503), healthy again.
 */
export type UpstreamMode = { kind: 'healthy' } | { kind: 'slow'; delayMillis: number } | { kind: 'failing'; status: number };

const compact = (iso: string) => iso.replace(/-/g, '');

function toUpstream(q: Qualification): UpstreamMatch {
  return {
    insurerNumber: q.insurerNumber,
    insurerName: q.insurerName,
    insuredCardSymbol: q.symbol,
    insuredIdentificationNumber: q.number,
    insuredBranchNumber: q.branch,
    personalFamilyClassification: q.relationship === 'insured' ? '1' : '2',
    name: q.name,
    nameKana: q.nameKana,
    sex1: q.sex === 'male' ? '1' : q.sex === 'female' ? '2' : '3',
    birthdate: compact(q.birthDate),
    qualificationDate: compact(q.acquiredOn),
    ...(q.lostOn ? { disqualificationDate: compact(q.lostOn) } : {}),
  };
}

/** The simulator's answer in the upstream's wire format (the inverse of the adapter's mapping). */
export function upstreamAnswerOf(result: LookupResult): UpstreamAnswer {
  const ok = { status: '1' } as const;
  switch (result.status) {
    case 'eligible':
      return { processingResult: ok, qualificationValidity: '1', results: [toUpstream(result.qualification)] };
    case 'lost':
      return {
        processingResult: ok,
        qualificationValidity: '2',
        results: [toUpstream({ ...result.qualification, lostOn: result.lostOn })],
      };
    case 'not-found':
      return { processingResult: ok, qualificationValidity: '4' };
    case 'multiple':
      return { processingResult: ok, qualificationValidity: '5', results: [] };
    case 'unavailable':
      return { processingResult: { status: '3', errorCode: 'E9999', errorMessage: result.reason.slice(0, 100) } };
  }
}

export class ControllableUpstream {
  mode: UpstreamMode = { kind: 'healthy' };
  /** Calls answered per mode kind (for the report). */
  readonly calls: Record<UpstreamMode['kind'], number> = { healthy: 0, slow: 0, failing: 0 };
  private readonly simulator: EligibilitySimulator;
  private server?: Server;

  constructor(options: { seed: number; population: number }) {
    this.simulator = new EligibilitySimulator({ seed: options.seed, size: options.population });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const mode = this.mode;
        this.calls[mode.kind]++;
        void this.answer(mode, body).then(
          ([status, answer]) => {
            if (answer) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
            else res.writeHead(status).end();
          },
          () => res.writeHead(500).end(),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async answer(mode: UpstreamMode, body: string): Promise<[number, UpstreamAnswer | undefined]> {
    if (mode.kind === 'failing') return [mode.status, undefined];
    if (mode.kind === 'slow') await new Promise((r) => setTimeout(r, mode.delayMillis));
    const request = JSON.parse(body) as { cardReference: string; inquiryDate: string };
    const onDate = `${request.inquiryDate.slice(0, 4)}-${request.inquiryDate.slice(4, 6)}-${request.inquiryDate.slice(6, 8)}`;
    return [200, upstreamAnswerOf(await this.simulator.lookup({ cardReference: request.cardReference, onDate }))];
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
