/**
 * Polls until `check` holds or `seconds` pass, for work another process does
 * on its own time (a forwarder, a retry). It decides nothing: the test's own
 * assertions after it do, so a slow machine waits longer but never passes
 * what it should not.
 */
export async function until(check: () => Promise<boolean>, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
