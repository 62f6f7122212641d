import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import { CardSessionModule, cardSessionStartupCheck } from '@hcv/card-session-service';

void runService({ service: 'card-session', module: CardSessionModule.register, startupCheck: cardSessionStartupCheck, telemetry });
