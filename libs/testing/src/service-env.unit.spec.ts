import { serviceEnvOfTestRun } from './service-processes';

/** HCV_SERVICE_ENV: settings a test run gives every service process the launcher starts. */
describe('serviceEnvOfTestRun', () => {
  it('reads NAME=VALUE pairs separated by commas (a value may hold "=")', () => {
    expect(serviceEnvOfTestRun(' KAFKA_GROUP_MEMBERS=2, LOG_LEVEL=debug ,X=a=b')).toEqual({
      KAFKA_GROUP_MEMBERS: '2',
      LOG_LEVEL: 'debug',
      X: 'a=b',
    });
  });

  it('gives nothing when unset or empty', () => {
    expect(serviceEnvOfTestRun(undefined)).toEqual({});
    expect(serviceEnvOfTestRun('')).toEqual({});
  });

  it('refuses a pair without a name', () => {
    expect(() => serviceEnvOfTestRun('KAFKA_GROUP_MEMBERS')).toThrow(/not NAME=VALUE/);
    expect(() => serviceEnvOfTestRun('=2')).toThrow(/not NAME=VALUE/);
  });
});
