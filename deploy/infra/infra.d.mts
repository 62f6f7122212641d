// Types for the parts of infra.mjs the TypeScript test setup uses.
export interface InfraState {
  dataDir: string;
  kafkaBrokers: string;
  mongoUrl: string;
  kafka: { port: number; controllerPort: number; dataDir: string };
  mongo: { port: number; dataDir: string };
  pids: { kafka?: number; mongo?: number };
}
export declare function startAll(): Promise<InfraState>;
export declare function stopAll(state: InfraState): Promise<void>;
export declare function killKafka(state: InfraState): Promise<void>;
export declare function startKafka(options: { port: number; controllerPort: number; dataDir: string; timeoutMs?: number }): Promise<number>;
export declare function stopPid(pid: number, options?: { signal?: NodeJS.Signals; graceMs?: number }): Promise<void>;
export declare function fetchJars(): void;
