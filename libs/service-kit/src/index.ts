export { DomainError, NotFoundError } from '@hcv/domain-errors';
export { parseRequest } from './parse-request';
export { HttpErrorFilter } from './http-error.filter';
export { createHttpApp } from './http-app';
export { runService } from './run-service';
export { RUNTIME, byStorage, type ServiceRuntime, type Storage } from './service-runtime';
export { DEFAULT_PORTS, databaseName, loadServiceEnv, ServiceEnv } from './service-config';
export { HealthController } from './health.controller';
export { DeviceAuthGuard, AuthenticatedDevice, DEVICE_CREDENTIALS, type DeviceCredentials } from './device-auth.guard';
