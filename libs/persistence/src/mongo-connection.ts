import { dirname, join } from 'node:path';
import mongoose, { type Connection, type mongo } from 'mongoose';

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
  /**
   * Longest wait for the answer to a command sent (the driver's socketTimeoutMS; its default waits
   * forever). A database that took a command and never answers would otherwise hold the caller —
   * a consumer's batch, and with it every partition it fetched — for good; bounded, the command
   * fails as a network error and is tried again like any outage.
   */
  socketTimeoutMS: number;
}

/**
 * Commands the driver sends for itself, to watch the server and close sessions — not the
 * service's work: never told to `onCommand`.
 */
export const UNCOUNTED_MONGO_COMMANDS: ReadonlySet<string> = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions']);

/** Told of every command the service's connection sends (but `UNCOUNTED_MONGO_COMMANDS`), with its collection ('' for none). */
export type MongoCommandObserver = (command: string, collection: string) => void;

/**
 * The collection a command works on: the value of its first field for most (`find: 'sessions'`,
 * `update`, `insert`, `aggregate`…), `collection` for `getMore`; '' for a database command.
 */
export function commandCollection(event: Pick<mongo.CommandStartedEvent, 'commandName' | 'command'>): string {
  const command = event.command as Record<string, unknown>;
  const target = event.commandName === 'getMore' ? command.collection : command[event.commandName];
  return typeof target === 'string' ? target : '';
}

/** What of the driver's connection class the counting subclass relies on. */
export type DriverConnectionClass = new (...args: never[]) => {
  command(ns: unknown, command: Record<string, unknown>, options?: unknown, responseType?: unknown): Promise<unknown>;
};

/**
 * The connection class of the driver mongoose runs (`undefined` where it cannot be had: no such
 * module, no `command` method, or another copy of the driver than mongoose's — a bundle — whose
 * classes and errors would not be mongoose's). Internal to the driver, not in its public types, but
 * the path every command of a connection takes (operations, handshake, authentication), and the
 * class its `connectionType` client option (internal too: "custom types for modifying core
 * behavior") subclasses. Checked at start-up and by mongo-commands.int.spec.ts.
 */
export function driverConnectionClass(): DriverConnectionClass | undefined {
  try {
    const driver = dirname(require.resolve('mongodb/package.json', { paths: [require.resolve('mongoose')] }));
    /* eslint-disable @typescript-eslint/no-require-imports -- the driver's internal modules, by their resolved paths */
    const { Connection } = require(join(driver, 'lib/cmap/connection')) as { Connection?: DriverConnectionClass };
    const { MongoError } = require(join(driver, 'lib/error')) as { MongoError?: unknown };
    /* eslint-enable @typescript-eslint/no-require-imports */
    if (MongoError !== mongoose.mongo.MongoError) return undefined;
    return typeof Connection?.prototype?.command === 'function' ? Connection : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How a connection counts its commands for `onCommand`, cheapest first: a subclass of the driver's
 * connection (`connectionType`) told of each command as it is sent; where the driver offers none,
 * its command monitoring (`monitorCommands` + `commandStarted`). The monitoring builds a started
 * and a succeeded event per command, copying the command and deserialising the whole reply a
 * second time for the event (2.7 % of audit's busy CPU at 30/s, 1.9 % of card-session's: its
 * finds' cursor replies); the subclass reads the command's name and collection only. Both count the same commands: every one the connection sends
 * (`Connection.command` emits `commandStarted` for each), but `UNCOUNTED_MONGO_COMMANDS`.
 */
export function commandCounting(
  observe: MongoCommandObserver,
  driverConnection: DriverConnectionClass | undefined,
): { connectionType: DriverConnectionClass } | { monitorCommands: true; listen: (client: mongo.MongoClient) => void } {
  if (!driverConnection)
    return {
      monitorCommands: true,
      listen: (client) =>
        client.on('commandStarted', (event) => {
          if (!UNCOUNTED_MONGO_COMMANDS.has(event.commandName)) observe(event.commandName, commandCollection(event));
        }),
    };
  class CountingConnection extends driverConnection {
    override command(ns: unknown, command: Record<string, unknown>, options?: unknown, responseType?: unknown): Promise<unknown> {
      // The command's name is its first field, as the driver's own events read it.
      for (const commandName in command) {
        if (!UNCOUNTED_MONGO_COMMANDS.has(commandName)) observe(commandName, commandCollection({ commandName, command }));
        break;
      }
      return super.command(ns, command, options, responseType);
    }
  }
  return { connectionType: CountingConnection };
}

export const DEFAULT_MONGO_TIMEOUTS: MongoTimeouts = {
  serverSelectionTimeoutMS: 1_000,
  connectTimeoutMS: 2_000,
  startTimeoutMS: 15_000,
  socketTimeoutMS: 60_000,
};

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
  /**
   * Counts the connection's commands (`commandCounting`: as each is sent): every command the service
   * sends, retries and start-up index builds included, but the driver's own monitoring and session
   * housekeeping (`UNCOUNTED_MONGO_COMMANDS`).
   */
  onCommand?: MongoCommandObserver;
}): Promise<Connection> {
  const timeouts = { ...DEFAULT_MONGO_TIMEOUTS, ...options.timeouts };
  const deadline = Date.now() + timeouts.startTimeoutMS;
  const counting = options.onCommand ? commandCounting(options.onCommand, driverConnectionClass()) : undefined;
  for (;;) {
    const connection = mongoose.createConnection(options.url, {
      dbName: options.dbName,
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.tlsCAFile ? { tlsCAFile: options.tlsCAFile } : {}),
      serverSelectionTimeoutMS: timeouts.serverSelectionTimeoutMS,
      connectTimeoutMS: timeouts.connectTimeoutMS,
      socketTimeoutMS: timeouts.socketTimeoutMS,
      maxPoolSize: 20,
      autoIndex: true,
      ...(counting && 'connectionType' in counting ? { connectionType: counting.connectionType } : {}),
      ...(counting && 'monitorCommands' in counting ? { monitorCommands: true } : {}),
    });
    // The client exists once createConnection returned (it connects behind it): listening now
    // counts every command, the first index builds included.
    if (counting && 'listen' in counting) counting.listen(connection.getClient());
    try {
      return await connection.asPromise();
    } catch (error) {
      await connection.close().catch(() => undefined);
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
