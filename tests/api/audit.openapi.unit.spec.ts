import { AuditModule } from '@hcv/audit-service';
import { describeOpenApiConformance } from './support/openapi-conformance';

describeOpenApiConformance('audit', (runtime) => AuditModule.register(runtime));
