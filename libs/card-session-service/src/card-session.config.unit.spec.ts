import { deviceKeyRingFromEnv } from '@hcv/platform-runtime';
import { loadCardSessionConfig } from './card-session.config';

/** The development device-key ring every process shares when DEVICE_KEY_ENCRYPTION_KEYS is unset. */
const DEV_DEVICE_KEYS = deviceKeyRingFromEnv({});

describe('card-session configuration', () => {
  it('defaults the session timeout to 15 minutes and the methods’ dates to the notice’s, without a 国保/後期 grace', () => {
    expect(loadCardSessionConfig({})).toMatchObject({
      deviceKeys: DEV_DEVICE_KEYS,
      sessionTimeoutMillis: 900_000,
      methodValidity: {
        healthInsuranceCardUntil: '2025-12-01',
        mynaportalScreenFrom: '2024-01-31',
        mynaCardWithNoticeFrom: '2024-12-02',
        eligibilityCertificateFrom: '2024-12-02',
      },
    });
  });

  it('reads the methods’ dates and the 国保/後期 grace from the environment; a module option overrides them', () => {
    const config = loadCardSessionConfig({ HEALTH_INSURANCE_CARD_GRACE_UNTIL: '2026-03-31', MYNAPORTAL_SCREEN_FROM: '2024-02-01' });
    expect(config.methodValidity).toMatchObject({ healthInsuranceCardGraceUntil: '2026-03-31', mynaportalScreenFrom: '2024-02-01' });
    expect(
      loadCardSessionConfig({ HEALTH_INSURANCE_CARD_UNTIL: '2025-12-01' }, { methodValidity: { healthInsuranceCardUntil: '2025-11-30' } })
        .methodValidity.healthInsuranceCardUntil,
    ).toBe('2025-11-30');
  });

  it('refuses a date setting that is not a date, naming the variable', () => {
    expect(() => loadCardSessionConfig({ HEALTH_INSURANCE_CARD_GRACE_UNTIL: '31/03/2026' })).toThrow(
      /HEALTH_INSURANCE_CARD_GRACE_UNTIL: HEALTH_INSURANCE_CARD_GRACE_UNTIL must be a date/,
    );
  });

  it('reads SESSION_TIMEOUT_MS, and a module option overrides it', () => {
    expect(loadCardSessionConfig({ SESSION_TIMEOUT_MS: '60000' }).sessionTimeoutMillis).toBe(60_000);
    expect(loadCardSessionConfig({ SESSION_TIMEOUT_MS: '60000' }, { sessionTimeoutMillis: 2_000 }).sessionTimeoutMillis).toBe(2_000);
  });

  it.each(['abc', '', '0', '-5', '1.5', 'NaN', 'Infinity'])('refuses SESSION_TIMEOUT_MS=%p, naming the variable', (value) => {
    expect(() => loadCardSessionConfig({ SESSION_TIMEOUT_MS: value })).toThrow(/^Invalid card-session configuration: SESSION_TIMEOUT_MS: /);
  });

  it('refuses a module option that is not a positive whole number of milliseconds', () => {
    expect(() => loadCardSessionConfig({}, { sessionTimeoutMillis: Number.NaN })).toThrow(/sessionTimeoutMillis: /);
    expect(() => loadCardSessionConfig({}, { sessionTimeoutMillis: -1 })).toThrow(/sessionTimeoutMillis: /);
  });

  it('tells the reception app where the APIs are, allows card-session’s own origin by default, streams with a 1 s re-read and a 15 s heartbeat', () => {
    const config = loadCardSessionConfig({});
    expect(config.reception.deviceRegistryUrl()).toBe('http://127.0.0.1:3001');
    expect(config.reception.cardSessionUrl()).toBe('http://127.0.0.1:3002');
    expect(config.reception.origins()).toEqual(['http://127.0.0.1:3002']);
    expect(config.sessionStream).toEqual({ rereadMillis: 1_000, heartbeatMillis: 15_000, maxMillis: 600_000 });
    const set = loadCardSessionConfig({
      DEVICE_REGISTRY_PUBLIC_URL: 'https://registry.example.jp',
      CARD_SESSION_PUBLIC_URL: 'https://desk.example.jp/api/',
      RELEASE_VERSION: '2026.12.1',
    });
    expect(set.reception.origins()).toEqual(['https://desk.example.jp']);
    expect(set.reception.version).toBe('2026.12.1');
    expect(loadCardSessionConfig({ RECEPTION_ORIGINS: 'https://a.example.jp,https://b.example.jp' }).reception.origins()).toEqual([
      'https://a.example.jp',
      'https://b.example.jp',
    ]);
    expect(() => loadCardSessionConfig({ RECEPTION_ORIGINS: '*' })).toThrow(/RECEPTION_ORIGINS/);
    expect(() => loadCardSessionConfig({ CARD_SESSION_PUBLIC_URL: 'ftp://x' })).toThrow(/CARD_SESSION_PUBLIC_URL/);
    let port = 0;
    const late = loadCardSessionConfig({}, { reception: { cardSessionUrl: () => `http://127.0.0.1:${port}` } });
    port = 41234;
    expect(late.reception.origins()).toEqual(['http://127.0.0.1:41234']);
  });
});
