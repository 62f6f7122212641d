/** Polls `check` until it holds; the error names what never happened. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMillis: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMillis} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
