export { CardSessionModule } from './card-session.module';
