import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/** Live heap in bytes: after a full collection when the process runs with --expose-gc (else it includes garbage). */
function liveHeapBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * Measures only the load phase of an embedded run (seeding the federation takes longer than the
 * load itself and would drown it in a whole-process `--cpu-prof`): the process CPU time spent, the
 * heap it left behind, and optionally a V8 CPU profile written to `profileFile` (read it with
 * apps/bench's profile summary) and a sampling heap profile written to `heapProfileFile`: what the
 * load phase allocated, by allocating function — objects already collected included, so it shows
 * what the garbage collector has to do, not only what stays.
 */
export class LoadPhaseProfiler {
  private session?: Session;
  private cpuAtStart = process.cpuUsage();
  private heapAtStart = 0;

  constructor(
    private readonly profileFile?: string,
    private readonly heapProfileFile?: string,
  ) {}

  async start(): Promise<void> {
    if (this.profileFile || this.heapProfileFile) {
      this.session = new Session();
      this.session.connect();
    }
    if (this.session && this.profileFile) {
      await this.session.post('Profiler.enable');
      await this.session.post('Profiler.start');
    }
    if (this.session && this.heapProfileFile) {
      await this.session.post('HeapProfiler.enable');
      await this.session.post('HeapProfiler.startSampling', {
        samplingInterval: 16_384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    }
    this.heapAtStart = liveHeapBytes();
    this.cpuAtStart = process.cpuUsage();
  }

  /**
   * CPU milliseconds (user + system) since start, and how much the heap grew (what the memory
   * stores kept, plus garbage unless gc is exposed); writes the profile if one was asked for.
   */
  async stop(): Promise<{ cpuMillis: number; heapGrowthBytes: number; heapGcExact: boolean }> {
    const used = process.cpuUsage(this.cpuAtStart);
    const heapGrowthBytes = liveHeapBytes() - this.heapAtStart;
    if (this.session && this.profileFile) {
      const { profile } = await this.session.post('Profiler.stop');
      await writeFile(this.profileFile, JSON.stringify(profile));
    }
    if (this.session && this.heapProfileFile) {
      const { profile } = await this.session.post('HeapProfiler.stopSampling');
      await writeFile(this.heapProfileFile, JSON.stringify(profile));
    }
    this.session?.disconnect();
    return {
      cpuMillis: (used.user + used.system) / 1000,
      heapGrowthBytes,
      heapGcExact: typeof (globalThis as { gc?: unknown }).gc === 'function',
    };
  }
}
