export { DeviceRegistryModule } from './device-registry.module';
export { deviceRegistryOpenApi, DEVICE_REGISTRY_ROUTES } from './device-registry.openapi';
export { DEVICE_REGISTRY_TOPICS } from './device-registry.topics';
export { deviceRegistryStartupCheck } from './device-registry.config';
