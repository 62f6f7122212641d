import type { DeviceSelfResponse, ReceptionConfigResponse } from '@hcv/contracts';

/** GET /devices/self (card-session). */
export type DeviceSelf = DeviceSelfResponse;
/** GET /reception/config.json (card-session). */
export type ReceptionConfig = ReceptionConfigResponse;
export type TourStop = DeviceSelfResponse['today']['stops'][number];

/**
 * The bus readiness routes of device-registry (DESIGN-S3 §C), field for field as designed: their
 * contracts live on another branch until it is merged; then these become imports.
 */
export type ReadinessCheckName = 'device-active' | 'clock' | 'reader' | 'national-system' | 'stops' | 'not-checked';

export interface ReadinessCheck {
  check: ReadinessCheckName;
  state: 'green' | 'red';
  reason?: string;
}

export interface ReadinessCheckRequest {
  deviceClockAt: string;
  reader: { present: boolean; model?: string; serial?: string };
  nationalSystem: { testConfirmation: 'ok' | 'failed' | 'not-run'; at?: string };
  stopsLoaded: string[];
}

export interface ReadinessCheckResponse {
  deviceId: string;
  checkedAt: string;
  checks: ReadinessCheck[];
}

export interface TourReadiness {
  busId: string;
  tourDate: string;
  ready: boolean;
  markedReadyAt?: string;
  markedReadyBy?: string;
  devices: { deviceId: string; checkedAt?: string; checks: ReadinessCheck[] }[];
}
