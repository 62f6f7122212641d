import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import { CardSessionModule } from '@hcv/card-session-service';

void runService({ service: 'card-session', module: CardSessionModule.register, telemetry });
