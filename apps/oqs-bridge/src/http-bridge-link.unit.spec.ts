import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticateDevice, InMemoryNonceStore, newDeviceSecret, signingKeyFromSecret } from '@hcv/platform-access';
import { BridgeAnswerSubmission, type BridgePendingRequests } from '@hcv/oqs-files';
import { BridgeLinkError } from './bridge-link.port';
import { HttpBridgeLink } from './http-bridge-link';

const DEVICE = 'bridge-1';
const signingKey = signingKeyFromSecret(newDeviceSecret());
const pendingBody: BridgePendingRequests = {
  institutionNumber: '3410712362',
  requests: [
    { requestId: 'r1', query: { insurerNumber: '131011', symbol: '', number: '567', birthDate: '1970-04-01', onDate: '2024-05-01' } },
  ],
};

/** A stand-in for the platform's bridge endpoints that checks every request as card-session checks devices. */
function platform(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const nonces = new InMemoryNonceStore();
  const seen: { method: string; path: string; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      authenticateDevice({
        headers: req.headers,
        method: req.method ?? '',
        path: req.url ?? '',
        rawBody: raw,
        lookup: async (id) => (id === DEVICE ? { deviceId: id, state: 'active', signingKey } : null),
        nonces,
        nowMillis: Date.now(),
      }).then(
        () => {
          seen.push({ method: req.method ?? '', path: req.url ?? '', body: raw.toString('utf8') });
          handle(req, raw.toString('utf8'), res);
        },
        (error: { code: string; message: string; status: number }) => {
          res.writeHead(error.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: error.code, message: error.message } }));
        },
      );
    });
  });
  return { server, seen };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('HttpBridgeLink (platform device authentication, the bridge wire shapes)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  // Generous for the servers that answer (a loaded CI machine may take a second to), short only
  // where the server is silent and the timeout is what is checked.
  async function listen(p: ReturnType<typeof platform>, key = signingKey, prefix = '', timeoutMillis = 10_000) {
    server = p.server;
    await new Promise<void>((resolve) => p.server.listen(0, '127.0.0.1', resolve));
    const { port } = p.server.address() as AddressInfo;
    return new HttpBridgeLink({ baseUrl: `http://127.0.0.1:${port}${prefix}`, deviceId: DEVICE, signingKey: key, timeoutMillis });
  }

  it('fetches the waiting requests and posts an answer, both signed as devices sign', async () => {
    const p = platform((req, body, res) => {
      if (req.method === 'GET' && req.url === '/bridge/requests') return json(res, 200, pendingBody);
      if (req.method === 'POST' && req.url === '/bridge/answers')
        return json(res, 202, { requestId: BridgeAnswerSubmission.parse(JSON.parse(body)).requestId });
      json(res, 404, { error: { code: 'not-found', message: 'no route' } });
    });
    const link = await listen(p);
    const pending = await link.pending();
    expect(pending).toEqual({
      institutionNumber: '3410712362',
      work: [
        { requestId: 'r1', query: { insurerNumber: '131011', symbol: '', number: '567', birthDate: '1970-04-01', onDate: '2024-05-01' } },
      ],
      skipped: 0,
    });
    const submission: BridgeAnswerSubmission = {
      requestId: 'r1',
      answeredAt: '2024-05-01T01:15:30.000Z',
      answer: { status: 'failed', reason: 'terminal-timeout', message: 'The terminal did not answer within 30 s.' },
    };
    await link.submit(submission);
    expect(p.seen.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /bridge/requests', 'POST /bridge/answers']);
    expect(JSON.parse(p.seen[1].body)).toEqual(submission);
  });

  it('signs the full path under a base URL with a prefix', async () => {
    const p = platform((req, _body, res) => json(res, 200, { ...pendingBody, requests: [] }));
    const link = await listen(p, signingKey, '/lookup');
    await link.pending();
    expect(p.seen[0].path).toBe('/lookup/bridge/requests');
  });

  it('is refused with the platform error code when its credential is wrong', async () => {
    const link = await listen(
      platform((_req, _body, res) => json(res, 200, pendingBody)),
      signingKeyFromSecret(newDeviceSecret()),
    );
    const error = await link.pending().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeLinkError);
    expect(error).toMatchObject({ status: 401, code: 'device-auth-signature' });
  });

  it('turns a malformed request in the list into a problem to answer, naming fields only, and skips one without an id', async () => {
    const link = await listen(
      platform((_req, _body, res) =>
        json(res, 200, {
          institutionNumber: '3410712362',
          requests: [
            { requestId: 'r1', query: { ...pendingBody.requests[0].query, insurerNumber: '1130012' } },
            { query: pendingBody.requests[0].query },
          ],
        }),
      ),
    );
    const { work, skipped } = await link.pending();
    expect(skipped).toBe(1);
    expect(work).toEqual([{ requestId: 'r1', problem: expect.stringContaining('query.insurerNumber') }]);
    expect(JSON.stringify(work)).not.toContain('1130012');
  });

  it('fails typed on an unexpected body, a missing receipt, and a platform that does not answer in time', async () => {
    const link = await listen(
      platform((req, _body, res) => {
        if (req.method === 'POST') return json(res, 200, { requestId: 'other' });
        json(res, 200, { requests: 'nope' });
      }),
    );
    await expect(link.pending()).rejects.toThrow(/unexpected body/);
    await expect(
      link.submit({ requestId: 'r1', answeredAt: '2024-05-01T01:15:30.000Z', answer: { status: 'not-found', qualifications: [] } }),
    ).rejects.toThrow(/without the receipt/);
    const silent = platform(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const slowLink = await listen(silent, signingKey, '', 500);
    await expect(slowLink.pending()).rejects.toThrow(/no answer within 500 ms/);
    silent.server.closeAllConnections();
  });
});
