import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { responseFileName } from '../file-names';
import { readEligibilityRequest } from './response-xml';

/** A request file the fake terminal picked up. */
export interface SeenRequest {
  fileId: string;
  bytes: Buffer;
  fields: ReturnType<typeof readEligibilityRequest>;
}

/** How the fake terminal answers one request: the response bytes, after a delay; `undefined` = never answers. */
export type FakeAnswer = { bytes: Buffer; delayMillis?: number; inTwoParts?: boolean } | undefined;

export interface FakeTerminal {
  /** Requests picked up so far, in order. */
  readonly seen: SeenRequest[];
  /** Response files written so far (file names). */
  readonly written: string[];
  /** Request files it took but could not read (half-written or not XML). */
  readonly unreadable: string[];
  stop(): Promise<void>;
}

/**
 * A stand-in for the 資格確認端末's 連携アプリ: watches `reqDir` for `OQSsiquc01req_<id>.xml`, consumes
 * each file (removes it, as the terminal does) and writes `OQSsiquc01res_<id>.xml` into `resDir`
 * with what `respond` returns. `silent: true` is a terminal that is switched off: it reads nothing
 * and leaves the request where it is. `inTwoParts` writes the response in two steps with a pause
 * between them, as a writer without an atomic rename does.
 */
export function startFakeTerminal(options: {
  reqDir: string;
  resDir: string;
  respond?: (request: SeenRequest) => FakeAnswer;
  silent?: boolean;
  pollMillis?: number;
}): FakeTerminal {
  const seen: SeenRequest[] = [];
  const written: string[] = [];
  const unreadable: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const pending = new Set<Promise<void>>();
  let stopped = false;

  const later = (millis: number, work: () => Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      const p = work().finally(() => pending.delete(p));
      pending.add(p);
    }, millis);
    timers.add(timer);
  };

  const answer = async (request: SeenRequest, reply: NonNullable<FakeAnswer>) => {
    const target = join(options.resDir, responseFileName(request.fileId));
    if (reply.inTwoParts) {
      const half = Math.floor(reply.bytes.length / 2);
      await writeFile(target, reply.bytes.subarray(0, half));
      later(30, async () => {
        await appendFile(target, reply.bytes.subarray(half));
        written.push(responseFileName(request.fileId));
      });
      return;
    }
    await writeFile(target, reply.bytes);
    written.push(responseFileName(request.fileId));
  };

  const scan = async () => {
    if (options.silent || !existsSync(options.reqDir)) return;
    for (const name of await readdir(options.reqDir)) {
      const match = /^OQSsiquc01req_([A-Za-z0-9]+)\.xml$/.exec(name);
      if (!match) continue;
      const path = join(options.reqDir, name);
      const bytes = await readFile(path);
      await rm(path, { force: true });
      let fields;
      try {
        fields = readEligibilityRequest(bytes);
      } catch {
        unreadable.push(name);
        continue;
      }
      const request: SeenRequest = { fileId: match[1], bytes, fields };
      seen.push(request);
      const reply = options.respond?.(request);
      if (reply) later(reply.delayMillis ?? 0, () => answer(request, reply));
    }
  };

  const tick = () =>
    later(options.pollMillis ?? 10, async () => {
      await scan();
      tick();
    });
  tick();

  return {
    seen,
    written,
    unreadable,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...pending]);
    },
  };
}
