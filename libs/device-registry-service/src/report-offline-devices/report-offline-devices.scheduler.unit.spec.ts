import { createLogger } from '@hcv/observability';
import type { ServiceRuntime } from '@hcv/platform-runtime';
import type { WithdrawInsurerHandler } from '../withdraw-insurer/withdraw-insurer.handler';
import type { ReportOfflineDevicesHandler } from './report-offline-devices.handler';
import { OfflineSweeper } from './report-offline-devices.scheduler';

describe('the offline sweeper', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sweeps silent devices and due withdrawals every interval from start-up until shutdown', async () => {
    const execute = jest.fn(async () => []);
    const applyDue = jest.fn(async () => []);
    const runtime = { logger: createLogger({ service: 't', level: 'error' }) } as unknown as ServiceRuntime;
    const sweeper = new OfflineSweeper(
      { execute } as unknown as ReportOfflineDevicesHandler,
      { applyDue } as unknown as WithdrawInsurerHandler,
      runtime,
      { offlineAfterMillis: 3_000, sweepEveryMillis: 1_000 },
    );
    sweeper.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(999);
    expect(execute).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(2_001);
    expect(execute).toHaveBeenCalledTimes(3);
    expect(applyDue).toHaveBeenCalledTimes(3);
    sweeper.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(execute).toHaveBeenCalledTimes(3);
    expect(applyDue).toHaveBeenCalledTimes(3);
  });
});
