import { createLogger } from '@hcv/observability';
import { BridgeWorker } from './bridge-worker';
import { FileTerminal } from './file-terminal';
import { HttpBridgeLink } from './http-bridge-link';
import { loadOqsBridgeConfig } from './oqs-bridge.config';

/**
 * The on-site bridge between a 既存型 資格確認端末 and the platform (README.md beside this file):
 * `npm run oqs-bridge` with the environment of oqs-bridge.config.ts. Stops on SIGINT/SIGTERM after
 * the current question; exit 1 on a configuration error or a credential of another institution.
 */
async function main(): Promise<void> {
  const config = loadOqsBridgeConfig();
  const log = createLogger({ service: 'oqs-bridge' });
  const terminal = new FileTerminal({ ...config.terminal, log });
  await terminal.start();
  const link = new HttpBridgeLink({ ...config.platform });
  const worker = new BridgeWorker({ link, terminal, institutionNumber: config.terminal.institutionNumber, log });
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
  log.info('bridge started', { reqDir: config.terminal.reqDir, resDir: config.terminal.resDir, platform: config.platform.baseUrl });
  try {
    await worker.run(stop.signal, config.platform.fetchIntervalMillis);
  } finally {
    await terminal.stop();
    log.info('bridge stopped');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`oqs-bridge: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
