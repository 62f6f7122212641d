import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/**
 * Measures only the load phase of an embedded run (seeding the federation takes longer than the
 * load itself and would drown it in a whole-process `--cpu-prof`): the process CPU time spent, and
 * optionally a V8 CPU profile written to `profileFile` (read it with apps/bench's profile summary).
 */
export class LoadPhaseProfiler {
  private session?: Session;
  private cpuAtStart = process.cpuUsage();

  constructor(private readonly profileFile?: string) {}

  async start(): Promise<void> {
    if (this.profileFile) {
      this.session = new Session();
      this.session.connect();
      await this.session.post('Profiler.enable');
      await this.session.post('Profiler.start');
    }
    this.cpuAtStart = process.cpuUsage();
  }

  /** CPU milliseconds (user + system) since start; writes the profile if one was asked for. */
  async stop(): Promise<{ cpuMillis: number }> {
    const used = process.cpuUsage(this.cpuAtStart);
    if (this.session && this.profileFile) {
      const { profile } = await this.session.post('Profiler.stop');
      await writeFile(this.profileFile, JSON.stringify(profile));
      this.session.disconnect();
    }
    return { cpuMillis: (used.user + used.system) / 1000 };
  }
}
