/** What `run` throws (undefined when it returns), for tests that look into the error itself. */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
