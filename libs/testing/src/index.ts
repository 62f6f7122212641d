export { sequencedContract } from './fixtures/test-contracts';
export { waitFor } from './wait-for';
export { startServiceProcess, startPlatformProcesses, PLATFORM_SERVICES, freePort, type ServiceProcess } from './service-processes';
export { connectTestDatabase } from './test-database';
export { startInProcessService, type InProcessService } from './in-process-service';
export { TEST_STAFF_SECRET, testStaffVerifier, testStaffTokens, testStaffToken, asStaff } from './staff-tokens';
export { fhirR4Problems } from './fhir-r4';
export { publishRetrying } from './publish-retrying';
export { discoverRoutes, type DiscoveredRoute } from './http-routes';
