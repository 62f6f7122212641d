import { join } from 'node:path';
import type { InfraState } from '../../../deploy/infra/infra.mjs';

type InfraModule = typeof import('../../../deploy/infra/infra.mjs');

/**
 * A broker and a database server of the test's own, for the faults that kill them: the suite's
 * shared pair (jest global setup) must survive for the other files. The Mongo-wire server uses its
 * H2 file backend so that, like a real mongod, a kill loses nothing it acknowledged; the broker's
 * session timeout is lowered so a restarted node registers again within seconds. Both are stopped
 * by their recorded pids (and SIGKILLed by pid should the worker exit without the teardown).
 */
export async function startPrivateInfra(): Promise<{ infra: InfraModule; state: InfraState; stop: () => Promise<void> }> {
  // A real dynamic import: ts-jest compiles `import()` to require(), which cannot load .mjs.
  const importModule = new Function('p', 'return import(p)') as (p: string) => Promise<InfraModule>;
  const infra = await importModule(join(__dirname, '../../../deploy/infra/infra.mjs'));
  const state = await infra.startAll({ stateFile: null, persistMongo: true, brokerSessionTimeoutMs: 3_000 });
  const killOnExit = () => infra.killAllNow(state);
  process.once('exit', killOnExit);
  return {
    infra,
    state,
    stop: async () => {
      await infra.stopAll(state);
      process.removeListener('exit', killOnExit);
    },
  };
}
