import { z } from 'zod';
import { signRequest } from '@hcv/platform-access';
import { BRIDGE_PATHS, BridgeAnswerReceipt, BridgeAnswerSubmission, BridgePendingRequest, OqsInstitutionNumber } from '@hcv/oqs-files';
import { BridgeLinkError, type BridgeLink, type PendingWork } from './bridge-link.port';

/** The list is read leniently, each request strictly: one malformed request must not hide the others. */
const PendingEnvelope = z.object({ institutionNumber: OqsInstitutionNumber, requests: z.array(z.unknown()).max(100) });
const RequestIdOnly = z.object({ requestId: BridgePendingRequest.shape.requestId });
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * The platform over HTTP: `GET /bridge/requests` and `POST /bridge/answers` (libs/oqs-files
 * bridge-wire.ts), each signed with platform device authentication exactly as devices sign theirs
 * (signRequest of libs/platform/access: method, path with query, SHA-256 of the body, timestamp, nonce).
 */
export class HttpBridgeLink implements BridgeLink {
  constructor(
    private readonly options: {
      baseUrl: string;
      deviceId: string;
      signingKey: string;
      timeoutMillis: number;
      fetch?: typeof globalThis.fetch;
    },
  ) {}

  async pending(): Promise<{ institutionNumber: string; work: PendingWork[]; skipped: number }> {
    const body = await this.call('GET', BRIDGE_PATHS.requests);
    const envelope = PendingEnvelope.safeParse(body);
    if (!envelope.success) throw new BridgeLinkError('The platform answered GET /bridge/requests with an unexpected body.');
    const work: PendingWork[] = [];
    let skipped = 0;
    for (const raw of envelope.data.requests) {
      const request = BridgePendingRequest.safeParse(raw);
      if (request.success) {
        work.push(request.data);
        continue;
      }
      const id = RequestIdOnly.safeParse(raw);
      if (!id.success) {
        skipped++;
        continue;
      }
      // Fields at fault, never their values (personal data).
      const problem = request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      work.push({ requestId: id.data.requestId, problem });
    }
    return { institutionNumber: envelope.data.institutionNumber, work, skipped };
  }

  async submit(submission: BridgeAnswerSubmission): Promise<void> {
    const receipt = BridgeAnswerReceipt.safeParse(await this.call('POST', BRIDGE_PATHS.answers, BridgeAnswerSubmission.parse(submission)));
    if (!receipt.success || receipt.data.requestId !== submission.requestId) {
      throw new BridgeLinkError('The platform answered POST /bridge/answers without the receipt of this request.');
    }
  }

  private async call(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<unknown> {
    const url = new URL(this.options.baseUrl + path);
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...signRequest({
        deviceId: this.options.deviceId,
        signingKey: this.options.signingKey,
        method,
        path: url.pathname + url.search,
        body,
      }),
    };
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method,
        headers,
        ...(payload === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.options.timeoutMillis),
      });
    } catch (error) {
      const cause =
        (error as Error).name === 'TimeoutError' ? `no answer within ${this.options.timeoutMillis} ms` : (error as Error).message;
      throw new BridgeLinkError(`${method} ${path} failed: ${cause}`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const error = ErrorBody.safeParse(json);
      throw new BridgeLinkError(
        `${method} ${path} was refused with ${response.status}${error.success ? `: ${error.data.error.code} — ${error.data.error.message}` : ''}`,
        response.status,
        error.success ? error.data.error.code : undefined,
      );
    }
    return json;
  }
}
