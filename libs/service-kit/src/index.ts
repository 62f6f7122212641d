export { DomainError, NotFoundError } from '@hcv/domain-errors';
export { parseRequest } from './parse-request';
export { HttpErrorFilter, allowedMethods } from './http-error.filter';
export { createHttpApp } from './http-app';
export { runService } from './run-service';
export { RUNTIME, byStorage, storedIn, type ServiceRuntime, type Storage } from './service-runtime';
export { DEFAULT_PORTS, databaseName, loadServiceEnv, ServiceEnv } from './service-config';
export { HealthController, HealthModule, lifecycle } from './health.controller';
export { DeviceAuthGuard, AuthenticatedDevice, DEVICE_CREDENTIALS, type DeviceCredentials } from './device-auth.guard';
export { openApiDocument, errorsOf, errorBodySchema, PLATFORM_ROUTES, type RouteDoc, type RouteAccess } from './openapi';
export { ApiDocsModule, ApiDocsController, OpenApiController, OPENAPI_DOCUMENT } from './openapi.controller';
export { runEvery, correlationIdFrom } from './run-every';
export { kafkaMongoRuntime } from './kafka-mongo-runtime';
export {
  Public,
  DeviceAuthenticated,
  RequireRoles,
  Staff,
  StaffAccessGuard,
  accessRuleOf,
  assertSiteAccess,
  canSeeSite,
  seesInsuranceNumbers,
} from './staff-access';
export { OUTBOX_RELAY, OutboxRelayRunner, outboxRelayProvider } from './outbox-relay.provider';
export { csvCell, csvText, UTF8_BOM, type CsvValue } from './csv';
export { secretFromEnv } from './secrets';
export { CONTENT_SECURITY_POLICY, nonUtf8Charset, type HttpSecurityOptions } from './http-security';
