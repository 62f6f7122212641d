import type { DeviceSelfResponse, ReceptionConfigResponse } from '@hcv/contracts';

/** GET /devices/self (card-session). */
export type DeviceSelf = DeviceSelfResponse;
/** GET /reception/config.json (card-session). */
export type ReceptionConfig = ReceptionConfigResponse;
export type TourStop = DeviceSelfResponse['today']['stops'][number];
