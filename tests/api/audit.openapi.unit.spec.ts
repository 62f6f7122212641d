import { AuditModule } from '@hcv/audit-service';
import { OperationsDeskModule } from '@hcv/operations-desk';
import { describeOpenApiConformance } from './support/openapi-conformance';

describeOpenApiConformance('audit', (runtime) => AuditModule.register(runtime, { alongside: [OperationsDeskModule.alongsideAudit(runtime)] }));
