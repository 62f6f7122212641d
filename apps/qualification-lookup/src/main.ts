import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import {
  loadQualificationLookupConfig,
  QualificationLookupModule,
  qualificationLookupStartupCheck,
  type QualificationLookupConfig,
} from '@hcv/qualification-lookup-service';

// The configuration is read once, after the start-up check (runService runs it before anything
// connects: a refused one prints one line naming the variable and exits 2).
let config: QualificationLookupConfig | undefined;

void runService({
  service: 'qualification-lookup',
  module: (runtime) => QualificationLookupModule.register(runtime, { config: (config ??= loadQualificationLookupConfig()) }),
  startupCheck: qualificationLookupStartupCheck,
  telemetry,
});
