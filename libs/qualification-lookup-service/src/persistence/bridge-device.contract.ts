// The bridge-device directory's behaviour as one list of cases, run on both adapters: the memory one
// (bridge-device.memory.unit.spec.ts) and the MongoDB one (bridge-device.mongo.int.spec.ts).
// Not a test file by itself (no tier in its name): the specs of the adapters call it.
import { randomUUID } from 'node:crypto';
import { EXAMPLE_INSTITUTION_NUMBER } from '@hcv/testing';
import type { BridgeDeviceDirectory } from './bridge-device.repository';

export function bridgeDeviceDirectoryContract(adapter: string, make: () => Promise<{ repo: BridgeDeviceDirectory }>): void {
  describe(`bridge devices (${adapter})`, () => {
    let repo: BridgeDeviceDirectory;
    let id: string;
    beforeEach(async () => {
      repo = (await make()).repo;
      id = `bridge-${randomUUID()}`;
    });

    it('knows nothing of a device it heard nothing about', async () => {
      expect(await repo.get(id)).toBeNull();
    });

    it('keeps the institution from the activation, the newest state and the newest key, whatever the order of events', async () => {
      await repo.setKey(id, 'key-2', '2026-11-24T09:00:02.000Z');
      await repo.setState(id, { state: 'suspended' }, '2026-11-24T09:00:03.000Z');
      await repo.setState(id, { state: 'active', institutionNumber: EXAMPLE_INSTITUTION_NUMBER }, '2026-11-24T09:00:01.000Z');
      await repo.setKey(id, 'key-1', '2026-11-24T09:00:00.000Z');
      expect(await repo.get(id)).toEqual({
        deviceId: id,
        institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
        state: 'suspended',
        stateAsOf: '2026-11-24T09:00:03.000Z',
        signingKey: 'key-2',
        keyAsOf: '2026-11-24T09:00:02.000Z',
      });
      await repo.setState(id, { state: 'active' }, '2026-11-24T09:00:04.000Z');
      expect((await repo.get(id))?.state).toBe('active');
    });
  });
}
