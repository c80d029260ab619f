// How long a failed message waits before its next attempt: exponential (base, 2·base, 4·base, … capped at
// max) with "equal jitter": a random half of the step is added to a fixed half, so servers that failed
// together (a mail server restart) do not retry in lockstep, yet every wait is at least half its step.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** The wait after the `failedAttempts`-th failure (1 for the first); `random` returns [0, 1). */
export function retryDelayMs(failedAttempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = nominalDelayMs(failedAttempts, policy);
  return Math.round(step / 2 + (step / 2) * random());
}

/** The step before jitter. */
export function nominalDelayMs(failedAttempts: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, Math.min(failedAttempts - 1, 40));
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}
