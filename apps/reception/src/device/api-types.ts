/**
 * Shapes of the routes this app calls that are not (yet) in libs/contracts on this branch: the
 * device's own view (DESIGN-S3 §B) and the bus readiness routes (§C, device-registry). They follow
 * the design's shapes field for field; when the contracts carry them, these become imports.
 */
export interface DeviceSelf {
  deviceId: string;
  state: 'active' | 'suspended' | 'retired';
  siteId: string;
  siteName?: string;
  kind?: 'site' | 'bus';
  busId?: string;
  institutionNumber?: string;
  today?: { tourDate: string; stops: TourStop[] };
}

export interface TourStop {
  stopId: string;
  name: string;
  from: string;
  to: string;
}

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

/** GET /reception/config.json (card-session). */
export interface ReceptionConfig {
  deviceRegistryUrl: string;
  cardSessionUrl: string;
  version?: string;
}
