import { telemetry } from './instrument';
import { runService } from '@hcv/service-kit';
import { DeviceRegistryModule } from '@hcv/device-registry-service';

void runService({ service: 'device-registry', module: DeviceRegistryModule.register, telemetry });
