/**
 * Polls `probe` until it answers something truthy and returns that: how tests wait for a
 * process under test, never with a fixed sleep. Past `ms` it throws, naming what it waited for
 * and the end of the process's output when given.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  { ms = 120_000, every = 250, output }: { ms?: number; every?: number; output?: () => string | undefined } = {},
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > until) throw new Error(`no ${what} within ${ms} ms:\n${output?.()?.slice(-3000) ?? ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
