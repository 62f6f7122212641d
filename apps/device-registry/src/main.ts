import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import { DeviceRegistryModule, deviceRegistryStartupCheck } from '@hcv/device-registry-service';

void runService({ service: 'device-registry', module: DeviceRegistryModule.register, startupCheck: deviceRegistryStartupCheck, telemetry });
