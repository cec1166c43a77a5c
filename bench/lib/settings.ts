/** Knobs shared by the figure scripts (environment overrides for quick or longer runs). */
const number = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number, got ${value}`);
  return parsed;
};

export const settings = {
  /** Rounds per measurement; the median is reported. */
  rounds: number('BENCH_ROUNDS', 3),
  /** Seconds of load per HTTP round. */
  durationSeconds: number('BENCH_DURATION', 5),
  /** Seconds of warm-up load before the rounds. */
  warmupSeconds: number('BENCH_WARMUP', 2),
  /** autocannon connections for queries. */
  connections: number('BENCH_CONNECTIONS', 32),
  /** Concurrent callback senders. */
  senders: number('BENCH_SENDERS', 8),
  /** Settled repayments in the store at 1× (each: contract, reservation, order, notification). */
  baseRows: number('BENCH_BASE_ROWS', 1000),
  /** Largest subscriber count (figures 2 and 4). */
  maxSubscribers: number('BENCH_MAX_SUBSCRIBERS', 10_000),
};
