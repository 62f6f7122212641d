import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import { QualificationLookupModule, simulatorFromEnv } from '@hcv/qualification-lookup-service';

void runService({
  service: 'qualification-lookup',
  module: (runtime) => QualificationLookupModule.register(runtime, { nationalSystem: simulatorFromEnv() }),
  telemetry,
});
