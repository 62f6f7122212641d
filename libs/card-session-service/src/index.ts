export { CardSessionModule } from './card-session.module';
export { cardSessionOpenApi, CARD_SESSION_ROUTES } from './card-session.openapi';
