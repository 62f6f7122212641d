import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import { describeOpenApiConformance } from './support/openapi-conformance';

describeOpenApiConformance('qualification-lookup', (runtime) => QualificationLookupModule.register(runtime, { nationalSystem: new EligibilitySimulator({ seed: 1, size: 10 }) }));
