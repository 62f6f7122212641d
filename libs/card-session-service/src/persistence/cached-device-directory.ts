import { ChangeStampCheck } from '@hcv/persistence';
import { AgedEntries } from './aged-entries';
import type { DeviceDirectory, DeviceStateChange, KnownDevice } from './device-directory.repository';

/**
 * How often the cache asks the directory whether any device changed (its change stamp), at most:
 * the longest a suspension, retirement or new key recorded by *another* instance goes unseen here
 * (the instance whose consumer records it drops its own entry at once). One small read per interval
 * while requests come, whatever their number; none while idle.
 */
export const DEVICE_DIRECTORY_CHECK_MILLIS = 500;
/**
 * While requests come, the stamp is read this long before its check is due (ChangeStampCheck's
 * `refreshAheadMillis`), so no request waits for its round trip: without it every request in flight
 * at the moment the check fell due (once per 500 ms) awaited one `find device_directory_changes`.
 * A quarter of the period: reads every 375 ms while in use, none while idle; freshness unchanged.
 */
export const DEVICE_DIRECTORY_REFRESH_AHEAD_MILLIS = DEVICE_DIRECTORY_CHECK_MILLIS / 4;
/**
 * The longest a device entry is served from memory even when the stamp says nothing changed: a
 * backstop only. Every signed request looks its device up (signature key, state) and opening a
 * session looks it up again; the entries make that no database read for data that changes a few
 * times in a device's life.
 */
export const DEVICE_ENTRY_MAX_AGE_MILLIS = 60_000;
/** Entries kept at most (a federation has thousands of devices; a flood of made-up ids evicts only the oldest). */
export const DEVICE_ENTRY_LIMIT = 20_000;

/** What the cache keeps: the device as the directory stored it (frozen). */
export type CachedDevice = Readonly<KnownDevice>;

/**
 * A read-through cache over the device directory. An entry is served while the directory's change
 * stamp, read at most `checkEveryMillis` ago, is the one it was loaded under; a new stamp drops
 * every entry (device changes are rare: the next requests read their devices again). Writes go to
 * the directory and drop the entry (before and after the write, and a read that overlapped the
 * write is not kept). Concurrent
 * reads of one device share a single database read, concurrent checks a single stamp read; while
 * requests come, that read starts `refreshAheadMillis` before it is due, so none waits for it.
 */
export class CachedDeviceDirectory implements DeviceDirectory {
  private readonly entries: AgedEntries<CachedDevice>;
  private readonly loading = new Map<string, Promise<KnownDevice | null>>();
  /** The directory's stamp the entries were loaded under; a new one drops every entry and every read under way. */
  private readonly stamp: ChangeStampCheck<number>;

  constructor(
    private readonly directory: DeviceDirectory,
    options: {
      maxAgeMillis?: number;
      limit?: number;
      checkEveryMillis?: number;
      /** 0: never ahead (every caller past the period waits for the read). Runs on a timer, in real time. */
      refreshAheadMillis?: number;
      now?: () => number;
    } = {},
  ) {
    this.entries = new AgedEntries({
      maxAgeMillis: options.maxAgeMillis ?? DEVICE_ENTRY_MAX_AGE_MILLIS,
      limit: options.limit ?? DEVICE_ENTRY_LIMIT,
      now: options.now,
    });
    this.stamp = new ChangeStampCheck({
      read: () => this.directory.changeStamp(),
      checkEveryMillis: options.checkEveryMillis ?? DEVICE_DIRECTORY_CHECK_MILLIS,
      refreshAheadMillis: options.refreshAheadMillis ?? DEVICE_DIRECTORY_REFRESH_AHEAD_MILLIS,
      now: () => this.entries.now(),
      // A read under way may have read the value from before the change.
      changed: () => {
        this.entries.clear();
        this.loading.clear();
      },
    });
  }

  async get(deviceId: string): Promise<KnownDevice | null> {
    await this.stamp.whenDue();
    return this.entries.get(deviceId) ?? this.loading.get(deviceId) ?? this.load(deviceId);
  }

  changeStamp(): Promise<number> {
    return this.directory.changeStamp();
  }

  private load(deviceId: string): Promise<KnownDevice | null> {
    // The entry's age counts from when the read started: the value may be that old.
    const loadedAt = this.entries.now();
    const read = this.directory.get(deviceId).then((found) => {
      const device = found ? Object.freeze({ ...found }) : null;
      // Kept only if no write dropped this read meanwhile (it may have read the value before the write).
      if (this.loading.get(deviceId) === read) {
        this.loading.delete(deviceId);
        // An unknown device is not kept: its activation may arrive any moment, and made-up ids would fill the cache.
        if (device) this.entries.set(deviceId, device, loadedAt);
      }
      return device;
    });
    this.loading.set(deviceId, read);
    // A failed read is not shared with later callers.
    read.catch(() => this.loading.get(deviceId) === read && this.loading.delete(deviceId));
    return read;
  }

  private forget(deviceId: string): void {
    this.entries.delete(deviceId);
    this.loading.delete(deviceId);
  }

  private async write(deviceId: string, change: () => Promise<void>): Promise<void> {
    this.forget(deviceId);
    try {
      await change();
    } finally {
      this.forget(deviceId);
    }
  }

  setState(deviceId: string, change: DeviceStateChange, asOf: string): Promise<void> {
    return this.write(deviceId, () => this.directory.setState(deviceId, change, asOf));
  }

  setKey(deviceId: string, signingKey: string, asOf: string): Promise<void> {
    return this.write(deviceId, () => this.directory.setKey(deviceId, signingKey, asOf));
  }
}
