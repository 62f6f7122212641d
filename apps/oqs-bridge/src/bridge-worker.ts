import type { Logger } from '@hcv/observability';
import type { BridgeAnswerSubmission, OqsAnswer } from '@hcv/oqs-files';
import type { BridgeLink } from './bridge-link.port';
import type { Terminal } from './terminal.port';

/** The platform lists requests for another institution than the one this bridge's terminal serves. */
export class InstitutionMismatchError extends Error {
  constructor(configured: string, listed: string) {
    super(`The platform lists requests for institution ${listed}, but this bridge serves ${configured}: check the device credential.`);
    this.name = 'InstitutionMismatchError';
  }
}

export interface RoundReport {
  /** Questions put to the terminal (or answered `invalid-query`) this round. */
  answered: number;
  /** Answers the platform confirmed this round, including earlier undelivered ones. */
  delivered: number;
  /** Answers still waiting to be delivered. */
  undelivered: number;
}

/**
 * Takes the platform's waiting requests, asks the terminal one at a time (it answers one file at a
 * time, INTERFACES.md §1), and sends every answer back — a terminal failure too, so the desk sees
 * "the terminal did not answer" rather than nothing. An answer the platform did not confirm is kept
 * and sent again before new work, and its request is not asked twice meanwhile.
 */
export class BridgeWorker {
  private readonly undelivered = new Map<string, BridgeAnswerSubmission>();

  constructor(
    private readonly options: {
      link: BridgeLink;
      terminal: Terminal;
      institutionNumber: string;
      log: Logger;
      now?: () => Date;
    },
  ) {}

  /** One round; throws a `BridgeLinkError` when the platform cannot be reached, `InstitutionMismatchError` on a wrong credential. */
  async runOnce(): Promise<RoundReport> {
    const { link, terminal, log } = this.options;
    let delivered = await this.deliverUndelivered();
    const { institutionNumber, work, skipped } = await link.pending();
    if (institutionNumber !== this.options.institutionNumber)
      throw new InstitutionMismatchError(this.options.institutionNumber, institutionNumber);
    if (skipped) log.error('the platform listed requests without a usable request id', { skipped });
    let answered = 0;
    for (const item of work) {
      if (this.undelivered.has(item.requestId)) continue;
      const answer: OqsAnswer =
        'problem' in item
          ? {
              status: 'failed',
              reason: 'invalid-query',
              message: `The request cannot be written for the terminal (${item.problem}).`.slice(0, 500),
            }
          : await terminal.query(item.query);
      answered++;
      const submission: BridgeAnswerSubmission = {
        requestId: item.requestId,
        answeredAt: (this.options.now?.() ?? new Date()).toISOString(),
        answer,
      };
      if (await this.deliver(submission)) delivered++;
    }
    return { answered, delivered, undelivered: this.undelivered.size };
  }

  /** Rounds until `signal` aborts, `intervalMillis` apart; platform outages are logged and waited out. */
  async run(signal: AbortSignal, intervalMillis: number): Promise<void> {
    while (!signal.aborted) {
      try {
        const report = await this.runOnce();
        if (report.answered || report.undelivered) this.options.log.info('bridge round', { ...report });
      } catch (error) {
        if (error instanceof InstitutionMismatchError) throw error;
        this.options.log.warn('bridge round failed; trying again', { error: (error as Error).message });
      }
      await sleep(intervalMillis, signal);
    }
  }

  private async deliverUndelivered(): Promise<number> {
    let delivered = 0;
    for (const submission of [...this.undelivered.values()]) if (await this.deliver(submission)) delivered++;
    return delivered;
  }

  private async deliver(submission: BridgeAnswerSubmission): Promise<boolean> {
    try {
      await this.options.link.submit(submission);
      this.undelivered.delete(submission.requestId);
      return true;
    } catch (error) {
      this.undelivered.set(submission.requestId, submission);
      this.options.log.warn('answer not delivered; kept for the next round', {
        requestId: submission.requestId,
        error: (error as Error).message,
      });
      return false;
    }
  }
}

function sleep(millis: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, millis);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
