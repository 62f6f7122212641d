import { telemetry } from './instrument';
import { runService } from '@hcv/service-kit';
import { CardSessionModule } from '@hcv/card-session-service';

void runService({ service: 'card-session', module: CardSessionModule.register, telemetry });
