import {
  DeviceActivatedV1,
  DeviceCredentialIssuedV1,
  DeviceCredentialIssuedV2,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  EligibilityRequestedV1,
  EligibilityRequestedV2,
  EligibilityRequestedV3,
  EligibilityRequestedV4,
  EligibilityRetryV1,
  EligibilityRetryV2,
  EligibilityRetryV3,
  EligibilityRetryV4,
  LookupCircuitChangedV1,
  QualificationResolvedV1,
  QualificationResolvedV2,
  QualificationResolvedV3,
  QualificationResolvedV4,
} from '@hcv/contracts';
import { consumerGroup, type ServiceTopics } from '@hcv/messaging';
import { EligibilityRequestConsumer, EligibilityRetryConsumer } from './resolve-eligibility/resolve-eligibility.consumer';
import { TrackBridgeDevicesConsumer } from './track-bridge-devices/track-bridge-devices.consumer';

/** qualification-lookup's consumer groups (→ topics → controllers) and the events it publishes. */
export const QUALIFICATION_LOOKUP_TOPICS: ServiceTopics = {
  service: 'qualification-lookup',
  consumes: [
    consumerGroup({
      group: 'qualification-lookup.resolve',
      purpose: 'answers each eligibility request from its institution’s source (device report, 既存型 bridge, simulator)',
      // Each request stands alone (keyed by session): different sessions of a partition at once.
      ordering: 'key',
      // A request that comes again answers nothing twice: the answer is written once per session
      // (insert-once keyed by it), and a call is made only for a session not answered yet. The
      // processed-event log's check and record per batch would protect nothing. (A request still
      // waiting on the retry topic when it comes again is parked once more: both copies end at the
      // session's one answer or its deadline.)
      idempotent: true,
      // Each request is answered in its own version, so sessions requested before v3 finish as they started.
      // v4: a session on an insurer's own device (the operator named by its code).
      topics: [EligibilityRequestedV4, EligibilityRequestedV3, EligibilityRequestedV2, EligibilityRequestedV1],
      controllers: [EligibilityRequestConsumer],
    }),
    consumerGroup({
      group: 'qualification-lookup.retry',
      // A separate group: parked retries never hold up fresh requests.
      purpose: 'tries again the lookups the guard put off, apart from fresh requests',
      topics: [EligibilityRetryV4, EligibilityRetryV3, EligibilityRetryV2, EligibilityRetryV1],
      controllers: [EligibilityRetryConsumer],
    }),
    consumerGroup({
      group: 'qualification-lookup.bridge-devices',
      purpose: 'keeps the devices the on-site bridges sign their calls with (institution, state, key)',
      topics: [DeviceActivatedV1, DeviceSuspendedV1, DeviceRetiredV1, DeviceCredentialIssuedV1, DeviceCredentialIssuedV2],
      controllers: [TrackBridgeDevicesConsumer],
    }),
  ],
  // v2 and v1 answers and retries only for v2 and v1 requests.
  publishes: [
    QualificationResolvedV4,
    EligibilityRetryV4,
    QualificationResolvedV3,
    EligibilityRetryV3,
    QualificationResolvedV2,
    EligibilityRetryV2,
    QualificationResolvedV1,
    EligibilityRetryV1,
    LookupCircuitChangedV1,
  ],
};
