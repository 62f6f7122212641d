import type { AddressInfo } from 'node:net';
import { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';
import { JsonAnsweringExpressAdapter } from './http-app';

/**
 * A handler's object answered by JsonAnsweringExpressAdapter is the answer Nest's Express adapter
 * gives (res.json): the same status, headers and bytes; the cases it leaves to Express stay Express's.
 */
const BODY = { sessionId: '6f1c2a9e-0000-4000-8000-000000000000', name: '受付 ✓', n: 3, list: [1, null, 'x'], nested: { at: new Date(0) } };

async function answers(adapter: ExpressAdapter, requests: { method: string; headers?: Record<string, string> }[]) {
  const app = express();
  app.set('etag', false);
  app.disable('x-powered-by');
  app.all('/answer', (req, res) => {
    const status = req.query.status ? Number(req.query.status) : undefined;
    if (req.query.type) res.setHeader('Content-Type', String(req.query.type));
    adapter.reply(res, req.query.nil ? undefined : BODY, status);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const seen = [];
    for (const [i, r] of requests.entries()) {
      const query = ['?status=201', '?status=204', '?type=application/problem%2Bjson', '?nil=1', ''][i % 5];
      const response = await fetch(`${base}/answer${query}`, { method: r.method, headers: r.headers });
      const headers = Object.fromEntries([...response.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive' && k !== 'connection'));
      seen.push({ status: response.status, headers, body: await response.text() });
    }
    return seen;
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe('JsonAnsweringExpressAdapter', () => {
  it('answers as Express does: objects, statuses, a set content type, no body, HEAD and conditional requests', async () => {
    const conditional: (Record<string, string> | undefined)[] = [
      undefined,
      { 'if-none-match': '*' },
      { 'if-modified-since': new Date().toUTCString() },
    ];
    const requests = ['GET', 'POST', 'HEAD'].flatMap((method) =>
      conditional.flatMap((headers) => Array.from({ length: 5 }, () => ({ method, headers }))),
    );
    const lean = await answers(new JsonAnsweringExpressAdapter(), requests);
    const nest = await answers(new ExpressAdapter(), requests);
    expect(lean).toEqual(nest);
    // The answer it writes itself: JSON in UTF-8 with its length.
    expect(lean[4]).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(JSON.stringify(BODY))) },
      body: JSON.stringify(BODY),
    });
    expect(lean[0]!.status).toBe(201);
  });
});
