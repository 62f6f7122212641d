import type { NextFunction, Request, Response } from 'express';
import { corsFromAllowList } from './http-security';

/** A preflight from `origin` through the middleware: the headers set and whether the request went on. */
function preflight(middleware: ReturnType<typeof corsFromAllowList>, origin: string) {
  const headers: Record<string, string> = {};
  let status: number | undefined;
  let passed = false;
  const res = {
    vary: () => res,
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
      return res;
    },
    status: (code: number) => {
      status = code;
      return res;
    },
    end: () => res,
    json: () => res,
    type: () => res,
    send: () => res,
    getHeader: () => undefined,
    headersSent: false,
  } as unknown as Response;
  const req = {
    method: 'OPTIONS',
    path: '/devices/d-1/suspend',
    headers: { origin, 'access-control-request-method': 'POST' },
    get: () => undefined,
  } as unknown as Request;
  middleware(req, res, (() => (passed = true)) as NextFunction);
  return { allowOrigin: headers['access-control-allow-origin'], status, passed };
}

describe('CORS from the allow-list', () => {
  it('reads an allow-list given as a function on each request (an origin learnt after start-up)', () => {
    const origins: string[] = [];
    const middleware = corsFromAllowList({ corsAllowedOrigins: () => origins });
    expect(preflight(middleware, 'http://127.0.0.1:4005')).toMatchObject({ allowOrigin: undefined, status: 403 });
    origins.push('http://127.0.0.1:4005');
    expect(preflight(middleware, 'http://127.0.0.1:4005')).toEqual({ allowOrigin: 'http://127.0.0.1:4005', status: 204, passed: false });
    expect(preflight(middleware, 'http://127.0.0.1:9999')).toMatchObject({ allowOrigin: undefined, status: 403 });
  });

  it('keeps a fixed list as it was given', () => {
    const middleware = corsFromAllowList({ corsAllowedOrigins: ['https://desk.example.jp'] });
    expect(preflight(middleware, 'https://desk.example.jp').allowOrigin).toBe('https://desk.example.jp');
    expect(preflight(middleware, 'https://other.example.jp').status).toBe(403);
  });
});
