/** Stops what the global setup started (by pid or container), nothing else. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__HCV_INFRA__?.stop();
}
