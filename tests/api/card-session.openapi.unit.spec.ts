import { CardSessionModule } from '@hcv/card-session-service';
import { describeOpenApiConformance } from './support/openapi-conformance';

describeOpenApiConformance('card-session', (runtime) => CardSessionModule.register(runtime));
