import mongoose, { type Connection } from 'mongoose';

// Queries fail fast instead of buffering while disconnected: a handler then fails, is retried, and
// its message is not committed — rather than hanging invisibly.
mongoose.set('bufferCommands', false);
mongoose.set('strictQuery', true);

/**
 * Each service owns one database (its name is the service's); no service opens another's. The
 * test server (mongo-java-server) has no transactions, change streams or TTL: nothing here uses them.
 */
export async function connectMongo(options: {
  url: string;
  dbName: string;
  /** Credentials kept out of the URL (MONGO_USERNAME, MONGO_PASSWORD[_FILE]); the URL's authSource applies. */
  auth?: { username: string; password: string };
  /** The CA bundle to trust for TLS (MONGO_TLS_CA_FILE). */
  tlsCAFile?: string;
}): Promise<Connection> {
  const connection = mongoose.createConnection(options.url, {
    dbName: options.dbName,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.tlsCAFile ? { tlsCAFile: options.tlsCAFile } : {}),
    serverSelectionTimeoutMS: 15_000,
    maxPoolSize: 20,
    autoIndex: true,
  });
  return connection.asPromise();
}
