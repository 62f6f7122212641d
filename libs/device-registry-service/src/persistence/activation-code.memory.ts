import type { ActivationCode, ActivationCodeRepository } from './activation-code.repository';

/** The memory twin of MongoActivationCodeRepository (embedded mode, unit specs). */
export class InMemoryActivationCodeRepository implements ActivationCodeRepository {
  private readonly codes = new Map<string, ActivationCode>();
  private readonly failed = new Map<string, { count: number; windowEnd: string }>();

  async issue(code: ActivationCode) {
    for (const [hash, other] of this.codes)
      if (other.deviceId === code.deviceId && other.state === 'unused') this.codes.set(hash, { ...other, state: 'voided' });
    this.codes.set(code.codeHash, { ...code });
  }
  async find(codeHash: string) {
    const code = this.codes.get(codeHash);
    return code ? { ...code } : null;
  }
  async claim(codeHash: string, at: string) {
    const code = this.codes.get(codeHash);
    if (code?.state !== 'unused') return false;
    this.codes.set(codeHash, { ...code, state: 'used', usedAt: at });
    return true;
  }
  async release(codeHash: string, at: string) {
    const code = this.codes.get(codeHash);
    if (code?.state === 'used' && code.usedAt === at) {
      const { usedAt: _usedAt, ...rest } = code;
      this.codes.set(codeHash, { ...rest, state: 'unused' });
    }
  }
  async countFailure(address: string, windowStart: string, windowEnd: string) {
    const key = `${address}|${windowStart}`;
    for (const [k, v] of this.failed) if (v.windowEnd < windowStart) this.failed.delete(k); // older windows are done
    const count = (this.failed.get(key)?.count ?? 0) + 1;
    this.failed.set(key, { count, windowEnd });
    return count;
  }
  async failures(address: string, windowStart: string) {
    return this.failed.get(`${address}|${windowStart}`)?.count ?? 0;
  }
}
