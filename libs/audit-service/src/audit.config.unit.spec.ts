import { auditPiiKeyFromEnv, DEV_PII_KEY, loadAuditConfig } from './audit.config';

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
});
