/** jest global teardown: stops what the global setup started (by pid or container), nothing else. */
export default async function globalTeardown(): Promise<void> {
  const infra = globalThis.__HCV_INFRA__;
  globalThis.__HCV_INFRA__ = undefined;
  await infra?.stop();
}
