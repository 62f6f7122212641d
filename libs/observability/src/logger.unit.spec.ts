import { createLogger } from './logger';
import { redact, REDACTED } from './redaction';

describe('logger redaction', () => {
  it('never writes insurance symbol/number/branch, names, birth dates or card references', () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 't', sink: (l) => lines.push(l) });
    logger.info('lookup', {
      sessionId: 's-1',
      qualification: { symbol: '1234', number: '0012345', branch: '01', name: '佐藤　太郎', birthDate: '1970-05-01' },
      voucher: { voucherNumber: '12345678901', Name: 'サトウ', insuranceNumber: '99' },
      cardReference: 'card-000001-0a1b2c3d',
      nested: [{ birthDate: '1980-01-01' }],
    });
    const text = lines.join('\n');
    for (const secret of ['0012345', '佐藤', '1970-05-01', 'サトウ', 'card-000001', '1980-01-01']) expect(text).not.toContain(secret);
    const record = JSON.parse(lines[0]!);
    expect(record.sessionId).toBe('s-1');
    expect(record.voucher.voucherNumber).toBe('12345678901');
    expect(record.voucher.Name).toBe(REDACTED);
  });

  it('respects the level and keeps errors readable', () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 't', level: 'warn', sink: (l) => lines.push(l) });
    logger.info('hidden');
    logger.error('failed', { error: new Error('db down') });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).error).toEqual({ error: 'Error', message: 'db down' });
    expect(redact({ a: { b: { c: 1 } } })).toEqual({ a: { b: { c: 1 } } });
  });
});
