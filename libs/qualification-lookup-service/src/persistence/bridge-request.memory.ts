import type { BridgeAnswerRecord, BridgeRequest, BridgeRequestRepository, OpenBridgeRequest } from './bridge-request.repository';

const copy = (r: BridgeRequest): BridgeRequest => structuredClone(r);

/** The memory twin (embedded mode, unit specs); the contract proves it equal to MongoDB's. */
export class InMemoryBridgeRequestRepository implements BridgeRequestRepository {
  private readonly requests = new Map<string, BridgeRequest>();

  async open(request: OpenBridgeRequest) {
    const stored = this.requests.get(request.requestId);
    if (stored) return copy(stored);
    const created: BridgeRequest = { ...structuredClone(request), status: 'pending' };
    this.requests.set(request.requestId, created);
    return copy(created);
  }

  async get(requestId: string) {
    const stored = this.requests.get(requestId);
    return stored ? copy(stored) : null;
  }

  async waiting(institutionNumber: string, now: string, limit: number) {
    return [...this.requests.values()]
      .filter((r) => r.institutionNumber === institutionNumber && r.status === 'pending' && r.deadline > now)
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.requestId.localeCompare(b.requestId))
      .slice(0, limit)
      .map(copy);
  }

  async answer(requestId: string, answer: BridgeAnswerRecord) {
    const stored = this.requests.get(requestId);
    if (!stored) return null;
    if (stored.status !== 'pending') return { outcome: 'repeated' as const, request: copy(stored) };
    Object.assign(stored, { status: 'answered', answer: structuredClone(answer) });
    return { outcome: 'accepted' as const, request: copy(stored) };
  }

  async close(requestId: string) {
    const stored = this.requests.get(requestId);
    if (!stored) return;
    stored.status = 'closed';
    delete stored.query;
    delete stored.request;
    delete stored.answer;
  }
}
