export { connectMongo } from './mongo-connection';
export { MongoProcessedEventLog } from './mongo-processed-event-log';
export { isDuplicateKeyError } from './duplicate-key';
export { MongoNonceStore } from './mongo-nonce-store';
