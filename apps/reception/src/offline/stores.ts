import { idbDelete, idbGet, idbPut, idbValues } from '../device/idb';
import { seal, unseal, type Sealed } from '../device/vault';
import type { QueuedVisit, QueueStore } from './queue';

/** The offline queue in IndexedDB, each visit sealed (AES-GCM, the device's non-extractable key). */
export class SealedQueueStore implements QueueStore {
  async all(): Promise<QueuedVisit[]> {
    return Promise.all((await idbValues<Sealed>('queue')).map((s) => unseal<QueuedVisit>(s)));
  }
  async put(visit: QueuedVisit): Promise<void> {
    await idbPut('queue', visit.idempotencyKey, await seal(visit));
  }
  async remove(idempotencyKey: string): Promise<void> {
    await idbDelete('queue', idempotencyKey);
  }
}

const DRAFT = 'visit';

/** The visit being typed, sealed, so a reload loses nothing; removed when the visit ends. */
export async function loadDraft<T>(): Promise<T | undefined> {
  const sealed = await idbGet<Sealed>('draft', DRAFT);
  if (!sealed) return undefined;
  try {
    return await unseal<T>(sealed);
  } catch {
    // sealed with a key this browser no longer has (storage partly cleared): nothing to restore
    await idbDelete('draft', DRAFT);
    return undefined;
  }
}

export async function saveDraft(value: unknown): Promise<void> {
  await idbPut('draft', DRAFT, await seal(value));
}

export async function clearDraft(): Promise<void> {
  await idbDelete('draft', DRAFT);
}
