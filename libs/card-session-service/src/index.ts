export { CardSessionModule } from './card-session.module';
export { cardSessionStartupCheck, type CardSessionOptions } from './card-session.config';
export { cardSessionOpenApi, CARD_SESSION_ROUTES } from './card-session.openapi';
/** For embedded load runs that call the use cases without HTTP. */
export { SubmitCapturedSessionHandler } from './submit-captured-session/submit-captured-session.handler';
export { OpenSessionHandler } from './open-session/open-session.handler';
export { SubmitCardReadHandler } from './submit-card-read/submit-card-read.handler';
export { PresentVoucherHandler } from './present-voucher/present-voucher.handler';
export { CARD_SESSION_TOPICS } from './card-session.topics';
