export { DeviceRegistryModule } from './device-registry.module';
