import { auditPiiKeyFromEnv, DEV_PII_KEY, loadAuditConfig, loadDeskClientConfig } from './audit.config';

describe('audit configuration', () => {
  it('defaults to the development key outside production; an empty variable counts as unset', () => {
    expect(loadAuditConfig({})).toEqual({ piiKey: DEV_PII_KEY });
    expect(loadAuditConfig({ AUDIT_PII_KEY: '' })).toEqual({ piiKey: DEV_PII_KEY });
    expect(auditPiiKeyFromEnv({ AUDIT_PII_KEY: 'k'.repeat(40) })).toBe('k'.repeat(40));
  });

  it('refuses a missing, development or short key in production, naming the variable', () => {
    expect(() => loadAuditConfig({ NODE_ENV: 'production' })).toThrow(/AUDIT_PII_KEY/);
    expect(() => loadAuditConfig({ NODE_ENV: 'production', AUDIT_PII_KEY: DEV_PII_KEY })).toThrow(
      /AUDIT_PII_KEY is the development default/,
    );
    expect(() => loadAuditConfig({ NODE_ENV: 'production', AUDIT_PII_KEY: 'short' })).toThrow(/AUDIT_PII_KEY must be at least 32/);
  });

  it('lets the module options override the environment, and refuses an empty key there', () => {
    expect(loadAuditConfig({ NODE_ENV: 'production' }, { piiKey: 'test-key' })).toEqual({ piiKey: 'test-key' });
    expect(() => loadAuditConfig({}, { piiKey: '' })).toThrow(/Invalid audit configuration: piiKey/);
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
});
