import type { ListedInstitution } from '../domain/contract-institution-list';

export type { ListedInstitution };

/** A device's state as last announced, and the institution it belongs to (set by its activation). */
export interface DeviceStateChange {
  state: 'active' | 'suspended' | 'retired';
  institutionNumber?: string;
}

/**
 * voucher-matching's read copy of the registry's institutions and of their devices' states, for the
 * 実施機関一覧表 of a contract: the only code touching the `listed_institutions` and
 * `institution_devices` collections. Events of one device come on several topics in any order: a
 * state is replaced only by a newer one; where a device belongs is kept whatever the order.
 */
export interface InstitutionDirectory {
  /** A redelivered or older registration never replaces a newer one. */
  record(institution: ListedInstitution): Promise<void>;
  setDeviceState(deviceId: string, change: DeviceStateChange, asOf: string): Promise<void>;
  /** The institutions of these numbers that the registry announced (others are absent from the map). */
  find(institutionNumbers: readonly string[]): Promise<Map<string, ListedInstitution>>;
  /** Active 限定型 devices per institution, for these numbers (an institution without one is absent). */
  activeDevices(institutionNumbers: readonly string[]): Promise<Map<string, number>>;
  /** An insurer running checkups itself: its オンライン資格確認用コード and its insurer number (from its 導入届). */
  recordInsurer(onlineEligibilityCode: string, insurerNumber: string): Promise<void>;
  /** The insurer number of a code, or null while its 導入届 has not arrived. */
  insurerOf(onlineEligibilityCode: string): Promise<string | null>;
}
