import {
  DeviceActivatedV1,
  DeviceActivatedV2,
  DeviceCardReaderChangedV1,
  DeviceCredentialIssuedV1,
  DeviceOfflineV1,
  DeviceOnlineV1,
  DeviceRegisteredV2,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  InstitutionRegisteredV1,
  InsurerIntroducedV1,
  InsurerWithdrawnV1,
  SiteItineraryPlannedV1,
  SiteRegisteredV2,
  TourMarkedReadyV1,
  TourReadinessCheckedV1,
} from '@hcv/contracts';
import type { ServiceTopics } from '@hcv/messaging';

/**
 * device-registry consumes nothing (it is the source of devices, sites, institutions and insurers);
 * the events it publishes. Earlier versions it no longer publishes (institution.withdrawn v1,
 * site.registered v1, device.registered v1) stay in the contracts catalogue, readable.
 */
export const DEVICE_REGISTRY_TOPICS: ServiceTopics = {
  service: 'device-registry',
  consumes: [],
  publishes: [
    InstitutionRegisteredV1,
    InsurerIntroducedV1,
    InsurerWithdrawnV1,
    SiteRegisteredV2,
    SiteItineraryPlannedV1,
    DeviceRegisteredV2,
    DeviceActivatedV1,
    DeviceActivatedV2,
    DeviceCardReaderChangedV1,
    DeviceSuspendedV1,
    DeviceRetiredV1,
    DeviceCredentialIssuedV1,
    DeviceOnlineV1,
    DeviceOfflineV1,
    TourReadinessCheckedV1,
    TourMarkedReadyV1,
  ],
};
