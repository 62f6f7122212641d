import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import { loadQualificationLookupConfig, QualificationLookupModule, simulatorFromEnv } from '@hcv/qualification-lookup-service';

void runService({
  service: 'qualification-lookup',
  module: (runtime) => {
    const config = loadQualificationLookupConfig();
    return QualificationLookupModule.register(runtime, { nationalSystem: simulatorFromEnv(config), config });
  },
  telemetry,
});
