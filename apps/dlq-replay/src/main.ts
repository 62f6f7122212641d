import { parseArgs } from 'node:util';
import { replayDeadLetters } from '@hcv/messaging';
import { kafkaClientSettingsFromEnv } from '@hcv/platform-runtime';

/**
 * `npm run dlq:replay -- --topic <topic> [--group <consumer group>] [--dry-run]` (KAFKA_BROKERS and the
 * services' Kafka TLS/SASL settings — KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_* — from the environment): replays the dead letters of <topic> after a fix, to the group that
 * dead-lettered each one. Prints a JSON report (offsets, groups, reasons, event ids; never a body).
 */
const USAGE = 'usage: npm run dlq:replay -- --topic <topic> [--group <consumer group>] [--dry-run] [--timeout-ms <ms>]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        topic: { type: 'string' },
        group: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'timeout-ms': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!values.topic || !process.env.KAFKA_BROKERS) {
    process.stderr.write(`${!values.topic ? '--topic is required' : 'KAFKA_BROKERS is not set'}\n${USAGE}\n`);
    return 2;
  }
  // The services' own parsing of the Kafka settings: the same brokers, TLS and SCRAM user.
  const { brokers, security } = kafkaClientSettingsFromEnv(process.env);
  const topic = values.topic.endsWith('.dlq') ? values.topic.slice(0, -'.dlq'.length) : values.topic;
  const report = await replayDeadLetters({
    brokers,
    ...(security ? { security } : {}),
    topic,
    ...(values.group ? { group: values.group } : {}),
    dryRun: values['dry-run'],
    ...(values['timeout-ms'] ? { timeoutMillis: Number(values['timeout-ms']) } : {}),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dlq replay failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
