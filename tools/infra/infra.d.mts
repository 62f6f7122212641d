// Types for infra.mjs, for the TypeScript test setup and fault tests.
export interface KafkaOptions {
  port: number;
  controllerPort: number;
  dataDir: string;
  /** broker.session.timeout.ms (default 9000): how soon a restarted node may register again. */
  brokerSessionTimeoutMs?: number;
  timeoutMs?: number;
}
export interface InfraState {
  kafkaBrokers: string;
  mongoUrl: string;
  pids: { kafka?: number; mongo?: number };
  dataDir: string;
  kafka: { port: number; controllerPort: number; dataDir: string; brokerSessionTimeoutMs?: number };
  /** persist: the H2 file backend (survives a kill); otherwise the memory backend. */
  mongo: { port: number; dataDir: string; persist?: boolean };
  /** Where this state is recorded (removed by stopAll), if anywhere. */
  stateFile?: string;
}
export declare const KAFKA_VERSION: string;
export declare const MONGO_JAVA_SERVER_VERSION: string;
export declare const statePath: string;
export declare const kafkaJars: string;
export declare const mongoJars: string;
export declare function jarsPresent(): boolean;
export declare function fetchJars(): void;
export declare function freePort(): Promise<number>;
export declare function isAlive(pid: number | undefined): boolean;
/** Sends one signal to a recorded pid (if its command line still contains `marker`); whether it was sent. */
export declare function kill(pid: number | undefined, signal?: NodeJS.Signals, marker?: string): boolean;
/** `signal` (SIGTERM), then SIGKILL after graceMs (10 s); resolves once the pid is gone. */
export declare function stopPid(
  pid: number | undefined,
  options?: { signal?: NodeJS.Signals; graceMs?: number; marker?: string },
): Promise<void>;
export declare function formatKafka(options: KafkaOptions): string;
export declare function startKafka(options: KafkaOptions): Promise<number>;
/** `client`: extra kafkajs options for the probe (ssl, sasl) when the broker is not plaintext. */
export declare function waitForKafka(
  broker: string,
  options?: { timeoutMs?: number; pid?: number; dataDir?: string; client?: Record<string, unknown> },
): Promise<void>;
/**
 * A broker whose only client listener is SASL_SSL (SCRAM-SHA-512 over TLS) on loopback: `certsDir` holds
 * ca.crt and kafka.pem (tools/certs/dev-certs.sh); `users` the SCRAM users, the first being the broker's own.
 */
export declare function startSecureKafka(options: {
  certsDir: string;
  users: Record<string, string>;
  timeoutMs?: number;
}): Promise<{ broker: string; pid: number; dataDir: string; state: Partial<InfraState>; stop(): Promise<void> }>;
/** persist: H2 file backend in dataDir (data survives restartMongo), instead of the memory backend. */
export declare function startMongo(options: { port: number; dataDir?: string; persist?: boolean; timeoutMs?: number }): Promise<number>;
export declare function probe(state: InfraState): Promise<{ kafka: boolean; mongo: boolean }>;
/** Records the state in `stateFile` (default: statePath; null: nowhere). */
export declare function startAll(options?: {
  kafkaPort?: number;
  controllerPort?: number;
  mongoPort?: number;
  stateFile?: string | null;
  persistMongo?: boolean;
  brokerSessionTimeoutMs?: number;
}): Promise<InfraState>;
/** SIGKILL (or `signal`) to the recorded broker; its data dir stays for restartKafka/startKafka. */
export declare function killKafka(state: InfraState, signal?: NodeJS.Signals): Promise<void>;
/** Stops the broker if running (SIGTERM, or `signal`), starts it on the same ports and data dir; updates state.pids.kafka. */
export declare function restartKafka(state: InfraState, options?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<number>;
/** SIGKILL (or `signal`) to the recorded Mongo-wire server; its data dir stays for restartMongo. */
export declare function killMongo(state: InfraState, signal?: NodeJS.Signals): Promise<void>;
/** Stops the Mongo-wire server if running, starts it on the same port and data dir (data kept only with persist); updates state.pids.mongo. */
export declare function restartMongo(state: InfraState, options?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<number>;
export declare function stopAll(state: InfraState): Promise<void>;
/** Synchronous SIGKILL of both recorded pids (if still ours), for a process 'exit' handler. */
export declare function killAllNow(state: InfraState): void;
export declare function readState(file?: string): InfraState | undefined;
export declare function writeState(state: InfraState, file?: string): void;
