import { constants, watch, type FSWatcher } from 'node:fs';
import { access, copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@hcv/observability';
import {
  buildEligibilityRequest,
  fileIdOfResponse,
  isCompleteXml,
  newFileIdFactory,
  parseEligibilityResponse,
  requestFileName,
  temporaryRequestFileName,
  type InsurerPadding,
  type OqsAnswer,
  type OqsEligibilityQueryInput,
  type OqsEncoding,
} from '@hcv/oqs-files';
import type { Terminal } from './terminal.port';

export interface FileTerminalOptions {
  reqDir: string;
  resDir: string;
  /** Answered and late responses are moved here; unset: deleted. */
  archiveDir?: string;
  institutionNumber: string;
  timeoutMillis: number;
  pollMillis: number;
  encoding: OqsEncoding;
  insurerPadding: InsurerPadding;
  fileIdPrefix?: string;
  log: Logger;
}

interface Waiting {
  resolve: (answer: OqsAnswer) => void;
  timer: NodeJS.Timeout;
}

/** How long the ids of timed-out requests are remembered, so that their late responses are cleaned up. */
const ABANDONED_MEMORY_MILLIS = 60 * 60_000;

const failed = (reason: Extract<OqsAnswer, { status: 'failed' }>['reason'], message: string): OqsAnswer => ({
  status: 'failed',
  reason,
  message,
});

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).name;

/** A rename, or a copy and delete when the archive is on another drive than the share. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

/**
 * The terminal reached through its shared folders (INTERFACES.md §1). A request is written under a
 * temporary name and renamed into `req` (the terminal never reads half a file); its response
 * `OQSsiquc01res_<id>.xml` is found in `res` by change notification or, since SMB shares may not
 * notify, by a scan every `pollMillis`. A response still being written is read again on the next
 * scan. After `timeoutMillis` the query is answered `terminal-timeout`, its request is withdrawn if
 * the terminal has not taken it, and a response that comes later is removed unread. Files of other
 * programs sharing the folders are never touched.
 */
export class FileTerminal implements Terminal {
  private readonly waiting = new Map<string, Waiting>();
  private readonly abandoned = new Map<string, number>();
  private readonly nextFileId: () => string;
  private watcher?: FSWatcher;
  private poller?: NodeJS.Timeout;
  private scanning?: Promise<void>;
  private rescan = false;

  constructor(private readonly options: FileTerminalOptions) {
    this.nextFileId = newFileIdFactory(options.fileIdPrefix ?? '');
  }

  /** Checks the folders (refusing to start without them) and starts watching `res`. */
  async start(): Promise<void> {
    for (const [name, dir] of [
      ['OQS_REQ_DIR', this.options.reqDir],
      ['OQS_RES_DIR', this.options.resDir],
    ] as const) {
      try {
        await access(dir, constants.R_OK | constants.W_OK);
      } catch (error) {
        throw new Error(`${name} (${dir}) is not a folder the bridge can read and write: ${errorCode(error)}`);
      }
    }
    if (this.options.archiveDir) await mkdir(this.options.archiveDir, { recursive: true });
    try {
      this.watcher = watch(this.options.resDir, () => this.scanSoon());
      this.watcher.on('error', (error) => {
        this.options.log.warn('res folder notifications stopped; scanning only', { error: errorCode(error) });
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (error) {
      this.options.log.warn('res folder notifications unavailable; scanning only', { error: errorCode(error) });
    }
    this.poller = setInterval(() => this.scanSoon(), this.options.pollMillis);
  }

  /** Stops watching; queries still waiting are answered `terminal-unreachable`. */
  async stop(): Promise<void> {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    for (const [fileId, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.resolve(failed('terminal-unreachable', 'The bridge stopped before the terminal answered.'));
      this.abandoned.set(fileId, Date.now());
    }
    this.waiting.clear();
    await this.scanning;
  }

  async query(input: OqsEligibilityQueryInput): Promise<OqsAnswer> {
    if (!this.poller) throw new Error('FileTerminal.query before start()');
    const fileId = this.nextFileId();
    let request;
    try {
      request = buildEligibilityRequest(input, {
        institutionNumber: this.options.institutionNumber,
        fileId,
        encoding: this.options.encoding,
        insurerPadding: this.options.insurerPadding,
      });
    } catch (error) {
      // Names the fields at fault, never their values.
      const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
      const what = issues ? issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (error as Error).message;
      return failed('invalid-query', `The request cannot be written for the terminal (${what}).`);
    }
    const answer = new Promise<OqsAnswer>((resolve) => {
      const timer = setTimeout(() => void this.timedOut(fileId), this.options.timeoutMillis);
      this.waiting.set(fileId, { resolve, timer });
    });
    const temporary = join(this.options.reqDir, temporaryRequestFileName(fileId));
    try {
      await writeFile(temporary, request.bytes);
      await rename(temporary, join(this.options.reqDir, request.fileName));
    } catch (error) {
      this.settle(
        fileId,
        failed('terminal-unreachable', `The request could not be written to the terminal's req folder (${errorCode(error)}).`),
      );
      await rm(temporary, { force: true }).catch(() => undefined);
      return answer;
    }
    this.options.log.info('request written for the terminal', { fileId });
    this.scanSoon();
    return answer;
  }

  private settle(fileId: string, answer: OqsAnswer): boolean {
    const waiting = this.waiting.get(fileId);
    if (!waiting) return false;
    clearTimeout(waiting.timer);
    this.waiting.delete(fileId);
    waiting.resolve(answer);
    this.options.log.info('terminal answered', {
      fileId,
      status: answer.status,
      ...(answer.status === 'failed' ? { reason: answer.reason, code: answer.code } : {}),
    });
    return true;
  }

  private async timedOut(fileId: string): Promise<void> {
    if (!this.waiting.has(fileId)) return;
    // A terminal that is off never took the request: withdrawn first, so it is not answered hours later.
    await rm(join(this.options.reqDir, requestFileName(fileId)), { force: true }).catch((error: unknown) =>
      this.options.log.warn('could not withdraw an unanswered request', { fileId, error: errorCode(error) }),
    );
    // The answer may have come in the meantime: then it stands.
    if (!this.waiting.has(fileId)) return;
    this.abandoned.set(fileId, Date.now());
    this.settle(fileId, failed('terminal-timeout', `The terminal did not answer within ${this.options.timeoutMillis / 1000} s.`));
    this.scanSoon();
  }

  /** One scan at a time; a notification during a scan asks for one more. */
  private scanSoon(): void {
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((error: unknown) => this.options.log.warn('res folder scan failed', { error: errorCode(error) }))
      .finally(() => {
        this.scanning = undefined;
        if (this.rescan) {
          this.rescan = false;
          this.scanSoon();
        }
      });
  }

  private async scan(): Promise<void> {
    const now = Date.now();
    for (const [fileId, since] of this.abandoned) if (now - since > ABANDONED_MEMORY_MILLIS) this.abandoned.delete(fileId);
    if (!this.waiting.size && !this.abandoned.size) return;
    for (const name of await readdir(this.options.resDir)) {
      const fileId = fileIdOfResponse(name);
      if (!fileId) continue;
      const path = join(this.options.resDir, name);
      if (this.waiting.has(fileId)) {
        const bytes = await readFile(path);
        if (!isCompleteXml(bytes)) continue; // still being written: read again on the next scan
        const response = parseEligibilityResponse(bytes);
        const answer =
          response.fileId !== undefined && response.fileId !== fileId
            ? failed('unreadable-response', 'The response file names another request (ArbitraryFileIdentifier differs from its file name).')
            : response.answer;
        this.settle(fileId, answer);
        await this.dispose(fileId, name, path);
      } else if (this.abandoned.has(fileId)) {
        this.options.log.warn('late response removed unread', { fileId });
        await this.dispose(fileId, name, path);
      }
    }
  }

  /** Archives or deletes a response of ours; one that cannot be removed now is retried on later scans. */
  private async dispose(fileId: string, name: string, path: string): Promise<void> {
    try {
      if (this.options.archiveDir) await moveFile(path, join(this.options.archiveDir, name));
      else await rm(path, { force: true });
      this.abandoned.delete(fileId);
    } catch (error) {
      this.abandoned.set(fileId, Date.now());
      this.options.log.error('could not remove a response file', { fileId, error: errorCode(error) });
    }
  }
}
