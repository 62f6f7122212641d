import mongoose, { type Connection } from 'mongoose';

// Queries fail fast instead of buffering while disconnected: a handler then fails, is retried, and
// its message is not committed — rather than hanging invisibly.
mongoose.set('bufferCommands', false);
mongoose.set('strictQuery', true);

/**
 * How long a request may wait for an unreachable database before it fails (and HTTP answers
 * `503 temporarily-unavailable`). A device waits for its answer: a killed database must answer it
 * within 2 s, not after the driver's default 30 s.
 */
export interface MongoTimeouts {
  /** Longest wait for a server to send an operation to (the driver's serverSelectionTimeoutMS). */
  serverSelectionTimeoutMS: number;
  /** Longest wait to open a TCP connection to it. */
  connectTimeoutMS: number;
  /** How long start-up keeps trying to connect (the database may start after the service). */
  startTimeoutMS: number;
}

export const DEFAULT_MONGO_TIMEOUTS: MongoTimeouts = { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 2_000, startTimeoutMS: 15_000 };

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
  timeouts?: Partial<MongoTimeouts>;
}): Promise<Connection> {
  const timeouts = { ...DEFAULT_MONGO_TIMEOUTS, ...options.timeouts };
  const deadline = Date.now() + timeouts.startTimeoutMS;
  for (;;) {
    const connection = mongoose.createConnection(options.url, {
      dbName: options.dbName,
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.tlsCAFile ? { tlsCAFile: options.tlsCAFile } : {}),
      serverSelectionTimeoutMS: timeouts.serverSelectionTimeoutMS,
      connectTimeoutMS: timeouts.connectTimeoutMS,
      maxPoolSize: 20,
      autoIndex: true,
    });
    try {
      return await connection.asPromise();
    } catch (error) {
      await connection.close().catch(() => undefined);
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
