import { Module, type DynamicModule } from '@nestjs/common';
import { byStorage, HealthController, RUNTIME, type ServiceRuntime } from '@hcv/service-kit';
import { ActivateDeviceHandler } from './activate-device/activate-device.handler';
import { InMemoryDeviceRepository, MongoDeviceRepository, type DeviceRepository } from './devices/device.repository';
import { DevicesHttpController } from './devices.http.controller';
import { RegisterDeviceHandler } from './register-device/register-device.handler';
import { DEVICE_REPOSITORY } from './tokens';

/** Wiring only: the runtime decides the adapters (Kafka + MongoDB, or in-process + memory). */
@Module({})
export class DeviceRegistryModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: DeviceRegistryModule,
      controllers: [DevicesHttpController, HealthController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        {
          provide: DEVICE_REPOSITORY,
          useFactory: (): DeviceRepository =>
            byStorage<DeviceRepository>(runtime.storage, { mongo: (c) => new MongoDeviceRepository(c), memory: () => new InMemoryDeviceRepository() }),
        },
        {
          provide: RegisterDeviceHandler,
          inject: [DEVICE_REPOSITORY],
          useFactory: (devices: DeviceRepository) => new RegisterDeviceHandler(devices, runtime.publisher, runtime.clock),
        },
        {
          provide: ActivateDeviceHandler,
          inject: [DEVICE_REPOSITORY],
          useFactory: (devices: DeviceRepository) => new ActivateDeviceHandler(devices, runtime.publisher, runtime.clock),
        },
      ],
    };
  }
}
