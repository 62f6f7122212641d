import { BACKUP_ORDER, collectionOrder } from './archive';
import { databaseFor, databaseOverrides } from './cli-common';
import { isServiceGroup } from './consumer-groups';

describe('backup command line and plan', () => {
  it('names each service database as the services do by default (hcv_<service>)', () => {
    expect(BACKUP_ORDER.map((s) => databaseFor(s))).toEqual([
      'hcv_audit',
      'hcv_voucher_matching',
      'hcv_qualification_lookup',
      'hcv_card_session',
      'hcv_device_registry',
    ]);
    expect(databaseFor('card-session', 'drill_1')).toBe('drill_1_card_session');
  });

  it('reads the consumers before their producers: audit first, device-registry last', () => {
    expect(BACKUP_ORDER[0]).toBe('audit');
    expect(BACKUP_ORDER.at(-1)).toBe('device-registry');
    expect(BACKUP_ORDER.indexOf('voucher-matching')).toBeLessThan(BACKUP_ORDER.indexOf('qualification-lookup'));
    expect(BACKUP_ORDER.indexOf('qualification-lookup')).toBeLessThan(BACKUP_ORDER.indexOf('card-session'));
  });

  it('takes --database overrides for known services only', () => {
    expect([...databaseOverrides(['audit=hcv_audit_eu'], BACKUP_ORDER)]).toEqual([['audit', 'hcv_audit_eu']]);
    expect(() => databaseOverrides(['auditor=x'], BACKUP_ORDER)).toThrow(/--database takes <service>=<database>/);
    expect(() => databaseOverrides(['audit'], BACKUP_ORDER)).toThrow(/--database/);
  });

  it('records the services’ consumer groups only', () => {
    expect(isServiceGroup('card-session.outcomes', BACKUP_ORDER)).toBe(true);
    expect(isServiceGroup('audit.record', BACKUP_ORDER)).toBe(true);
    expect(isServiceGroup('fault-check-123', BACKUP_ORDER)).toBe(false);
    expect(isServiceGroup('auditing.other', BACKUP_ORDER)).toBe(false);
  });

  it('reads processed_events first in every database', () => {
    expect(collectionOrder(['sessions', 'processed_events', 'device_directory'])[0]).toBe('processed_events');
  });
});
