import { DEFAULT_THRESHOLDS } from './domain/alert-rules';
import { loadOperationsDeskConfig } from './operations-desk.config';

describe('operations desk configuration', () => {
  it('keeps the defaults for unset or empty variables', () => {
    expect(loadOperationsDeskConfig({})).toEqual({ thresholds: DEFAULT_THRESHOLDS, intervalMillis: 5_000 });
    expect(loadOperationsDeskConfig({ OPS_ALERT_INTERVAL_MS: '' })).toEqual({ thresholds: DEFAULT_THRESHOLDS, intervalMillis: 5_000 });
  });

  it('reads every variable', () => {
    const env = {
      OPS_FAILURE_RATE_THRESHOLD: '0.25',
      OPS_FAILURE_RATE_MIN_OUTCOMES: '10',
      OPS_CONSUMER_LAG_THRESHOLD: '0',
      OPS_ALERT_INTERVAL_MS: '250',
    };
    expect(loadOperationsDeskConfig(env)).toEqual({
      thresholds: { failureRate: 0.25, failureRateMinOutcomes: 10, consumerLag: 0 },
      intervalMillis: 250,
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
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadOperationsDeskConfig({ [name]: value })).toThrow(new RegExp(`Invalid operations desk configuration: ${name}`));
  });

  it('lets the module options override the environment', () => {
    const config = loadOperationsDeskConfig(
      { OPS_ALERT_INTERVAL_MS: '9000', OPS_CONSUMER_LAG_THRESHOLD: '7' },
      { intervalMillis: 300, thresholds: { failureRate: 0.1 } },
    );
    expect(config).toEqual({ thresholds: { ...DEFAULT_THRESHOLDS, failureRate: 0.1, consumerLag: 7 }, intervalMillis: 300 });
  });
});
