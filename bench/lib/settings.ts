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
  /**
   * Concurrent callback senders (figures 3 and 6). The project acknowledges a callback only after
   * its group's COMMIT, so each sender waits a little longer than on the bare server; with 8, the
   * server sat idle between groups and the figure measured 8 / latency, not the server's rate.
   * 16 keeps it busy; the bare baseline runs at the same rate either way.
   */
  senders: number('BENCH_SENDERS', 16),
  /** Settled repayments in the store at 1× (each: contract, reservation, order, notification). */
  baseRows: number('BENCH_BASE_ROWS', 1000),
  /** Largest subscriber count (figures 2 and 4). */
  maxSubscribers: number('BENCH_MAX_SUBSCRIBERS', 10_000),
};
