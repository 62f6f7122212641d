import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLogger } from '@hcv/observability';
import { BridgeAnswerSubmission, type BridgePendingRequests } from '@hcv/oqs-files';
import { responseXml, startFakeTerminal, type FakeTerminal } from '@hcv/oqs-files-testing';
import { authenticateDevice, InMemoryNonceStore, newDeviceSecret, signingKeyFromSecret } from '@hcv/platform-access';
import { temporaryFolder } from '@hcv/testing';
import { BridgeWorker } from './bridge-worker';
import { FileTerminal } from './file-terminal';
import { HttpBridgeLink } from './http-bridge-link';

const INSTITUTION = '3410712362';
const signingKey = signingKeyFromSecret(newDeviceSecret());
const query = (number: string) => ({
  insurerNumber: '33120015',
  symbol: '警',
  number,
  branch: '00',
  birthDate: '1980-01-31',
  onDate: '2024-05-01',
});

describe('the bridge end to end: platform requests → terminal files → platform answers', () => {
  let server: Server;
  let fake: FakeTerminal;
  let terminal: FileTerminal;
  const received: BridgeAnswerSubmission[] = [];

  beforeAll(async () => {
    const waiting: BridgePendingRequests = {
      institutionNumber: INSTITUTION,
      requests: [
        { requestId: 'answered', query: query('1') },
        { requestId: 'silent', query: query('2') },
      ],
    };
    const nonces = new InMemoryNonceStore();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void authenticateDevice({
          headers: req.headers,
          method: req.method ?? '',
          path: req.url ?? '',
          rawBody: Buffer.concat(chunks),
          lookup: async (deviceId) => ({ deviceId, state: 'active', signingKey }),
          nonces,
          nowMillis: Date.now(),
        }).then(
          () => {
            res.writeHead(200, { 'content-type': 'application/json' });
            if (req.method === 'GET') {
              const done = new Set(received.map((r) => r.requestId));
              return res.end(JSON.stringify({ ...waiting, requests: waiting.requests.filter((r) => !done.has(r.requestId)) }));
            }
            const submission = BridgeAnswerSubmission.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            received.push(submission);
            res.end(JSON.stringify({ requestId: submission.requestId }));
          },
          () => {
            res.writeHead(401);
            res.end();
          },
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const root = temporaryFolder('oqs-e2e');
    const [reqDir, resDir] = [join(root, 'Req'), join(root, 'Res')];
    mkdirSync(reqDir);
    mkdirSync(resDir);
    // Answers the first person in Shift_JIS; never answers the second.
    fake = startFakeTerminal({
      reqDir,
      resDir,
      respond: (r) =>
        r.fields.search.InsuredIdentificationNumber === '1'
          ? { bytes: responseXml({ encoding: 'shift_jis', validity: '3', fileId: r.fileId, withConsent: true }) }
          : undefined,
    });
    const log = createLogger({ service: 'oqs-bridge', sink: () => undefined });
    terminal = new FileTerminal({
      reqDir,
      resDir,
      institutionNumber: INSTITUTION,
      // Long enough for the answered person on a loaded machine (300 ms was not, under CI load);
      // the unanswered one costs this once.
      timeoutMillis: 2_000,
      pollMillis: 20,
      encoding: 'shift_jis',
      insurerPadding: 'space',
      log,
    });
    await terminal.start();
    const link = new HttpBridgeLink({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      deviceId: 'bridge-1',
      signingKey,
      timeoutMillis: 1_000,
    });
    const worker = new BridgeWorker({ link, terminal, institutionNumber: INSTITUTION, log });
    expect(await worker.runOnce()).toEqual({ answered: 2, delivered: 2, undelivered: 0 });
    expect(await worker.runOnce()).toEqual({ answered: 0, delivered: 0, undelivered: 0 });
  });

  afterAll(async () => {
    await terminal.stop();
    await fake.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends back the terminal answer (資格有効性 3: changed insurer) without any consent data', () => {
    const answered = received.find((r) => r.requestId === 'answered');
    expect(answered?.answer).toMatchObject({ status: 'changed-insurer', qualifications: [{ insurerNumber: '01130012' }] });
    expect(JSON.stringify(answered)).not.toMatch(/Cons|CONSENT/);
  });

  it('sends back "the terminal did not answer" for the person the terminal never answered', () => {
    expect(received.find((r) => r.requestId === 'silent')?.answer).toEqual({
      status: 'failed',
      reason: 'terminal-timeout',
      message: 'The terminal did not answer within 2 s.',
    });
  });
});
