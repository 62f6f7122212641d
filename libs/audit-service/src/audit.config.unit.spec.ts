import { keyRingOf } from '@hcv/platform-runtime';
import { auditPiiKeyFromEnv, DEV_PII_KEY, loadAuditConfig, loadAuditConsumerSettings, loadDeskClientConfig } from './audit.config';

describe('audit configuration', () => {
  it('defaults to the development key outside production; an empty variable counts as unset', () => {
    expect(loadAuditConfig({})).toEqual({ piiKey: DEV_PII_KEY, piiKeys: keyRingOf({ '1': DEV_PII_KEY }) });
    expect(loadAuditConfig({ AUDIT_PII_KEY: '' })).toEqual({ piiKey: DEV_PII_KEY, piiKeys: keyRingOf({ '1': DEV_PII_KEY }) });
    expect(auditPiiKeyFromEnv({ AUDIT_PII_KEY: 'k'.repeat(40) })).toBe('k'.repeat(40));
  });

  it('refuses a missing, development or short key in production, naming the variable', () => {
    expect(() => loadAuditConfig({ NODE_ENV: 'production' })).toThrow(/AUDIT_PII_KEY/);
    expect(() => loadAuditConfig({ NODE_ENV: 'production', AUDIT_PII_KEY: DEV_PII_KEY })).toThrow(
      /AUDIT_PII_KEY is unset or the development default/,
    );
    expect(() => loadAuditConfig({ NODE_ENV: 'production', AUDIT_PII_KEY: 'short' })).toThrow(/AUDIT_PII_KEY must be at least 32/);
  });

  it('lets the module options override the environment, and refuses an empty key there', () => {
    expect(loadAuditConfig({ NODE_ENV: 'production' }, { piiKey: 'test-key' })).toEqual({
      piiKey: 'test-key',
      piiKeys: keyRingOf({ '1': 'test-key' }),
    });
    expect(() => loadAuditConfig({}, { piiKey: '' })).toThrow(/Invalid audit configuration: piiKey/);
  });

  it('lets the consumer fetch filled batches (≤ 0.9 s wait) and gather its writes; every setting checked', () => {
    expect(loadAuditConsumerSettings({})).toEqual({
      fetch: { maxWaitTimeInMs: 500, minBytes: 262_144, maxBytesPerPartition: 65_536 },
      partitionsConsumedConcurrently: 32,
      batchGatherMillis: 0,
    });
    expect(
      loadAuditConsumerSettings({
        AUDIT_FETCH_MAX_WAIT_MS: '200',
        AUDIT_FETCH_MIN_BYTES: '1',
        AUDIT_FETCH_MAX_BYTES_PER_PARTITION: '1048576',
        AUDIT_PARTITIONS_CONCURRENCY: '',
        AUDIT_BATCH_GATHER_MS: '5',
      }),
    ).toEqual({
      fetch: { maxWaitTimeInMs: 200, minBytes: 1, maxBytesPerPartition: 1_048_576 },
      partitionsConsumedConcurrently: 32,
      batchGatherMillis: 5,
    });
    expect(() => loadAuditConsumerSettings({ AUDIT_FETCH_MAX_BYTES_PER_PARTITION: '100' })).toThrow(/AUDIT_FETCH_MAX_BYTES_PER_PARTITION/);
    expect(() => loadAuditConsumerSettings({ AUDIT_FETCH_MAX_WAIT_MS: '5000' })).toThrow(/AUDIT_FETCH_MAX_WAIT_MS/);
    expect(() => loadAuditConsumerSettings({ AUDIT_PARTITIONS_CONCURRENCY: '0' })).toThrow(/AUDIT_PARTITIONS_CONCURRENCY/);
    expect(() => loadAuditConsumerSettings({ AUDIT_BATCH_GATHER_MS: 'soon' })).toThrow(/AUDIT_BATCH_GATHER_MS/);
  });

  it('tells the desk its identity provider, client and API addresses; without an issuer, the login is not configured', () => {
    expect(
      loadDeskClientConfig({
        STAFF_OIDC_ISSUER: 'https://idp.example.jp/realms/hcv',
        STAFF_OIDC_AUDIENCE: 'hcv-api',
        DESK_OIDC_SCOPES: 'openid profile api://hcv/staff',
        AUDIT_PUBLIC_URL: 'https://desk.example.jp/',
        DEVICE_REGISTRY_PUBLIC_URL: 'https://registry.example.jp',
      }),
    ).toEqual({
      issuer: 'https://idp.example.jp/realms/hcv',
      clientId: 'operations-desk',
      audience: 'hcv-api',
      scopes: ['openid', 'profile', 'api://hcv/staff'],
      apis: { audit: 'https://desk.example.jp', deviceRegistry: 'https://registry.example.jp', voucherMatching: null, cardSession: null },
    });
    expect(loadDeskClientConfig({ STAFF_OIDC_ISSUER: '' })).toMatchObject({ issuer: null, audience: null, scopes: ['openid', 'profile'] });
    expect(() => loadDeskClientConfig({ CARD_SESSION_PUBLIC_URL: 'card-session:3002' })).toThrow(/CARD_SESSION_PUBLIC_URL/);
  });

  it('reads a key ring for a rotation: AUDIT_PII_KEY is key 1, AUDIT_PII_KEYS adds keys, AUDIT_PII_KEY_CURRENT picks the writer', () => {
    const [k1, k2] = ['a'.repeat(40), 'b'.repeat(40)];
    expect(loadAuditConfig({ AUDIT_PII_KEY: k1, AUDIT_PII_KEYS: `2=${k2}` })).toEqual({
      piiKey: k1,
      piiKeys: keyRingOf({ '1': k1, '2': k2 }),
    });
    expect(loadAuditConfig({ AUDIT_PII_KEY: k1, AUDIT_PII_KEYS: `2=${k2}`, AUDIT_PII_KEY_CURRENT: '2' })).toEqual({
      piiKey: k2,
      piiKeys: keyRingOf({ '1': k1, '2': k2 }, '2'),
    });
    expect(loadAuditConfig({ AUDIT_PII_KEYS: `2=${k2}` }).piiKeys.currentId).toBe('2');
    expect(() => loadAuditConfig({ AUDIT_PII_KEYS: `1=${k1} 2=${k2}` })).toThrow(/AUDIT_PII_KEY_CURRENT must name the key/);
    expect(() => loadAuditConfig({ AUDIT_PII_KEY: k1, AUDIT_PII_KEY_CURRENT: '3' })).toThrow(/names key id 3/);
    expect(() => loadAuditConfig({ AUDIT_PII_KEY: k1, AUDIT_PII_KEYS: `1=${k2}` })).toThrow(/another secret/);
    expect(() => loadAuditConfig({ NODE_ENV: 'production', AUDIT_PII_KEY: k1, AUDIT_PII_KEYS: '2=short' })).toThrow(/at least 32/);
  });
});
