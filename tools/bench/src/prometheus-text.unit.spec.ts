import { commandKindShare, formatCommandKindShare } from './command-kinds';
import { counterBy, counterTotal, parsePrometheusText } from './prometheus-text';

const SAMPLE = `# HELP hcv_mongodb_commands_total Commands the MongoDB driver sent (not hello/isMaster/ping/endSessions).
# TYPE hcv_mongodb_commands_total counter
hcv_mongodb_commands_total{command="find",collection="sessions"} 12
hcv_mongodb_commands_total{command="update",collection="sessions"} 30
hcv_mongodb_commands_total{collection="outbox",command="insert"} 7.5
# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 1.25 1733500000000
http_request_duration_seconds_bucket{le="+Inf",route="/a \\"b\\"\\\\c"} 3
up 1
`;

describe('the Prometheus text format', () => {
  it('reads names, labels (escaped too), values and skips comments', () => {
    const samples = parsePrometheusText(SAMPLE);
    expect(samples).toHaveLength(6);
    expect(samples[0]).toEqual({ name: 'hcv_mongodb_commands_total', labels: { command: 'find', collection: 'sessions' }, value: 12 });
    expect(samples[2]!.labels).toEqual({ collection: 'outbox', command: 'insert' });
    expect(samples[3]).toEqual({ name: 'process_cpu_seconds_total', labels: {}, value: 1.25 });
    expect(samples[4]!.labels).toEqual({ le: '+Inf', route: '/a "b"\\c' });
    expect(samples[5]).toEqual({ name: 'up', labels: {}, value: 1 });
  });

  it('sums a counter over its labels', () => {
    expect(counterTotal(SAMPLE, 'hcv_mongodb_commands_total')).toBe(49.5);
    expect(counterTotal(SAMPLE, 'process_cpu_seconds_total')).toBe(1.25);
  });

  it('tells a counter with no samples yet (0) from one not exposed (undefined)', () => {
    expect(counterTotal('# TYPE hcv_mongodb_commands_total counter\n', 'hcv_mongodb_commands_total')).toBe(0);
    expect(counterTotal('up 1\n', 'hcv_mongodb_commands_total')).toBeUndefined();
  });

  it('sums a counter by some of its labels', () => {
    expect(
      counterBy(SAMPLE + 'hcv_mongodb_commands_total{command="find",collection="sessions",db="x"} 3\n', 'hcv_mongodb_commands_total', [
        'command',
        'collection',
      ]),
    ).toEqual({
      'find sessions': 15,
      'update sessions': 30,
      'insert outbox': 7.5,
    });
  });

  it('shares commands by kind over the verifications between two readings, rare kinds summed', () => {
    const before = { cs: { total: 10, byKind: { 'find sessions': 10 } }, gone: undefined };
    const after = { cs: { total: 40, byKind: { 'find sessions': 30, 'update sessions': 9, 'insert nonces': 1 } }, gone: undefined };
    const share = commandKindShare(before, after, 20);
    expect(share).toEqual({ cs: { 'find sessions': 1, 'update sessions': 0.45, 'insert nonces': 0.05 } });
    expect(Object.keys(share.cs!)).toEqual(['find sessions', 'update sessions', 'insert nonces']);
    expect(formatCommandKindShare({ cs: { 'find sessions': 1, 'insert nonces': 0.01, 'find devices': 0.02 } })).toBe(
      '    cs: find sessions 1.00, others 0.03',
    );
  });
});
