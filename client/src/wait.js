// Polling helper for tests and the CLI.

/** Call `check` every second until it returns a truthy value; throw after `timeoutMs`. */
export async function waitFor (what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
