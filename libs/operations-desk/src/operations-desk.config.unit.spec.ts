import { DEFAULT_THRESHOLDS } from './domain/alert-rules';
import { loadOperationsDeskConfig } from './operations-desk.config';

describe('operations desk configuration', () => {
  it('keeps the defaults for unset or empty variables', () => {
    const defaults = {
      thresholds: DEFAULT_THRESHOLDS,
      intervalMillis: 5_000,
      refreshMillis: 2_000,
      fullRefreshMillis: 600_000,
      heartbeatMillis: 15_000,
      streamMaxMillis: 1_800_000,
    };
    expect(loadOperationsDeskConfig({})).toEqual(defaults);
    expect(loadOperationsDeskConfig({ OPS_ALERT_INTERVAL_MS: '', OPS_DESK_REFRESH_MS: '' })).toEqual(defaults);
  });

  it('reads every variable', () => {
    const env = {
      OPS_FAILURE_RATE_THRESHOLD: '0.25',
      OPS_FAILURE_RATE_MIN_OUTCOMES: '10',
      OPS_CONSUMER_LAG_THRESHOLD: '0',
      OPS_ALERT_INTERVAL_MS: '250',
      OPS_DESK_REFRESH_MS: '500',
      OPS_DESK_FULL_REFRESH_MS: '0',
      OPS_STREAM_HEARTBEAT_MS: '5000',
      OPS_STREAM_MAX_MS: '60000',
    };
    expect(loadOperationsDeskConfig(env)).toEqual({
      thresholds: { failureRate: 0.25, failureRateMinOutcomes: 10, consumerLag: 0 },
      intervalMillis: 250,
      refreshMillis: 500,
      fullRefreshMillis: 0,
      heartbeatMillis: 5_000,
      streamMaxMillis: 60_000,
    });
  });

  it.each([
    ['OPS_FAILURE_RATE_THRESHOLD', 'half'],
    ['OPS_FAILURE_RATE_THRESHOLD', '1.5'],
    ['OPS_FAILURE_RATE_MIN_OUTCOMES', '0'],
    ['OPS_FAILURE_RATE_MIN_OUTCOMES', '2.5'],
    ['OPS_CONSUMER_LAG_THRESHOLD', '-1'],
    ['OPS_ALERT_INTERVAL_MS', '50'],
    ['OPS_ALERT_INTERVAL_MS', 'NaN'],
    ['OPS_DESK_REFRESH_MS', '10'],
    ['OPS_DESK_FULL_REFRESH_MS', '-1'],
    ['OPS_STREAM_HEARTBEAT_MS', 'often'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadOperationsDeskConfig({ [name]: value })).toThrow(new RegExp(`Invalid operations desk configuration: ${name}`));
  });

  it('lets the module options override the environment', () => {
    const config = loadOperationsDeskConfig(
      { OPS_ALERT_INTERVAL_MS: '9000', OPS_CONSUMER_LAG_THRESHOLD: '7' },
      { intervalMillis: 300, thresholds: { failureRate: 0.1 } },
    );
    expect(config).toMatchObject({ thresholds: { ...DEFAULT_THRESHOLDS, failureRate: 0.1, consumerLag: 7 }, intervalMillis: 300 });
  });
});
