/**
 * The app's IndexedDB: `device` (the signing key as a non-extractable CryptoKey, the vault key, the
 * device's description), `queue` (visits captured offline, encrypted) and `draft` (the visit being
 * typed, encrypted, removed when the visit ends). A CryptoKey is structured-cloneable, so the key
 * itself is stored, never its bytes.
 */
const DB_NAME = 'hcv-reception';
const VERSION = 1;
export type StoreName = 'device' | 'queue' | 'draft';

let opening: Promise<IDBDatabase> | undefined;

const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

export function openDatabase(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of ['device', 'queue', 'draft'] as const) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
  return opening;
}

async function store(name: StoreName, mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await openDatabase()).transaction(name, mode).objectStore(name);
}

export async function idbGet<T>(name: StoreName, key: string): Promise<T | undefined> {
  return (await done((await store(name, 'readonly')).get(key))) as T | undefined;
}

export async function idbPut(name: StoreName, key: string, value: unknown): Promise<void> {
  await done((await store(name, 'readwrite')).put(value, key));
}

export async function idbDelete(name: StoreName, key: string): Promise<void> {
  await done((await store(name, 'readwrite')).delete(key));
}

export async function idbValues<T>(name: StoreName): Promise<T[]> {
  return (await done((await store(name, 'readonly')).getAll())) as T[];
}

export async function idbClear(name: StoreName): Promise<void> {
  await done((await store(name, 'readwrite')).clear());
}
