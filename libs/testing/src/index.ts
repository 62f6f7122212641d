export { sequencedContract } from './fixtures/test-contracts';
export { outboxStoreContract, type OutboxTestDoc, type OutboxTwin, type OutboxTwinFactory } from './contracts/outbox-store.contract';
export { processedEventLogContract, type ProcessedEventLogFactory } from './contracts/processed-event-log.contract';
export { nonceStoreContract, type NonceStoreFactory } from './contracts/nonce-store.contract';
export { waitFor } from './wait-for';
export { consumerGroupMembers } from './consumer-groups';
export { temporaryFolder } from './temporary-folder';
export { serviceEntry, serviceMain, SERVICE_ENTRY_SETTING, type ServiceEntry } from './service-main';
export {
  startServiceProcess,
  startPlatformProcesses,
  PLATFORM_SERVICES,
  freePort,
  freePorts,
  loggedErrors,
  imageNodeOptions,
  PortTakenError,
  serviceEnvOfTestRun,
  SERVICE_ENV_SETTING,
  type ServiceProcess,
} from './service-processes';
export { connectTestDatabase } from './test-database';
export { startInProcessService, type InProcessService } from './in-process-service';
export { TEST_STAFF_SECRET, testStaffVerifier, testStaffTokens, testStaffToken, asStaff } from './staff-tokens';
export { fhirR4Problems } from './fhir-r4';
export { publishRetrying } from './publish-retrying';
export { discoverRoutes, type DiscoveredRoute } from './http-routes';
export { CARD_VERIFICATION_TRAIL } from './audit-trail';
export {
  EXAMPLE_INSURER_NUMBER,
  EXAMPLE_INSTITUTION_NUMBER,
  EXAMPLE_ONLINE_ELIGIBILITY_CODE,
  EXAMPLE_VOUCHER_NUMBER,
  EXAMPLE_SESSION_ID,
  aVoucher,
  aPresentedVoucher,
  aQualification,
  aSessionPlace,
  anOpenedSession,
  type SessionPlace,
} from './factories';
export { deviceSignatureVectors, type DeviceSignatureVector } from './fixtures/device-signature-vectors';
