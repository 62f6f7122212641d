import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchTransport, keepAliveTransport } from './http-transport';

/** The kept-alive node:http transport sends what fetch sends and reads the answer the same way. */
describe('keepAliveTransport', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string; socket: number }[] = [];
  const sockets = new WeakMap<object, number>();
  let nextSocket = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (!sockets.has(req.socket)) sockets.set(req.socket, nextSocket++);
        seen.push({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          socket: sockets.get(req.socket)!,
        });
        const status = req.url === '/busy' ? 503 : 200;
        res.writeHead(status, { 'content-type': 'application/json', ...(status === 503 ? { 'retry-after': '2' } : {}) });
        res.end(req.url === '/empty' ? '' : JSON.stringify({ ok: status === 200, echo: req.url }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends the method, path, headers and body, and answers status, text and headers as fetch does', async () => {
    const transport = keepAliveTransport();
    try {
      const headers = { 'content-type': 'application/json', 'x-device-id': 'D-1', 'accept-language': 'en' };
      const body = JSON.stringify({ name: '健診' });
      for (const send of [fetchTransport, transport]) {
        const ok = await send('POST', `${base}/sessions/a%2Fb`, headers, body);
        expect(ok.status).toBe(200);
        expect(JSON.parse(ok.text)).toEqual({ ok: true, echo: '/sessions/a%2Fb' });
        expect(ok.header('content-type')).toBe('application/json');
        const busy = await send('GET', `${base}/busy`, {}, undefined);
        expect(busy.status).toBe(503);
        expect(busy.header('retry-after')).toBe('2');
        expect(busy.header('x-absent')).toBeUndefined();
        expect((await send('GET', `${base}/empty`, {}, undefined)).text).toBe('');
      }
      const [viaFetch, viaHttp] = [seen[0]!, seen[3]!];
      for (const request of [viaFetch, viaHttp]) {
        expect(request.method).toBe('POST');
        expect(request.url).toBe('/sessions/a%2Fb');
        expect(request.body).toBe(body);
        expect(request.headers['x-device-id']).toBe('D-1');
        expect(request.headers['content-length']).toBe(String(Buffer.byteLength(body)));
      }
    } finally {
      transport.close();
    }
  });

  it('sends one request after another over the same kept-alive connection', async () => {
    const transport = keepAliveTransport();
    try {
      const from = seen.length;
      for (let i = 0; i < 5; i++) expect((await transport('GET', `${base}/n${i}`, {}, undefined)).status).toBe(200);
      expect(new Set(seen.slice(from).map((r) => r.socket)).size).toBe(1);
    } finally {
      transport.close();
    }
  });

  it('rejects when nothing answers', async () => {
    const transport = keepAliveTransport();
    try {
      await expect(transport('GET', 'http://127.0.0.1:1/', {}, undefined)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      transport.close();
    }
  });
});
