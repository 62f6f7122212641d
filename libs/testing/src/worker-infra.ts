/**
 * Which broker and database server a jest worker uses. The global setup starts one pair per worker
 * and lists them in HCV_TEST_INFRA; worker n (JEST_WORKER_ID, 1-based; '1' in band) takes the n-th.
 */
export interface TestInfraPair {
  kafkaBrokers: string;
  mongoUrl: string;
}

export const TEST_INFRA_ENV = 'HCV_TEST_INFRA';

/**
 * Points KAFKA_BROKERS and MONGO_URL of `env` at this worker's pair. Without a list (HCV_INFRA=none,
 * or servers given from outside) `env` stays as it is.
 */
export function useWorkerInfra(env: NodeJS.ProcessEnv = process.env): void {
  const list = env[TEST_INFRA_ENV];
  if (!list) return;
  const pairs = JSON.parse(list) as TestInfraPair[];
  const worker = Number(env.JEST_WORKER_ID ?? '1');
  const pair = pairs[worker - 1];
  if (!pair)
    throw new Error(
      `jest worker ${worker} has no broker and database of its own (${pairs.length} started): more workers than the global setup knew of`,
    );
  env.KAFKA_BROKERS = pair.kafkaBrokers;
  env.MONGO_URL = pair.mongoUrl;
}
