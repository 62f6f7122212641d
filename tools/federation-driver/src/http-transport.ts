import { Agent, request } from 'node:http';

/** A platform answer as the client reads it: status, body text and the headers it looks at. */
export interface HttpAnswer {
  status: number;
  text: string;
  header(name: string): string | undefined;
}

/** How PlatformClient sends a request: the same method, URL, headers and body whichever is used. */
export type HttpTransport = (method: string, url: string, headers: Record<string, string>, body: string | undefined) => Promise<HttpAnswer>;

/** The global fetch (undici, bundled with Node): the default, what a browser-like client does. */
export const fetchTransport: HttpTransport = async (method, url, headers, body) => {
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return { status: response.status, text, header: (name) => response.headers.get(name) ?? undefined };
};

/**
 * node:http over kept-alive connections (one Agent per transport; loopback or plain HTTP only): what
 * a device's native client does, without fetch's WHATWG layer (Request, Headers, Response, body
 * streams) per request. The load driver runs in the bench's process on the platform's own cores:
 * fetch was about half of its CPU, and the driver took 3.7–5.0 ms per verification at 30/s with
 * fetch against 2.3 ms with this (same run, alternating).
 */
export function keepAliveTransport(options: { maxSockets?: number } = {}): HttpTransport & { close(): void } {
  // `timeout` set so that an idle socket closes before the server's announced Keep-Alive timeout
  // (Agent#keepSocketAlive applies the hint only below it): a request never meets a closed socket.
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256, scheduling: 'lifo', timeout: 60_000 });
  const send: HttpTransport = (method, url, headers, body) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const req = request(
        url,
        { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const value = (name: string) => {
              const v = res.headers[name.toLowerCase()];
              return Array.isArray(v) ? v.join(', ') : v;
            };
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), header: value });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return Object.assign(send, { close: () => agent.destroy() });
}
