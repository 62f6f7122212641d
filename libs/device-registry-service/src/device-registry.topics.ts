import {
  DeviceActivatedV1,
  DeviceCredentialIssuedV1,
  DeviceOfflineV1,
  DeviceOnlineV1,
  DeviceRegisteredV1,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  InstitutionRegisteredV1,
  InstitutionWithdrawnV1,
  SiteRegisteredV1,
} from '@hcv/contracts';
import type { ServiceTopics } from '@hcv/messaging';

/** device-registry consumes nothing (it is the source of devices, sites and institutions); the events it publishes. */
export const DEVICE_REGISTRY_TOPICS: ServiceTopics = {
  service: 'device-registry',
  consumes: [],
  publishes: [
    InstitutionRegisteredV1,
    InstitutionWithdrawnV1,
    SiteRegisteredV1,
    DeviceRegisteredV1,
    DeviceActivatedV1,
    DeviceSuspendedV1,
    DeviceRetiredV1,
    DeviceCredentialIssuedV1,
    DeviceOnlineV1,
    DeviceOfflineV1,
  ],
};
