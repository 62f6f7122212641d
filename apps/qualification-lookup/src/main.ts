import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import {
  loadQualificationLookupConfig,
  QualificationLookupModule,
  type QualificationLookupConfig,
} from '@hcv/qualification-lookup-service';

// The configuration first: a refused one (the simulator with NODE_ENV=production, a source without
// its URL) stops the process before anything connects, with one line on stderr naming the variable.
let config: QualificationLookupConfig;
try {
  config = loadQualificationLookupConfig();
} catch (error) {
  process.stderr.write(`qualification-lookup refuses to start: ${(error as Error).message}\n`);
  process.exit(2);
}

void runService({
  service: 'qualification-lookup',
  module: (runtime) => QualificationLookupModule.register(runtime, { config }),
  telemetry,
});
