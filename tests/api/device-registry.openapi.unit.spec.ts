import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { describeOpenApiConformance } from './support/openapi-conformance';

describeOpenApiConformance('device-registry', (runtime) => DeviceRegistryModule.register(runtime));
