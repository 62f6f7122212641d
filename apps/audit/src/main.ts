import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import { AuditModule, auditStartupCheck, loadAuditConsumerSettings, loadDeskClientConfig } from '@hcv/audit-service';
import { OperationsDeskModule } from '@hcv/operations-desk';

void runService({
  service: 'audit',
  module: (runtime) => {
    // the desk's settings: answered at /desk/config.json, and the origins its page may connect to
    const desk = loadDeskClientConfig();
    const { batchGatherMillis } = loadAuditConsumerSettings();
    return AuditModule.register(runtime, {
      desk: () => desk,
      alongside: [OperationsDeskModule.alongsideAudit(runtime, { desk: () => desk, batchGatherMillis })],
    });
  },
  startupCheck: auditStartupCheck,
  // audit is on no verification's path: its fetches fill and its partitions are handled together
  consumers: (env) => {
    const { fetch, partitionsConsumedConcurrently } = loadAuditConsumerSettings(env);
    return { fetch, partitionsConsumedConcurrently };
  },
  telemetry,
});
