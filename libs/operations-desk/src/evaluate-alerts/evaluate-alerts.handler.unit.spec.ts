import type { EventContract } from '@hcv/contracts';
import type { ConsumerGroupLag, MessageBus } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { DEFAULT_THRESHOLDS } from '../domain/alert-rules';
import { InMemoryOperationsRepository } from '../persistence/operations.memory';
import { EvaluateAlertsHandler } from './evaluate-alerts.handler';

const now = new Date('2026-11-25T09:30:00Z');
const logger = createLogger({ service: 'audit', level: 'error', sink: () => undefined });

function monitorOn(ops: InMemoryOperationsRepository, lag: () => Promise<ConsumerGroupLag[]>, failPublish = { on: false }) {
  const published: { type: string; alertId: string }[] = [];
  const publisher = {
    publish: async (contract: EventContract, data: { alertId: string }) => {
      if (failPublish.on) throw new Error('broker away');
      published.push({ type: contract.type, alertId: data.alertId });
      return {} as never;
    },
  };
  const bus = { consumerLag: lag } as unknown as MessageBus;
  return {
    published,
    monitor: new EvaluateAlertsHandler(
      ops,
      { bus, publisher: publisher as never, clock: () => now, logger },
      { ...DEFAULT_THRESHOLDS, consumerLag: 10 },
      0,
    ),
  };
}

describe('operations monitor', () => {
  it('publishes each change once even with two audit instances, and clears when the condition ends', async () => {
    const ops = new InMemoryOperationsRepository();
    await ops.updateDevice('d1', () => ({
      deviceId: 'd1',
      siteId: 's',
      lifecycle: 'active',
      lifecycleAt: now.toISOString(),
      connectivity: 'offline',
      connectivityAt: now.toISOString(),
    }));
    let lag = 50;
    const groups = async () => [{ groupId: 'audit.record', lag, state: 'Stable' }];
    const a = monitorOn(ops, groups);
    const b = monitorOn(ops, groups);
    await Promise.all([a.monitor.tick(), b.monitor.tick()]);
    await a.monitor.tick();
    expect([...a.published, ...b.published].sort((x, y) => x.alertId.localeCompare(y.alertId))).toEqual([
      { type: 'operations.alert-raised', alertId: 'consumer-lag:audit.record' },
      { type: 'operations.alert-raised', alertId: 'device-offline:s' },
    ]);
    expect(a.monitor.lag).toMatchObject({ applicable: true, groups: [{ groupId: 'audit.record', lag: 50 }] });

    await ops.updateDevice('d1', (d) => ({ ...d!, connectivity: 'online' }));
    lag = 0;
    await Promise.all([a.monitor.tick(), b.monitor.tick()]);
    const cleared = [...a.published, ...b.published].filter((p) => p.type === 'operations.alert-cleared').map((p) => p.alertId);
    expect(cleared.sort()).toEqual(['consumer-lag:audit.record', 'device-offline:s']);
  });

  it('retries a change whose event could not be published, and keeps lag alerts while lag is unknown', async () => {
    const ops = new InMemoryOperationsRepository();
    let fail = false;
    const failing = { on: true };
    const m = monitorOn(
      ops,
      async () => {
        if (fail) throw new Error('admin request timed out');
        return [{ groupId: 'audit.record', lag: 99, state: 'Stable' }];
      },
      failing,
    );
    await expect(m.monitor.tick()).rejects.toThrow('broker away');
    failing.on = false;
    await m.monitor.tick();
    expect(m.published).toEqual([{ type: 'operations.alert-raised', alertId: 'consumer-lag:audit.record' }]);
    fail = true;
    await m.monitor.tick();
    expect(m.monitor.lag.error).toContain('timed out');
    expect(m.published).toHaveLength(1); // not cleared: unknown is not "caught up"
  });

  it('leaves out a retired audit group nobody consumes any more, but measures one an old instance still runs', async () => {
    const ops = new InMemoryOperationsRepository();
    const m = monitorOn(ops, async () => [
      { groupId: 'audit.analytics', lag: 5_000, state: 'Empty' },
      { groupId: 'audit.operations', lag: 50, state: 'Stable' },
      { groupId: 'audit.record', lag: 0, state: 'Stable' },
    ]);
    await m.monitor.tick();
    expect(m.monitor.lag.groups.map((g) => g.groupId)).toEqual(['audit.operations', 'audit.record']);
    expect(m.published).toEqual([{ type: 'operations.alert-raised', alertId: 'consumer-lag:audit.operations' }]);
  });
});
