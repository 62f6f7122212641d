import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { InfraState } from '../../../tools/infra/infra.mjs';
import { temporaryFolder } from '@hcv/testing';

const INFRA = join(__dirname, '../../../tools/infra/infra.mjs');
const run = promisify(execFile);

/**
 * A broker and a database server of the test's own, for the faults that kill them: the suite's
 * shared pair (jest global setup) must survive for the other files. The Mongo-wire server uses its
 * H2 file backend so that, like a real mongod, a kill loses nothing it acknowledged; the broker's
 * session timeout is lowered so a restarted node registers again within seconds.
 * Driven through tools/infra/infra.mjs's command line with a state file of its own (a jest test
 * cannot import an ES module); every stop or kill goes to the recorded pids only.
 */
export class PrivateInfra {
  private constructor(
    private readonly stateFile: string,
    private readonly killOnExit: () => void,
  ) {}

  static async start(): Promise<PrivateInfra> {
    const stateFile = join(temporaryFolder('fault-infra'), 'state.json');
    const killOnExit = () => {
      try {
        execFileSync(process.execPath, [INFRA, 'kill-all'], { env: { ...process.env, HCV_INFRA_STATE: stateFile }, stdio: 'ignore' });
      } catch {
        // nothing recorded: nothing to kill
      }
    };
    process.once('exit', killOnExit);
    const infra = new PrivateInfra(stateFile, killOnExit);
    await infra.command('start', { HCV_INFRA_PERSIST_MONGO: '1', HCV_INFRA_BROKER_SESSION_TIMEOUT_MS: '3000' });
    return infra;
  }

  get state(): InfraState {
    return JSON.parse(readFileSync(this.stateFile, 'utf8')) as InfraState;
  }

  async command(
    name: 'start' | 'stop' | 'kill-kafka' | 'kill-mongo' | 'restart-kafka' | 'restart-mongo',
    env: Record<string, string> = {},
  ): Promise<void> {
    try {
      await run(process.execPath, [INFRA, name], { env: { ...process.env, ...env, HCV_INFRA_STATE: this.stateFile }, timeout: 180_000 });
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      throw new Error(`infra ${name} failed: ${stderr ?? (error as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    await this.command('stop');
    process.removeListener('exit', this.killOnExit);
  }
}
